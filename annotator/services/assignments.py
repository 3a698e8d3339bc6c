"""Who holds which article: assigning annotators and a reviewer (one article or a batch by filter), and My work.

Only members of the article's collection with a fitting role may hold it (vocab.ASSIGNABLE), and only the
collection's curators and the admins assign. A request is checked whole before anything is written, so a
refused one writes nothing. Every assignment added or removed is an audit event (`assignment.add`,
`assignment.remove`) on its article.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, and_, exists, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload

from annotator.errors import Conflict, InvalidInput, NotFound
from annotator.extensions import db
from annotator.models import Article, Assignment, AuditEvent, Collection, Membership, User
from annotator.schemas import AssignmentCreate
from annotator.services import access, collections, discussion
from annotator.services.collections import assignment_event
from annotator.services.editing import record_event
from annotator.vocab import ASSIGN_BATCH_MAX, ASSIGNABLE, NAV_COUNT_MAX


def assignment_dict(a: Assignment) -> dict[str, Any]:
    return {
        "id": a.id,
        "article_id": a.article_id,
        "username": a.user.username,
        "role": a.role,
        "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
        "created_at": a.created_at.isoformat(),
    }


def assignment_or_404(assignment_id: int, user: User) -> Assignment:
    """The assignment, if `user` may see its article: one query, the rule in its WHERE clause."""
    query = (
        select(Assignment)
        .join(Article, Assignment.article_id == Article.id)
        .options(joinedload(Assignment.user))
        .where(Assignment.id == assignment_id)
    )
    found = db.session.scalar(access.visible(query, user))
    if found is None:
        raise NotFound(f"No assignment {assignment_id}.")
    return found


def holders(article_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """Who holds each article ({username, role}, annotators first), in one query that reads no article."""
    out: dict[int, list[dict[str, str]]] = {i: [] for i in article_ids}
    if article_ids:
        rows = db.session.execute(
            select(Assignment.article_id, User.username, Assignment.role)
            .join(User, Assignment.user_id == User.id)
            .where(Assignment.article_id.in_(article_ids))
            .order_by(Assignment.article_id, Assignment.role, User.username)
        )
        for article_id, username, role in rows:
            out[article_id].append({"username": username, "role": role})
    return out


def listing(user: User, username: str | None, article_id: int | None, collection: str | None) -> list[dict[str, Any]]:
    """The assignments on the articles `user` may see, narrowed to one holder, article or collection."""
    query = (
        select(Assignment)
        .join(Article, Assignment.article_id == Article.id)
        .join(Assignment.user)
        .options(contains_eager(Assignment.user))
        .order_by(Assignment.article_id, Assignment.id)
    )
    if username:
        query = query.where(User.username == username)
    if article_id:
        query = query.where(Assignment.article_id == article_id)
    if collection:
        query = query.where(Article.collection == collection)
    return [assignment_dict(a) for a in db.session.scalars(access.visible(query, user).limit(ASSIGN_BATCH_MAX))]


def _targets(body: AssignmentCreate, by: User) -> tuple[Collection, list[int]]:
    """The collection and the ids of the articles the request covers, all checked visible to `by`."""
    if body.article_id is not None:
        article = access.article_or_404(body.article_id, by)
        if article.collection is None:
            raise InvalidInput(
                f"article {article.id} is in no collection: put it in one before assigning it", "article_id"
            )
        return collections.by_name(article.collection, by), [article.id]
    wanted = body.filter
    assert wanted is not None  # the schema asks for one of the two
    try:
        collection = collections.by_name(wanted.collection, by)
    except NotFound as err:
        raise InvalidInput(str(err), "filter") from None
    query = select(Article.id).where(Article.collection == collection.name).order_by(Article.id)
    if wanted.state:
        query = query.where(Article.review_state == wanted.state)
    if wanted.outlet:
        query = query.where(Article.outlet == wanted.outlet)
    if wanted.unassigned:
        roles = (["annotator"] if body.annotators else []) + (["reviewer"] if body.reviewer else [])
        held = exists().where(Assignment.article_id == Article.id, Assignment.role.in_(roles))
        query = query.where(~held)
    ids = list(db.session.scalars(query.limit(ASSIGN_BATCH_MAX + 1)))
    if len(ids) > ASSIGN_BATCH_MAX:
        raise InvalidInput(f"the filter finds over {ASSIGN_BATCH_MAX:,} articles: narrow it", "filter")
    return collection, ids


def _members(collection: Collection, names: list[str], role: str, field: str) -> list[User]:
    """The named users, each a member of `collection` in a role that may hold a `role` assignment."""
    if not names:
        return []
    found = {
        u.username: (u, r)
        for u, r in db.session.execute(
            select(User, Membership.role)
            .outerjoin(Membership, and_(Membership.user_id == User.id, Membership.collection_id == collection.id))
            .where(User.username.in_(names))
        ).all()
    }
    for name in names:
        if name not in found:
            raise InvalidInput(f"no user is called {name!r}", field)
        member_role = found[name][1]
        if member_role not in ASSIGNABLE[role]:
            fits = " or ".join(r + "s" for r in ASSIGNABLE[role])
            what = (
                f"is {'an' if member_role[0] in 'aeiou' else 'a'} {member_role} there"
                if member_role
                else "is not a member"
            )
            raise InvalidInput(
                f"{name} cannot be the {role} of an article in {collection.name!r}: {what} "
                f"({role}s must be its {fits})",
                field,
            )
    return [found[n][0] for n in names]


def assign(body: AssignmentCreate, by: User) -> dict[str, Any]:
    """Assign the annotators and the reviewer to the articles `body` names; the reviewer replaces another one.

    Returns what was added and removed. Nothing is written unless every part of the request is allowed.
    """
    collection, ids = _targets(body, by)
    collections.check_manager(collection, by)
    annotators = _members(collection, body.annotators, "annotator", "annotators")
    reviewers = _members(collection, [body.reviewer] if body.reviewer else [], "reviewer", "reviewer")
    held: dict[int, list[Assignment]] = defaultdict(list)
    for a in db.session.scalars(
        select(Assignment).options(joinedload(Assignment.user)).where(Assignment.article_id.in_(ids))
    ):
        held[a.article_id].append(a)
    rows: list[dict[str, Any]] = []
    removed: list[Assignment] = []
    for article_id in ids:
        mine = held[article_id]
        have = {(a.user_id, a.role) for a in mine}
        new_annotators = [u for u in annotators if (u.id, "annotator") not in have]
        total = sum(a.role == "annotator" for a in mine) + len(new_annotators)
        if total > collection.annotators_per_article:
            raise InvalidInput(
                f"{collection.name!r} asks for {collection.annotators_per_article} annotator(s) per article; "
                f"article {article_id} would have {total}: remove one first, "
                "or raise the collection's annotators per article",
                "annotators",
            )
        rows += [{"article_id": article_id, "user_id": u.id, "role": "annotator"} for u in new_annotators]
        for u in reviewers:
            if (u.id, "reviewer") not in have:
                removed += [a for a in mine if a.role == "reviewer"]
                rows.append({"article_id": article_id, "user_id": u.id, "role": "reviewer"})
    for a in removed:
        record_event("assignment.remove", by, a.article_id, None, assignment_event(a, a.user.username), None)
        db.session.delete(a)
    db.session.flush()
    names = {u.id: u.username for u in (*annotators, *reviewers)}
    created: list[dict[str, Any]] = []
    if rows:
        try:
            new_ids = db.session.scalars(
                insert(Assignment).returning(Assignment.id, sort_by_parameter_order=True),
                [{**r, "assigned_by_id": by.id} for r in rows],
            ).all()
        except IntegrityError:  # someone assigned the same holder meanwhile (uq_assignment_once)
            db.session.rollback()
            raise Conflict(None, "these articles' assignments changed meanwhile: reload and assign again") from None
        created = [
            {"id": i, "article_id": r["article_id"], "username": names[r["user_id"]], "role": r["role"]}
            for i, r in zip(new_ids, rows, strict=True)
        ]
        db.session.execute(
            insert(AuditEvent),
            [
                {
                    "action": "assignment.add",
                    "user_id": by.id,
                    "article_id": c["article_id"],
                    "after": {"assignment_id": c["id"], "username": c["username"], "role": c["role"]},
                }
                for c in created
            ],
        )
    db.session.commit()
    return {
        "articles": len(ids),
        "created": created,
        "removed": [{"id": a.id, "article_id": a.article_id, "role": a.role} for a in removed],
    }


def unassign(assignment: Assignment, by: User) -> None:
    article = access.article_or_404(assignment.article_id, by)
    if article.collection is not None:
        collections.check_manager(collections.by_name(article.collection, by), by)
    before = assignment_event(assignment, assignment.user.username)
    record_event("assignment.remove", by, assignment.article_id, None, before, None)
    db.session.delete(assignment)
    db.session.commit()


# --- My work ---------------------------------------------------------------------------------------

SECTIONS = ("to_annotate", "to_review", "changes_requested", "mentions")


def _articles(query: Select, user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(access.visible(query, user).order_by(Article.id.desc()).limit(ASSIGN_BATCH_MAX))
    return [
        {
            "article_id": r.id,
            "title": r.title,
            "outlet": r.outlet,
            "collection": r.collection,
            "review_state": r.review_state,
        }
        for r in rows
    ]


def _queues(user: User) -> dict[str, Select]:
    """The article sections of `user`'s work, as queries: to annotate, to review, changes requested."""
    columns = (Article.id, Article.title, Article.outlet, Article.collection, Article.review_state)
    held = select(*columns).join(Assignment, Assignment.article_id == Article.id).where(Assignment.user_id == user.id)
    annotating = exists().where(
        Assignment.article_id == Article.id, Assignment.user_id == user.id, Assignment.role == "annotator"
    )
    return {
        "to_annotate": held.where(
            Assignment.role == "annotator", Assignment.submitted_at.is_(None), Article.review_state == "draft"
        ),
        "to_review": held.where(Assignment.role == "reviewer", Article.review_state == "in_review"),
        "changes_requested": select(*columns).where(
            Article.review_state == "changes_requested", (Article.created_by_id == user.id) | annotating
        ),
    }


