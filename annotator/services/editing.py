"""What editors do to articles and attributions: every change versioned and written to the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from annotator import detector
from annotator.errors import Conflict, InvalidInput
from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent, Batch, Speaker, User
from annotator.nlp.types import Attribution as Detected
from annotator.review.identity import name_key
from annotator.services.access import enter_collection
from annotator.vocab import RECORD_TAGS, SPAN_FIELDS

# What the API shows of an attribution, in this order: the kind before the spans, then the other tags.
PUBLIC_FIELDS = ("id", "version", RECORD_TAGS[0], *SPAN_FIELDS, *RECORD_TAGS[1:])


def attribution_dict(a: Attribution) -> dict[str, Any]:
    """The public shape of an attribution (the API's exact field set)."""
    out: dict[str, Any] = {}
    for field in PUBLIC_FIELDS:
        out[field] = a.span(field) if field in SPAN_FIELDS else getattr(a, field)
    return out


def state_counts(article_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Suggested / accepted / rejected / edited counts per article, in one query."""
    ids = list(article_ids)
    counts: dict[int, dict[str, int]] = {i: {"suggested": 0, "accepted": 0, "rejected": 0, "edited": 0} for i in ids}
    if ids:
        rows = db.session.execute(
            select(Attribution.article_id, Attribution.state, func.count())
            .where(Attribution.article_id.in_(ids), Attribution.layer_user_id.is_(None))
            .group_by(Attribution.article_id, Attribution.state)
        )
        for article_id, state, n in rows:
            counts[article_id][state] = n
    return counts


# What a listing shows of an article: all but the text, which a page of fifty never reads.
LISTED_FIELDS = ("id", "title", "outlet", "byline", "url", "published", "collection", "review_state", "version")


def article_dict(
    article: Article, *, with_text: bool = True, counts: dict | None = None, version: int | None = None
) -> dict[str, Any]:
    """The public shape of an article, with its attributions when the text is included. Its `version` is
    the review version (`review_version_sql`), read here unless a listing passes the one it read."""
    out = {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "byline": article.byline,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "collection": article.collection,
        "review_state": article.review_state,
        "version": review_version(article) if version is None else version,
        "text_hash": article.text_hash,
    }
    if counts is not None:
        out["counts"] = counts
    if with_text:
        out["text"] = article.text
        out["attributions"] = [attribution_dict(a) for a in article.attributions]
    return out


def record_event(
    action: str,
    user: User | None,
    article_id: int | None,
    attribution_id: int | None,
    before: dict | None,
    after: dict | None,
    *,
    batch: Batch | None = None,
) -> None:
    """Add an audit event to the session; it commits with the change it describes (and names the batch,
    services.batches, it was part of)."""
    db.session.execute(
        insert(AuditEvent).values(
            action=action,
            user_id=user.id if user else None,
            article_id=article_id,
            attribution_id=attribution_id,
            batch_id=batch.id if batch else None,
            before=before,
            after=after,
        )
    )


def from_detected(d: Detected) -> Attribution:
    a = Attribution(
        kind=d.kind,
        speaker=d.speaker,
        speaker_type=d.speaker_type,
        affiliation=d.affiliation,
        role=d.role,
        status=d.status,
        confidence=d.confidence,
        origin="model",
        state="suggested",
        detector=d.detector,
    )
    for field in SPAN_FIELDS:
        a.set_span(field, getattr(d, field))
    return a


def create_article(fields: dict[str, Any], user: User | None, *, run_detection: bool = True) -> Article:
    """Store a new article (its text never changes afterwards) with the detector's suggestions."""
    enter_collection(fields.get("collection"), user)
    article = Article(**fields, text_hash=Article.hash_text(fields["text"]), created_by_id=user.id if user else None)
    after: dict[str, Any] = {"title": article.title}
    if run_detection:
        found = detector.detect(article.text)
        article.attributions = [from_detected(d) for d in found]
        if detector.stopped_early(found):
            after[STOPPED_AT] = len(found)
    db.session.add(article)
    db.session.flush()
    record_event("article.create", user, article.id, None, None, {**after, "attributions": len(article.attributions)})
    db.session.commit()
    return article


def add_suggestions(article: Article, found: list[Detected], user: User | None) -> int:
    """Add the detector's suggestions to an article created without them, with an `article.detect` event;
    nothing is committed, so the caller writes them in the same transaction as whatever else says they are in."""
    rows = [from_detected(d) for d in found]
    for row in rows:
        row.article_id = article.id
    db.session.add_all(rows)
    after: dict[str, Any] = {"attributions": len(rows)}
    if detector.stopped_early(found):
        after[STOPPED_AT] = len(found)
    record_event("article.detect", user, article.id, None, None, after)
    return len(rows)


# The key of an article's creation or import event that says detection stopped at the limit, and where.
STOPPED_AT = "detection_stopped_at"


def detection_stopped_at(article: Article) -> int | None:
    """How many suggestions detection stopped at when it reached the attribution limit on this article, else None."""
    events = db.session.scalars(
        select(AuditEvent.after).where(
            AuditEvent.article_id == article.id,
            AuditEvent.action.in_(("article.create", "article.import", "article.detect")),
        )
    )
    return next((e[STOPPED_AT] for e in events if e and e.get(STOPPED_AT)), None)


def _room_for_one_more(article: Article, layer: int | None) -> None:
    """Refuse an attribution past the per-article limit (`MAX_ATTRIBUTIONS_PER_ARTICLE`), counted per layer."""
    limit = detector.attribution_limit()
    same = (Attribution.article_id == article.id, _in_layer(layer))
    count = db.session.scalar(select(func.count()).where(*same)) or 0
    if count >= limit:
        raise InvalidInput(
            f"this article already has {count:,} attributions, the most one article may have "
            f"({limit:,}); delete some before adding another"
        )


def _in_layer(layer: int | None):
    return Attribution.layer_user_id.is_(None) if layer is None else Attribution.layer_user_id == layer


def registered_speaker(values: dict[str, Any]) -> Speaker | None:
    """The registry entry for an editor-confirmed speaker, created if new.

    Called before the attribution itself changes, so that the savepoint around a new
    speaker flushes nothing else (an attribution is flushed once, where staleness is caught).
    """
    name = values.get("speaker")
    if not name or values.get("state") in ("suggested", "rejected"):
        return None
    same = select(Speaker).where(Speaker.key == name_key(name)).order_by(Speaker.id).limit(1)
    speaker = db.session.scalar(same) or _new_speaker(name)
    for field in ("speaker_type", "affiliation", "role"):
        if values.get(field) and not getattr(speaker, field):
            setattr(speaker, field, values[field])
    return speaker


def _new_speaker(name: str) -> Speaker:
    """Add a speaker to the registry; another editor may be adding the same one at this moment."""
    try:
        with db.session.begin_nested():
            speaker = Speaker(name=name, key=name_key(name))
            db.session.add(speaker)
        return speaker
    except IntegrityError:
        return db.session.scalars(select(Speaker).where(Speaker.name == name)).one()


def lock_article(article: Article) -> None:
    """Take the article's row lock first and read its review state and version afresh.

    For the changes that must decide under the lock what they write: a review decision (it waits for the
    claim edits in flight, which hold the row in key-share mode, see `claim_edited`, and keeps new ones
    from committing until it has) and an added claim (the per-article limit). After it they only insert.
    """
    db.session.refresh(article, ["review_state", "version"], with_for_update=True)


def review_version_sql() -> ColumnElement[int]:
    """The review version of an article, as SQL on the `article` row: 1 for a new article, plus one for
    every change to it or to the claims of its final version since.

    It is the article's own counter plus the edits of its claims (each claim's version less 1). An edit
    moves its claim's version on; every other change (an added or deleted claim, a link, a batch, a
    decision, a metadata edit) moves the article's counter (`claims_changed`, `move_review`), a deletion
    by the deleted claim's edits too, so the sum never goes back. A sum rather than one counter on the
    article row: an edit of one claim then writes no row that the edits of the other claims write too,
    and eight editors on one article do not queue on it (bench/load.py).
    """
    claims = (
        select(func.coalesce(func.sum(Attribution.version - 1), 0))
        .where(Attribution.article_id == Article.id, Attribution.layer_user_id.is_(None))
        .correlate(Article)
        .scalar_subquery()
    )
    return Article.version + claims


def review_version(article: Article) -> int:
    """The review version of `article` as committed (see `review_version_sql`)."""
    return db.session.scalar(select(review_version_sql()).where(Article.id == article.id)) or 0


def review_versions(article_ids: Iterable[int]) -> dict[int, int]:
    """The review versions of several articles, in one query."""
    ids = list(article_ids)
    rows = db.session.execute(select(Article.id, review_version_sql()).where(Article.id.in_(ids)))
    return {article_id: version for article_id, version in rows}


def _reopened(article: Article, user: User | None, what: str) -> None:
    """The `article.reopen` event of an approved article whose claims changed: it went back to review."""
    record_event(
        "article.reopen",
        user,
        article.id,
        None,
        {"review_state": "approved"},
        {"review_state": "in_review", "reason": f"{what} after approval"},
    )


def claim_edited(article: Article, user: User | None) -> bool:
    """One claim of the final version was edited: its own version moved the review version on, so the
    article's row is only read, in key-share mode, and an approval is voided. True when this edit voided it.

    Key share lets every other edit of the article pass, and makes a review decision (which takes the row
    for update first, `lock_article`) wait for this one to commit, or this one wait for the decision: an
    approval then either sees the edit in the review version or is reopened here. Reopening writes the
    row; two edits reopening at once queue on it and the second finds the article reopened already.
    """
    state = db.session.scalar(
        select(Article.review_state).where(Article.id == article.id).with_for_update(read=True, key_share=True)
    )
    if state != "approved":
        set_committed_value(article, "review_state", state)
        return False
    reopened = db.session.execute(
        update(Article)
        .where(Article.id == article.id, Article.review_state == "approved")
        .values(review_state="in_review")
        .execution_options(synchronize_session=False)
    )
    set_committed_value(article, "review_state", "in_review")
    if not reopened.rowcount:  # type: ignore[attr-defined]
        return False  # another edit reopened it first: that one says so
    _reopened(article, user, "an attribution changed")
    return True


def claims_changed(article: Article, user: User | None, what: str, removed: int = 0) -> None:
    """Claims or corroborations changed otherwise than by one edit (`claim_edited`): the article's counter
    moves on, by the edits of the claims deleted (`removed`, see `review_version_sql`) too, and an approval
    is voided.

    One statement moves it on and reads the review state it leaves, under the row's write lock: so the
    state is never one this request read earlier (SQLite takes no row lock; an approval committed since
    must still be voided), and two changes at once move the counter twice.

    Lock order: every change writes the rows of its claims first (the attribution, a speaker it registers,
    a corroboration link, its audit event) and calls this last, just before committing. The article's row
    is then held for this statement and the commit only, and no change holds the article while waiting
    for a claim another change holds.
    """
    moved = db.session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values(version=Article.version + 1 + removed)
        .returning(Article.review_state, Article.version),
        execution_options={"synchronize_session": False},
    ).one()
    set_committed_value(article, "review_state", moved.review_state)
    set_committed_value(article, "version", moved.version)
    if article.review_state == "approved":
        article.review_state = "in_review"
        _reopened(article, user, what)


def move_review(article: Article, read_version: int, sources: tuple[str, ...], target: str) -> bool:
    """Move the article to `target` and its counter on, only if it is still at review version `read_version`
    in one of `sources`: decided by the database, so a change committed since the decision was read wins."""
    moved = db.session.execute(
        update(Article)
        .where(Article.id == article.id, review_version_sql() == read_version, Article.review_state.in_(sources))
        .values(review_state=target, version=Article.version + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(article, ["review_state", "version"])
    return bool(moved.rowcount)  # type: ignore[attr-defined]


def _apply(a: Attribution, fields: dict[str, Any]) -> None:
    for field, value in fields.items():
        if field in SPAN_FIELDS:
            a.set_span(field, value)
        else:
            setattr(a, field, value)


def add_attribution(
    article: Article, fields: dict[str, Any], user: User | None, layer: int | None = None
) -> Attribution:
    """An attribution the editor marked by hand, within the per-article limit; in an annotator's own
    layer when `layer` names them (services.layers), else in the final version."""
    state = fields.pop("state", "accepted")
    speaker = registered_speaker({**fields, "state": state})  # a claim's row before the article's
    lock_article(article)
    _room_for_one_more(article, layer)
    a = Attribution(
        article=article,
        layer_user_id=layer,
        origin="editor",
        state=state,
        credibility="unverified",
        confidence=None,
        updated_by_id=user.id if user else None,
        registered_speaker=speaker,
    )
    _apply(a, fields)
    db.session.add(a)
    db.session.flush()
    record_event("attribution.create", user, article.id, a.id, None, attribution_dict(a))
    if layer is None:  # a layer is no version the review reads
        claims_changed(article, user, "an attribution was added")
    db.session.commit()
    return a


# The fields that decide an attribution's speaker registry entry (see registered_speaker).
REGISTRY_FIELDS = ("speaker", "speaker_type", "affiliation", "role", "state")


def update_attribution(a: Attribution, fields: dict[str, Any], version: int, user: User | None) -> dict[str, Any]:
    """Apply an edit made on `version` (checked by schemas.AttributionEdit); a stale one raises Conflict.

    Returns the attribution's public shape as saved, so the caller need not read it again after the commit,
    with `approval_withdrawn`: whether this edit sent the approved article back to review (`claim_edited`).
    """
    if version != a.version:
        raise Conflict(a)
    before = attribution_dict(a)
    changed = {k: v for k, v in fields.items() if before.get(k) != v}
    if not changed:
        return {**before, "approval_withdrawn": False}
    if "state" not in changed and a.origin == "model" and a.state != "rejected":
        # Touching anything but the state of a suggestion means the editor corrected it.
        changed["state"] = "edited"
    # A note or a credibility changed on a claim already in the registry needs no registry query.
    registry = a.speaker_id is None or any(field in changed for field in REGISTRY_FIELDS)
    speaker = registered_speaker({**before, **changed}) if registry else None
    _apply(a, changed)
    a.updated_by_id = user.id if user else None
    if registry and (speaker is not None or not a.speaker):
        a.registered_speaker = speaker
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(db.session.get(Attribution, before["id"])) from None
    after = attribution_dict(a)
    record_event("attribution.update", user, a.article_id, a.id, before, after)
    withdrawn = a.layer_user_id is None and claim_edited(a.article, user)  # a layer is no version the review reads
    db.session.commit()
    return {**after, "approval_withdrawn": withdrawn}


def delete_attribution(a: Attribution, version: Any, user: User | None) -> None:
    """Remove an attribution; its history stays in the audit trail."""
    if version != a.version:
        raise Conflict(a)
    article = a.article
    before = attribution_dict(a)
    db.session.delete(a)
    try:
        db.session.flush()  # the DELETE names the version: a concurrent edit or delete leaves it no row
    except StaleDataError:
        db.session.rollback()
        raise Conflict(db.session.get(Attribution, before["id"])) from None
    record_event("attribution.delete", user, article.id, before["id"], before, None)
    if a.layer_user_id is None:
        claims_changed(article, user, "an attribution was deleted", removed=before["version"] - 1)
    db.session.commit()


def history(attribution_id: int) -> list[dict[str, Any]]:
    """The audit events of one attribution, oldest first."""
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.attribution_id == attribution_id).order_by(AuditEvent.id)
    )
    return [
        {
            "id": e.id,
            "action": e.action,
            "user": e.user.username if e.user else None,
            "at": e.created_at.isoformat(),
            "before": e.before,
            "after": e.after,
            "batch": e.batch_id,
        }
        for e in events
    ]
