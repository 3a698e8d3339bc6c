"""Corroboration links between attributions: a claim backed by another, independent source."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from annotator.errors import Conflict, InvalidInput
from annotator.extensions import db
from annotator.models import Attribution, Corroboration, User
from annotator.review.credibility import independent
from annotator.services.editing import claims_changed, record_event
from annotator.services.reviewing import claim_of


def link(a: Attribution, other_id: int, user: User | None) -> Corroboration:
    """Record that `other_id` corroborates `a`; it must be another claim of the article, from another source.

    Like an edit of a claim, a link moves the review version on and reopens an approved article. A link
    that exists already is a conflict (409), whether it was made before or at the same moment: the
    database's unique constraint decides, so two identical requests cannot both win.
    """
    other = db.session.get(Attribution, other_id)
    if other is None or other.article_id != a.article_id:
        raise InvalidInput("the corroborating attribution must belong to the same article", "corroborating_id")
    if other.id == a.id:
        raise InvalidInput("an attribution cannot corroborate itself", "corroborating_id")
    # the same rule as the "corroborated" badge, so every link the service accepts shows on the claim
    if not independent(claim_of(a), claim_of(other)):
        raise InvalidInput(
            "corroboration needs an independent source: both claims need a speaker, a different one "
            f"({a.speaker or 'none'} / {other.speaker or 'none'}), with no affiliation in common",
            "corroborating_id",
        )
    attribution_id = a.id  # `a` is expired by a rollback below, and may be gone
    row = Corroboration(
        attribution_id=attribution_id, corroborating_id=other_id, created_by_id=user.id if user else None
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        if _linked(attribution_id, other_id):
            raise Conflict(None, f"attribution {other_id} is already linked as corroborating this one") from None
        # the other constraint a valid link can meet: one of the claims was deleted meanwhile
        raise Conflict(None, "one of these attributions was deleted meanwhile; reload the article") from None
    record_event("corroboration.add", user, a.article_id, attribution_id, None, {"corroborating_id": other_id})
    claims_changed(a.article, user, "a corroboration was linked")
    db.session.commit()
    return row


def _linked(attribution_id: int, other_id: int) -> Corroboration | None:
    return db.session.scalar(select(Corroboration).filter_by(attribution_id=attribution_id, corroborating_id=other_id))


def unlink(a: Attribution, other_id: int, user: User | None) -> bool:
    """Remove a corroboration link (reopening an approved article, like any change); False when there was none."""
    # One statement finds and deletes the link, so of two removals at once only one finds it.
    removed = db.session.execute(
        delete(Corroboration)
        .where(Corroboration.attribution_id == a.id, Corroboration.corroborating_id == other_id)
        .execution_options(synchronize_session=False)
    )
    if not removed.rowcount:  # type: ignore[attr-defined]
        db.session.rollback()
        return False
    record_event("corroboration.remove", user, a.article_id, a.id, {"corroborating_id": other_id}, None)
    claims_changed(a.article, user, "a corroboration was removed")
    db.session.commit()
    return True


def linked_ids(attribution_id: int) -> list[int]:
    """Ids of the attributions corroborating attribution `attribution_id` (by id: once a link is committed,
    another editor may delete the claim before this reads, and then none are left)."""
    return list(
        db.session.scalars(
            select(Corroboration.corroborating_id)
            .where(Corroboration.attribution_id == attribution_id)
            .order_by(Corroboration.id)
        )
    )