def _mentions(user: User) -> list[dict[str, Any]]:
    mentions = discussion.mentions_waiting(user)
    if mentions:  # a mention on an article the user no longer sees waits for nobody
        named = select(Article.id).where(Article.id.in_({m["article_id"] for m in mentions}))
        seen = set(db.session.scalars(access.visible(named, user)))
        mentions = [m for m in mentions if m["article_id"] in seen]
    return mentions


def my_work(user: User) -> dict[str, Any]:
    """What waits for `user`, by section, with counts: to annotate, to review, changes requested, mentions."""
    sections: dict[str, list] = {name: _articles(query, user) for name, query in _queues(user).items()}
    sections["mentions"] = _mentions(user)
    counts = {name: len(items) for name, items in sections.items()}
    return {"counts": counts, "total": sum(counts.values()), "sections": sections}


def waiting(user: User) -> int:
    """How many entries `user`'s work holds, up to one past NAV_COUNT_MAX (the nav's count on every page):
    each section is counted by the database and stops there, so a prolific author's thousands of articles
    with changes requested cost a short scan, not a count of them all."""
    stop = NAV_COUNT_MAX + 1
    counted = 0
    for query in _queues(user).values():
        if counted >= stop:
            break
        limited = access.visible(query, user).limit(stop - counted).subquery()
        counted += db.session.scalar(select(func.count()).select_from(limited)) or 0
    return min(stop, counted + len(_mentions(user)))
