"""Accept many suggestions of an article in one action, and undo that action in one.

A batch is all or nothing: every claim it takes is at the version the editor saw, or nothing is written.
It goes through the save path of `services.editing` and keeps its lock order: the claims' rows (and the
registry rows they add) first, in id order so that two batches never wait on each other crosswise, then
the article's row last (`editing.claims_changed`), just before the commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm.exc import StaleDataError

from annotator.errors import Conflict, InvalidInput, NotFound
from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent, Batch, Speaker, User, utcnow
from annotator.review.identity import name_key
from annotator.services import access, layers
from annotator.services.editing import (
    attribution_dict,
    claims_changed,
    record_event,
    registered_speaker,
    review_version,
)
from annotator.vocab import SPAN_FIELDS


def _matching(article: Article, given: dict[str, Any], layer: int | None) -> Select:
    """The suggestions of `article` that match the filters `given`, in id order (the order they are locked in):
    in the final version, or in the annotator's own layer `layer` (services.layers)."""
    in_layer = Attribution.layer_user_id.is_(None) if layer is None else Attribution.layer_user_id == layer
    query = select(Attribution).where(Attribution.article_id == article.id, in_layer, Attribution.state == "suggested")
    if "min_confidence" in given:
        query = query.where(Attribution.confidence >= given["min_confidence"])
    for field in ("kind", "status", "speaker_type", "detector"):
        if field in given:
            query = query.where(getattr(Attribution, field) == given[field])
    return query.order_by(Attribution.id)


def preview(article: Article, given: dict[str, Any], layer: int | None = None) -> dict[str, Any]:
    """What an accept-many with these filters would take: how many, and the versions to send back."""
    versions = {a.id: a.version for a in db.session.scalars(_matching(article, given, layer))}
    return {"count": len(versions), "versions": versions, "article_version": review_version(article), "filter": given}


def batch_dict(batch: Batch) -> dict[str, Any]:
    return {
        "id": batch.id,
        "article_id": batch.article_id,
        "user": batch.user.username if batch.user else None,
        "filter": batch.filter,
        "size": batch.size,
        "created_at": batch.created_at.isoformat(),
        "undone_at": batch.undone_at.isoformat() if batch.undone_at else None,
        "undone_by": batch.undone_by.username if batch.undone_by else None,
    }


def _stale(message: str) -> Conflict:
    db.session.rollback()
    return Conflict(None, message)


