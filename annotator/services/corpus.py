"""Moving annotated corpora between the database and the format layer's plain records."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import func, insert, select

from annotator import detector
from annotator.errors import Forbidden, InvalidInput
from annotator.extensions import db
from annotator.formats.records import AttributionRecord, CorpusArticle
from annotator.models import Article, Attribution, AuditEvent, User
from annotator.services.access import enter_collection, not_deleted, visible
from annotator.services.editing import STOPPED_AT
from annotator.vocab import RECORD_TAGS, SPAN_FIELDS

BATCH = 500


def _filtered(collection: str | None, state: str | None, user: User | None):
    """The articles an export covers; `user` None (the command line) covers all of them but the deleted."""
    query = select(Article).where(not_deleted()).order_by(Article.id)
    if user is not None:
        query = visible(query, user)
    if collection:
        query = query.where(Article.collection == collection)
    if state:
        query = query.where(Article.review_state == state)
    return query


ARTICLE_FIELDS = ("id", "text", "title", "outlet", "byline", "url", "published", "collection", "review_state")
ATTRIBUTION_COLUMNS = [
    Attribution.article_id,
    *(getattr(Attribution, f) for f in RECORD_TAGS),
    *(getattr(Attribution, f"{f}_{end}") for f in SPAN_FIELDS for end in ("start", "end")),
]


# Where each tag and span sits in a row of ATTRIBUTION_COLUMNS: an export reads rows by position, as reading
# millions of them by name costs more than the rest of the export (bench/scale.py).
_TAGS = slice(1, 1 + len(RECORD_TAGS))
_SPAN_AT = tuple((field, 1 + len(RECORD_TAGS) + 2 * i) for i, field in enumerate(SPAN_FIELDS))


def _record(row: tuple) -> AttributionRecord:
    spans: dict[str, Any] = {field: None if row[i] is None else (row[i], row[i + 1]) for field, i in _SPAN_AT}
    return AttributionRecord(**dict(zip(RECORD_TAGS, row[_TAGS], strict=True)), **spans)


def export_records(
    collection: str | None = None, state: str | None = None, user: User | None = None
) -> Iterator[CorpusArticle]:
    """The selected articles as records, read a batch at a time so memory stays flat.

    Plain rows rather than ORM objects: an export touches every row once and needs no identity map.
    """
    last_id = 0
    base = _filtered(collection, state, user).with_only_columns(*(getattr(Article, f) for f in ARTICLE_FIELDS))
    while True:
        articles = db.session.execute(base.where(Article.id > last_id).limit(BATCH)).all()
        if not articles:
            return
        ids = [a[0] for a in articles]
        by_article: dict[int, list[AttributionRecord]] = {i: [] for i in ids}
        rows = db.session.execute(
            select(*ATTRIBUTION_COLUMNS)
            .where(Attribution.article_id.in_(ids), Attribution.layer_user_id.is_(None))
            .order_by(Attribution.article_id, Attribution.content_start, Attribution.id)
        )
        for r in rows:
            by_article[r[0]].append(_record(r))
        for a in articles:
            yield CorpusArticle(**dict(zip(ARTICLE_FIELDS[1:], a[1:], strict=True)), attributions=by_article[a[0]])
        last_id = ids[-1]


def count(collection: str | None = None, state: str | None = None, user: User | None = None) -> int:
    """How many articles an export would write."""
    return db.session.scalar(select(func.count()).select_from(_filtered(collection, state, user).subquery())) or 0


def suggestions_for(records: list[CorpusArticle], n_process: int = 1) -> Iterator[list]:
    """The detector's suggestions for each record that came without attributions ([] for the others)."""
    found = detector.detect_many((r.text for r in records if not r.attributions), n_process=n_process)
    for record in records:
        yield [] if record.attributions else next(found)


@dataclass
class Duplicate:
    """A record whose article is already there: the same text at the same URL."""

    record: CorpusArticle
    article_id: int | None  # the article in the database, None for an earlier record of the same import

    def __str__(self) -> str:
        where = f"article {self.article_id}" if self.article_id else "an earlier record of this import"
        return f"{self.record.source_name or self.record.title or 'a record'}: the same text and URL as {where}"


def _key(text: str, url: str | None) -> tuple[str, str]:
    return Article.hash_text(text), url or ""


