"""Corroboration links between attributions: a claim backed by another, independent source."""

from __future__ import annotations

from sqlalchemy import select

from annotator.errors import InvalidInput
from annotator.extensions import db
from annotator.models import Attribution, Corroboration, User
from annotator.review.credibility import independent
from annotator.services.editing import record_event
from annotator.services.reviewing import claim_of


def link(a: Attribution, other_id: int, user: User | None) -> Corroboration:
    """Record that `other_id` corroborates `a`; it must be another claim of the article, from another source."""
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
    existing = db.session.scalar(select(Corroboration).filter_by(attribution_id=a.id, corroborating_id=other.id))
    if existing:
        return existing
    row = Corroboration(attribution_id=a.id, corroborating_id=other.id, created_by_id=user.id if user else None)
    db.session.add(row)
    record_event("corroboration.add", user, a.article_id, a.id, None, {"corroborating_id": other.id})
    db.session.commit()
    return row


def unlink(a: Attribution, other_id: int, user: User | None) -> bool:
    """Remove a corroboration link; False when there was none."""
    row = db.session.scalar(select(Corroboration).filter_by(attribution_id=a.id, corroborating_id=other_id))
    if row is None:
        return False
    db.session.delete(row)
    record_event("corroboration.remove", user, a.article_id, a.id, {"corroborating_id": other_id}, None)
    db.session.commit()
    return True


def linked_ids(a: Attribution) -> list[int]:
    """Ids of the attributions corroborating `a`."""
    return list(
        db.session.scalars(
            select(Corroboration.corroborating_id)
            .where(Corroboration.attribution_id == a.id)
            .order_by(Corroboration.id)
        )
    )