def _names(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")


def accept_many(
    article: Article,
    given: dict[str, Any],
    user: User | None,
    *,
    versions: dict[int, int] | None = None,
    article_version: int | None = None,
    layer: int | None = None,
) -> tuple[Batch, list[dict[str, Any]]]:
    """Accept every suggestion of `article` that matches `given`, as one audited batch; returns it and the
    claims as saved. Stale (`versions` no longer the matching set, or `article_version` moved on): Conflict.

    With `layer`, the suggestions of that annotator's own layer: a layer is no version the review reads, so
    the article's version stays (as for one claim of a layer, services.editing) and `article_version` is not
    asked; the claims' own versions are."""
    if layer is not None:
        layers.writable(article, layer)
        article_version = None
    if article_version is not None and article_version != review_version(article):
        raise _stale("The article changed since you counted its suggestions; nothing was accepted. Count again.")
    claims = list(db.session.scalars(_matching(article, given, layer)))
    if versions is not None:
        now = {a.id: a.version for a in claims}
        differ = sorted({*now.items()} ^ {*versions.items()})
        if differ:
            ids = sorted({claim for claim, _ in differ})
            raise _stale(
                f"The suggestions this filter matches changed since you counted them (claims {_names(ids)}); "
                "nothing was accepted. Count again."
            )
    if not claims:
        raise InvalidInput("No suggestion of this article matches the filter: nothing to accept.")
    # Registry rows first, in the order of their names: two batches adding the same new speakers wait in line.
    by_name = sorted(claims, key=lambda a: (name_key(a.speaker) if a.speaker else "", a.id))
    speakers = {a.id: registered_speaker({**attribution_dict(a), "state": "accepted"}) for a in by_name}
    batch = Batch(
        article_id=article.id,
        user_id=user.id if user else None,
        filter=given,
        size=len(claims),
        speaker_links={str(a.id): a.speaker_id for a in claims},
    )
    db.session.add(batch)
    before = {a.id: attribution_dict(a) for a in claims}
    for a in claims:
        a.state = "accepted"
        a.updated_by_id = user.id if user else None
        if speakers[a.id] is not None or not a.speaker:  # as editing.update_attribution links it
            a.registered_speaker = speakers[a.id]
    try:
        db.session.flush()  # each UPDATE names the claim's version: one changed since leaves it no row
    except StaleDataError:
        raise _stale("A suggestion changed while they were being accepted; nothing was accepted.") from None
    saved = [attribution_dict(a) for a in claims]
    for after in saved:
        record_event("attribution.update", user, article.id, after["id"], before[after["id"]], after, batch=batch)
    record_event(
        "article.accept_many", user, article.id, None, None, {"filter": given, "accepted": len(claims)}, batch=batch
    )
    if layer is None:
        claims_changed(article, user, f"{len(claims)} suggestions were accepted")
    # the batch moved the review version on by one a claim and one for the article (editing.review_version_sql)
    if article_version is not None and review_version(article) != article_version + len(claims) + 1:
        raise _stale("The article changed while its suggestions were being accepted; nothing was accepted.")
    db.session.commit()
    return batch, saved


def batch_or_404(batch_id: int, user: User) -> Batch:
    """A batch on an article `user` may see."""
    batch = db.session.get(Batch, batch_id)
    if batch is None:
        raise NotFound(f"No batch {batch_id}.")
    access.article_or_404(batch.article_id, user)
    return batch


def _changed_since(events: list[AuditEvent], claims: dict[int, Attribution]) -> list[str]:
    """The claims of a batch that someone changed or deleted since, each with who did it last."""
    out = []
    for e in events:
        claim = claims.get(e.attribution_id or 0)
        if claim is not None and claim.version == (e.after or {}).get("version"):
            continue
        last = db.session.scalar(
            select(AuditEvent)
            .where(AuditEvent.attribution_id == e.attribution_id, AuditEvent.id > e.id)
            .order_by(AuditEvent.id.desc())
            .limit(1)
        )
        who = last.user.username if last is not None and last.user else "someone"
        out.append(f"claim {e.attribution_id} ({'edited' if claim is not None else 'deleted'} by {who})")
    return out


def undo(batch: Batch, user: User | None) -> list[dict[str, Any]]:
    """Put every claim of the batch back as it was before it, if nobody changed any since; else Conflict,
    naming what changed, and nothing is written. Returns the claims as saved."""
    if batch.undone_at is not None:
        raise Conflict(None, "This batch was undone already.")
    article = db.session.get(Article, batch.article_id)
    assert article is not None  # the batch goes with its article
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.batch_id == batch.id, AuditEvent.attribution_id.is_not(None))
            .order_by(AuditEvent.attribution_id)
        )
    )
    ids = [e.attribution_id for e in events]
    claims = {a.id: a for a in db.session.scalars(select(Attribution).where(Attribution.id.in_(ids)))}
    changed = _changed_since(events, claims)
    if changed:
        raise _stale(f"Not undone, nothing was changed: since the batch, {'; '.join(changed)}.")
    layer = next((a.layer_user_id for a in claims.values()), None)
    if layer is not None:  # a batch in an annotator's own layer: theirs alone to undo, until they submit
        if user is None or user.id != layer:
            raise NotFound(f"No batch {batch.id}.")
        layers.writable(article, layer)
    current = {a.id: attribution_dict(a) for a in claims.values()}
    # read before anything changes: a query after the first change would flush it outside the stale check below
    links = {int(claim): link for claim, link in batch.speaker_links.items()}
    speakers = {
        s.id: s for s in db.session.scalars(select(Speaker).where(Speaker.id.in_(set(links.values()) - {None})))
    }
    for e in events:
        claim = claims[e.attribution_id or 0]
        for field, value in (e.before or {}).items():
            if field in ("id", "version") or value == (e.after or {}).get(field):
                continue
            if field in SPAN_FIELDS:
                claim.set_span(field, value)
            else:
                setattr(claim, field, value)
        claim.registered_speaker = speakers.get(links.get(claim.id) or 0)
        claim.updated_by_id = user.id if user else None
    try:
        db.session.flush()
    except StaleDataError:
        raise _stale("A claim of the batch changed while it was being undone; nothing was changed.") from None
    saved = [attribution_dict(claims[e.attribution_id or 0]) for e in events]
    for after in saved:
        record_event("attribution.update", user, article.id, after["id"], current[after["id"]], after, batch=batch)
    record_event("article.undo_many", user, article.id, None, None, {"undone": len(saved)}, batch=batch)
    # Two undoes at once: the second finds the batch marked by the first.
    marked = db.session.execute(
        update(Batch)
        .where(Batch.id == batch.id, Batch.undone_at.is_(None))
        .values(undone_at=utcnow(), undone_by_id=user.id if user else None)
        .execution_options(synchronize_session=False)
    )
    if not marked.rowcount:  # type: ignore[attr-defined]
        raise _stale("This batch was undone already.")
    if layer is None:
        claims_changed(article, user, f"an accept of {len(saved)} suggestions was undone")
    db.session.commit()
    db.session.refresh(batch)
    return saved


def article_batches(article: Article) -> list[dict[str, Any]]:
    """The article's batches, newest first."""
    batches = db.session.scalars(select(Batch).where(Batch.article_id == article.id).order_by(Batch.id.desc()))
    return [batch_dict(b) for b in batches]
