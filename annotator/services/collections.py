"""Collections and their members: who works on a collection, in which role, and how many annotate each article.

A collection is seen by its members and the admins only (a non-member gets NotFound, as for a missing one);
its members, its settings and its assignments are managed by its curators and the admins (Forbidden for the
other members). Every change to the team is written to the audit trail.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from annotator.errors import Conflict, Forbidden, InvalidInput, NotFound
from annotator.extensions import db
from annotator.models import Article, Assignment, Collection, Membership, User
from annotator.services import access
from annotator.services.access import is_admin, role_in
from annotator.services.editing import record_event
from annotator.vocab import ASSIGNABLE


def collection_or_404(collection_id: int, user: User) -> Collection:
    """The collection, if `user` is a member or an admin; NotFound otherwise."""
    return access.collection_or_404(collection_id, user)


def by_name(name: str, user: User) -> Collection:
    """The named collection, if `user` may see it; NotFound otherwise (the CLI and batch filters name them)."""
    found = db.session.scalar(select(Collection).where(Collection.name == name))
    if found is None or not (is_admin(user) or role_in(found.name, user) is not None):
        raise NotFound(f"No collection {name!r}.")
    return found


def may_manage(collection: Collection, user: User) -> bool:
    return is_admin(user) or role_in(collection.name, user) == "curator"


def check_manager(collection: Collection, user: User) -> None:
    if not may_manage(collection, user):
        raise Forbidden(f"only the curators of {collection.name!r} and the admins manage it")


def member_or_404(collection: Collection, membership_id: int) -> Membership:
    found = db.session.get(Membership, membership_id, options=[selectinload(Membership.user)])
    if found is None or found.collection_id != collection.id:
        raise NotFound(f"No member {membership_id} in this collection.")
    return found


def visible_collections(user: User) -> list[Collection]:
    """The collections `user` may see (all of them for an admin), by name."""
    query = select(Collection).order_by(Collection.name)
    if not is_admin(user):
        query = query.join(Membership, Membership.collection_id == Collection.id).where(Membership.user_id == user.id)
    return list(db.session.scalars(query))


def listing(user: User) -> list[dict[str, Any]]:
    """The collections `user` may see, each with its member and article counts and `user`'s role, in 3 queries."""
    found = visible_collections(user)
    ids = [c.id for c in found]
    members = dict(
        db.session.execute(
            select(Membership.collection_id, func.count())
            .where(Membership.collection_id.in_(ids))
            .group_by(Membership.collection_id)
        ).all()
    )
    names = [c.name for c in found]
    articles = dict(
        db.session.execute(
            select(Article.collection, func.count(Article.id))
            .where(Article.collection.in_(names))
            .group_by(Article.collection)
        ).all()
    )
    roles = select(Membership.collection_id, Membership.role).where(Membership.user_id == user.id)
    mine = dict(db.session.execute(roles).all())
    return [
        collection_dict(c, members=members.get(c.id, 0), articles=articles.get(c.name, 0), role=mine.get(c.id))
        for c in found
    ]


def collection_dict(c: Collection, **extra: Any) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "annotators_per_article": c.annotators_per_article, **extra}


def member_dict(m: Membership) -> dict[str, Any]:
    return {"id": m.id, "username": m.user.username, "role": m.role, "since": m.created_at.isoformat()}


def members(collection: Collection) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Membership)
        .where(Membership.collection_id == collection.id)
        .options(selectinload(Membership.user))
        .order_by(Membership.id)
    )
    return [member_dict(m) for m in rows]


def details(collection: Collection, user: User) -> dict[str, Any]:
    """A collection as its page and `GET /api/collections/<id>` show it."""
    articles = db.session.scalar(select(func.count(Article.id)).where(Article.collection == collection.name))
    return collection_dict(
        collection,
        articles=articles or 0,
        role=role_in(collection.name, user),
        may_manage=may_manage(collection, user),
        members=members(collection),
    )


def assignment_event(a: Assignment, username: str) -> dict[str, Any]:
    """What the audit trail keeps of an assignment added or removed."""
    return {"assignment_id": a.id, "username": username, "role": a.role}


def _audit(action: str, user: User | None, before: dict | None, after: dict | None) -> None:
    record_event(action, user, None, None, before, after)