def split_duplicates(records: list[CorpusArticle]) -> tuple[list[CorpusArticle], list[Duplicate]]:
    """The records to import, and those already in the database or earlier in `records` (same text and URL)."""
    keys = [_key(r.text, r.url) for r in records]
    stored: dict[tuple[str, str], int] = {}
    for i in range(0, len(keys), BATCH):
        hashes = {h for h, _ in keys[i : i + BATCH]}
        rows = db.session.execute(
            select(Article.text_hash, Article.url, Article.id).where(Article.text_hash.in_(hashes)).order_by(Article.id)
        )
        for text_hash, url, article_id in rows:
            stored.setdefault((text_hash, url or ""), article_id)
    fresh, duplicates, seen = [], [], set()
    for record, key in zip(records, keys, strict=True):
        if key in stored or key in seen:
            duplicates.append(Duplicate(record, stored.get(key)))
        else:
            seen.add(key)
            fresh.append(record)
    return fresh, duplicates


def import_records(
    records: Iterable[CorpusArticle],
    user: User | None,
    *,
    collection: str | None = None,
    detected: Iterable[list] | None = None,
    keep_review_state: bool = False,
    progress: Callable[[int], None] = lambda n: None,
) -> tuple[int, int]:
    """Write every record in one transaction (all or nothing); returns the articles and attributions written.

    `detected`, when given, yields the detector's suggestions for each record in order; they are
    added to articles that came without attributions. Every article starts as a draft: a review
    state in a file was never decided here. `keep_review_state` (an admin's choice on the command
    line, `user`) keeps the file's state, and each article's `article.import` event says so and by whom.
    """
    if keep_review_state and (user is None or user.role != "admin"):
        raise Forbidden("only an admin may keep the review states a file carries")
    detections = iter(detected) if detected is not None else None
    limit = detector.attribution_limit()
    user_id = user.id if user else None
    kept_by = user.username if keep_review_state and user else None
    written = attributions = 0
    entered: set[str | None] = set()
    pending = iter(records)
    try:
        # A batch of articles at a time, each table in one statement: an import of a newsroom's archive
        # makes a few statements a batch rather than a few an article.
        while batch := list(islice(pending, BATCH)):
            articles, claims, events = [], [], []
            for record in batch:
                suggestions = next(detections) if detections is not None else []
                if len(record.attributions) > limit:
                    name = record.source_name or record.title or "a record"
                    over = f"{len(record.attributions):,} attributions, over the limit of {limit:,} for one article"
                    raise InvalidInput(f"{name}: {over}")
                if (named := collection or record.collection) not in entered:
                    enter_collection(named, user)
                    entered.add(named)
                articles.append(
                    {
                        "text": record.text,
                        "text_hash": Article.hash_text(record.text),
                        "title": record.title or "",
                        "outlet": record.outlet,
                        "byline": record.byline,
                        "url": record.url,
                        "published": record.published,
                        "collection": collection or record.collection,
                        "review_state": record.review_state if keep_review_state else "draft",
                        "created_by_id": user_id,
                    }
                )
                claims.append((record, suggestions))
            ids = db.session.scalars(insert(Article).returning(Article.id, sort_by_parameter_order=True), articles)
            rows = []
            for article_id, row, (record, suggestions) in zip(ids, articles, claims, strict=True):
                mine = [_row(article_id, a, user_id) for a in record.attributions]
                stopped: dict[str, int] = {}
                if not record.attributions:
                    mine = [_row(article_id, s, user_id, model=True) for s in suggestions]
                    if suggestions and len(suggestions) >= limit:
                        stopped = {STOPPED_AT: len(suggestions)}
                rows += mine
                after = {"title": row["title"], "attributions": len(mine), "from": record.source_name, **stopped}
                after["review_state"] = row["review_state"]
                if kept_by:
                    after["review_state_kept_by"] = kept_by
                elif record.review_state != "draft":
                    after["review_state_in_file"] = record.review_state  # dropped: no review decided it here
                events.append(
                    {"action": "article.import", "user_id": user_id, "article_id": article_id, "after": after}
                )
            if rows:
                db.session.execute(insert(Attribution), rows)
                attributions += len(rows)
            db.session.execute(insert(AuditEvent), events)
            written += len(batch)
            progress(len(batch))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return written, attributions


def _row(article_id: int, a, user_id: int | None, model: bool = False) -> dict:
    row = {
        "article_id": article_id,
        "kind": a.kind,
        "speaker": a.speaker,
        "speaker_type": a.speaker_type,
        "affiliation": a.affiliation,
        "role": a.role,
        "status": a.status,
        "confidence": a.confidence,
        "credibility": "unverified" if model else a.credibility,
        "note": None if model else a.note,
        "origin": "model" if model else a.origin,
        "state": "suggested" if model else a.state,
        "version": 1,
        "updated_by_id": None if model else user_id,
        "detector": a.detector,  # the detector's name on its suggestion, or what the file says
    }
    for field in SPAN_FIELDS:
        span = getattr(a, field)
        row[f"{field}_start"], row[f"{field}_end"] = (span[0], span[1]) if span else (None, None)
    return row
