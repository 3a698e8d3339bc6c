"""Independent annotation: each assigned annotator of a multi-annotator collection tags an article alone.

When an article's collection asks for more than one annotator per article, every annotator assigned to it
works on their own copy ("layer") of the detector's suggestions: rows of `Attribution` with their
`layer_user_id`, outside the article's final version (`Article.attributions`, which review and export
read). A layer is copied the first time its annotator opens the article, and is closed when they submit
it (`Assignment.submitted_at`); until then they see nobody else's layer, and nobody sees theirs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from annotator.errors import Forbidden, InvalidInput
from annotator.extensions import db
from annotator.models import Article, Assignment, Attribution, AuditEvent, Collection, Membership, User, utcnow
from annotator.services.editing import attribution_dict, lock_article, record_event
from annotator.services.jobs import active_detection
from annotator.vocab import SPAN_FIELDS

# What a layer copies of a suggestion: the detector's spans and tags, and which detector it was.
COPIED = ("kind", "speaker", "speaker_type", "affiliation", "role", "status", "confidence", "detector")


def collection_of(article: Article) -> Collection | None:
    if article.collection is None:
        return None
    return db.session.scalar(select(Collection).where(Collection.name == article.collection))


def independent(article: Article) -> bool:
    """Whether the article's collection asks for more than one annotator per article."""
    found = collection_of(article)
    return found is not None and found.annotators_per_article > 1


def annotator_assignment(article: Article, user: User) -> Assignment | None:
    return db.session.scalar(
        select(Assignment).where(
            Assignment.article_id == article.id, Assignment.user_id == user.id, Assignment.role == "annotator"
        )
    )


def layer_of(article: Article, user: User) -> int | None:
    """The layer `user` works on in this article: their own (their user id) when they are one of its
    independent annotators, else None (the final version)."""
    if independent(article) and annotator_assignment(article, user) is not None:
        return user.id
    return None


def _opened(article: Article, user_id: int) -> bool:
    # the `layer.open` event marks a layer as made, so one its annotator emptied is not copied again
    return (
        db.session.scalar(
            select(AuditEvent.id)
            .where(
                AuditEvent.article_id == article.id, AuditEvent.action == "layer.open", AuditEvent.user_id == user_id
            )
            .limit(1)
        )
        is not None
    )


def open_layer(article: Article, user: User) -> None:
    """Copy the detector's suggestions into `user`'s layer of the article, unless it was made before or the
    detector is still reading the article (the layer is made once its suggestions are there)."""
    if _opened(article, user.id) or active_detection(article.id) is not None:
        return
    lock_article(article)  # two first openings at once (two tabs) make one copy: the second finds the first's
    if _opened(article, user.id):
        db.session.rollback()
        return
    suggestions = [a for a in article.attributions if a.origin == "model"]
    for a in suggestions:
        copy = Attribution(article_id=article.id, layer_user_id=user.id, origin="model", state="suggested")
        for name in COPIED:
            setattr(copy, name, getattr(a, name))
        for name in SPAN_FIELDS:
            copy.set_span(name, a.span(name))
        db.session.add(copy)
    record_event("layer.open", user, article.id, None, None, {"attributions": len(suggestions)})
    db.session.commit()


def layer_rows(article: Article, user_id: int) -> list[Attribution]:
    """One annotator's layer of the article, in text order."""
    return list(
        db.session.scalars(
            select(Attribution)
            .where(Attribution.article_id == article.id, Attribution.layer_user_id == user_id)
            .order_by(Attribution.content_start, Attribution.id)
        )
    )


def layer_state(article: Article, user: User) -> dict[str, Any] | None:
    """What the page and the API say about the layer `user` holds in the article (None: the final version)."""
    assignment = annotator_assignment(article, user) if independent(article) else None
    if assignment is None:
        return None
    return {
        "user": user.username,
        "submitted_at": assignment.submitted_at.isoformat() if assignment.submitted_at else None,
    }


def writable(article: Article, layer_user_id: int | None) -> None:
    """Refuse a change to a layer its annotator has submitted (the final version is checked elsewhere)."""
    if layer_user_id is None:
        return
    submitted = db.session.scalar(
        select(Assignment.submitted_at).where(
            Assignment.article_id == article.id,
            Assignment.user_id == layer_user_id,
            Assignment.role == "annotator",
        )
    )
    if submitted is not None:
        raise InvalidInput("you have submitted your annotation of this article; it can no longer change", status=409)


def submit(article: Article, user: User) -> Assignment:
    """Hand in `user`'s layer: it is closed, and the curator may adjudicate it with the others."""
    assignment = annotator_assignment(article, user) if independent(article) else None
    if assignment is None:
        raise Forbidden("Only an annotator assigned to this article, in a collection with several, submits a layer.")
    if assignment.submitted_at is not None:
        raise InvalidInput("you have already submitted your annotation of this article", status=409)
    open_layer(article, user)  # a layer never opened is the untouched suggestions
    assignment.submitted_at = utcnow()
    rows = layer_rows(article, user.id)
    record_event("layer.submit", user, article.id, None, None, {"attributions": len(rows)})
    db.session.commit()
    return assignment


def submitted_layers(article: Article) -> dict[str, list[dict[str, Any]]]:
    """The submitted layers of the article by annotator name, each row in its public shape, rejected ones
    left out (an annotator rejecting a suggestion says it is no claim; one left untouched counts as kept)."""
    found = db.session.execute(
        select(User.id, User.username)
        .join(Assignment, Assignment.user_id == User.id)
        .where(
            Assignment.article_id == article.id,
            Assignment.role == "annotator",
            Assignment.submitted_at.is_not(None),
        )
        .order_by(User.username)
    ).all()
    return {
        name: [attribution_dict(a) for a in layer_rows(article, uid) if a.state != "rejected"] for uid, name in found
    }


def independent_summary(article: Article, user: User) -> dict[str, Any] | None:
    """For the article page of a multi-annotator article: how many annotators have submitted, and whether
    `user` may adjudicate (a curator of the collection, or an admin). None for any other article."""
    found = collection_of(article)
    if found is None or found.annotators_per_article < 2:
        return None
    assigned = db.session.execute(
        select(Assignment.submitted_at).where(Assignment.article_id == article.id, Assignment.role == "annotator")
    ).all()
    curator = (
        user.role == "admin"
        or db.session.scalar(
            select(Membership.role).where(Membership.collection_id == found.id, Membership.user_id == user.id)
        )
        == "curator"
    )
    return {
        "collection_id": found.id,
        "wanted": found.annotators_per_article,
        "assigned": len(assigned),
        "submitted": sum(row.submitted_at is not None for row in assigned),
        "curator": curator,
    }


def may_see_layers(article: Article, user: User) -> None:
    """An annotator of the article sees the others' work (agreement, adjudication) only after submitting."""
    assignment = annotator_assignment(article, user)
    if assignment is not None and assignment.submitted_at is None:
        raise Forbidden("Submit your own annotation of this article before seeing the others'.")