def create(name: str, annotators_per_article: int, user: User) -> Collection:
    """A new collection with `user` as its curator."""
    if db.session.scalar(select(Collection.id).where(Collection.name == name)) is not None:
        raise InvalidInput(f"a collection called {name!r} exists already", "name", status=409)
    collection = Collection(name=name, annotators_per_article=annotators_per_article)
    collection.members.append(Membership(user_id=user.id, role="curator"))
    db.session.add(collection)
    db.session.flush()
    _audit("collection.create", user, None, {"collection": name, "annotators_per_article": annotators_per_article})
    db.session.commit()
    return collection


def set_annotators(collection: Collection, count: int, user: User) -> Collection:
    check_manager(collection, user)
    if collection.annotators_per_article != count:
        before = {"collection": collection.name, "annotators_per_article": collection.annotators_per_article}
        collection.annotators_per_article = count
        _audit("collection.update", user, before, {"collection": collection.name, "annotators_per_article": count})
        db.session.commit()
    return collection


def _user_named(username: str) -> User:
    found = db.session.scalar(select(User).where(User.username == username))
    if found is None:
        raise InvalidInput(f"no user is called {username!r}", "username")
    return found


def add_member(collection: Collection, username: str, role: str, by: User | None) -> Membership:
    """`username` joins the collection as `role`; `by` None is the command line, which answers for itself."""
    if by is not None:
        check_manager(collection, by)
    user = _user_named(username)
    if db.session.scalar(
        select(Membership.id).where(Membership.collection_id == collection.id, Membership.user_id == user.id)
    ):
        raise Conflict(None, f"{username} is a member of {collection.name!r} already: change their role instead")
    membership = Membership(collection_id=collection.id, user_id=user.id, role=role)
    db.session.add(membership)
    db.session.flush()
    _audit("member.add", by, None, {"collection": collection.name, "username": username, "role": role})
    db.session.commit()
    return membership


def _curators_left(collection: Collection, without: Membership) -> int:
    return (
        db.session.scalar(
            select(func.count()).where(
                Membership.collection_id == collection.id, Membership.role == "curator", Membership.id != without.id
            )
        )
        or 0
    )


def _keep_a_curator(collection: Collection, membership: Membership) -> None:
    """A collection keeps at least one curator: otherwise only an admin could ever manage it again."""
    if membership.role == "curator" and not _curators_left(collection, membership):
        name = membership.user.username
        raise InvalidInput(f"{name} is the last curator of {collection.name!r}: name another curator first", "role")


def _drop_assignments(collection: Collection, membership: Membership, by: User, keep: tuple[str, ...] = ()) -> None:
    """Remove (audited) the member's assignments on the collection's articles, but those in the roles `keep`."""
    username = membership.user.username
    held = db.session.scalars(
        select(Assignment)
        .join(Article, Assignment.article_id == Article.id)
        .where(Article.collection == collection.name, Assignment.user_id == membership.user_id)
        .where(Assignment.role.not_in(keep))
    )
    for assignment in held:
        record_event("assignment.remove", by, assignment.article_id, None, assignment_event(assignment, username), None)
        db.session.delete(assignment)


def change_role(collection: Collection, membership: Membership, role: str, by: User) -> Membership:
    """The member's new role; the assignments it may no longer hold (vocab.ASSIGNABLE) go (audited)."""
    check_manager(collection, by)
    if membership.role != role:
        _keep_a_curator(collection, membership)
        who = {"collection": collection.name, "username": membership.user.username}
        before = {**who, "role": membership.role}
        membership.role = role
        _drop_assignments(collection, membership, by, keep=tuple(a for a, fits in ASSIGNABLE.items() if role in fits))
        _audit("member.update", by, before, {**who, "role": role})
        db.session.commit()
    return membership


def remove_member(collection: Collection, membership: Membership, by: User) -> None:
    """The member leaves the collection; their assignments on its articles go with them (audited)."""
    check_manager(collection, by)
    _keep_a_curator(collection, membership)
    before = {"collection": collection.name, "username": membership.user.username, "role": membership.role}
    _drop_assignments(collection, membership, by)
    db.session.delete(membership)
    _audit("member.remove", by, before, None)
    db.session.commit()
