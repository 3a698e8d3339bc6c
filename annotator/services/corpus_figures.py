"""The dashboard's figures for a corpus, counted by the database: a few GROUP BYs, never a row per claim in Python.

The database groups the claims by the tags the figures read (outlet, day, status, speaker type,
affiliation, speaker); Python then merges the groups the way the source mix reads them (speaker names
normalised by `review.identity.name_key`, affiliations split at `;`), which is work on distinct values,
not on claims. The result equals `review.source_mix` over the same claims (tests/test_dashboard.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import BigInteger, Select, and_, case, cast, func, or_, select

from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent
from annotator.review.identity import name_key
from annotator.review.mix import UNTAGGED, mix_of_counts
from annotator.review.records import split_affiliations, unnamed_tags
from annotator.services import caches
from annotator.vocab import FIGURES_CACHE_SIZE

NO_OUTLET = "(no outlet)"
# Packs a claim's (position, id) into one integer, so MIN finds the first claim in text order.
_ID_SPAN = 2**32


@dataclass(frozen=True)
class CorpusFigures:
    """What the dashboard draws: counts, the source mix, unnamed shares by outlet, statuses by month."""

    articles: int
    mix: dict[str, Any]
    # (outlet, share of its claims on unnamed sources), highest share first
    unnamed_by_outlet: list[tuple[str, float]]
    # (YYYY-MM, {status or None: claims}), oldest month first
    statuses_by_month: list[tuple[str, dict[str | None, int]]]


def _position():
    """Where a claim starts in the text: the earliest of its content, cue and source (review.records.position)."""
    content, cue, source = Attribution.content_start, Attribution.cue_start, Attribution.source_start
    first = case((cue < content, cue), else_=content)  # a NULL comparison is not true: NULL spans drop out
    return case((source < first, source), else_=first)


def _claims(
    columns: tuple,
    collection: str | None,
    start: date | None,
    end: date | None,
    states: tuple[str, ...],
    seen: Seen,
) -> Select:
    """The filtered claims (attributions in `states` of articles in the collection and dates, among those the
    user sees) as `columns`."""
    query = select(*columns).select_from(Attribution).join(Article, Attribution.article_id == Article.id)
    query = _within(query.where(Attribution.state.in_(states)), seen)
    if collection:
        query = query.where(Article.collection == collection)
    # An article's day is its publication date, else the day it was added. Spelled as conditions on each
    # column rather than on their COALESCE, so the indexes on published and created_at can serve them.
    if start:
        after = datetime.combine(start, time())
        query = query.where(
            or_(Article.published >= start, and_(Article.published.is_(None), Article.created_at >= after))
        )
    if end:
        before = datetime.combine(end + timedelta(days=1), time())
        query = query.where(
            or_(Article.published <= end, and_(Article.published.is_(None), Article.created_at < before))
        )
    return query


# What a user sees (services.access.scope): "admin", or the names of their collections; part of every
# cache key, so one user's figures never answer another who sees less.
Seen = str | frozenset[str]


def _within(query: Select, seen: Seen) -> Select:
    """`query` over Article narrowed to the articles in no collection or in the collections of `seen`."""
    if seen == "admin":
        return query
    return query.where(or_(Article.collection.is_(None), Article.collection.in_(sorted(seen))))


def corpus_stamp() -> int:
    """Names the corpus's state: every import, new article and change to a claim writes an audit event,
    so the newest event's id moves on with each (an index lookup, where counting rows reads them all)."""
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def _kept(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` kept in this process until the corpus changes, or FIGURES_CACHE_SECONDS pass: a change
    whose event id is below the newest when it commits (two writers at once) is seen within that time."""
    seconds = current_app.config["FIGURES_CACHE_SECONDS"]
    return caches.cache("figures", FIGURES_CACHE_SIZE, seconds).get((corpus_stamp(), *key), compute)


def dashboard(
    collection: str | None, start: date | None, end: date | None, states: tuple[str, ...], seen: Seen
) -> CorpusFigures:
    """`figures`, kept until the corpus changes: over a newsroom's corpus they take seconds to count."""
    key = ("dashboard", seen, collection, start, end, states)
    return _kept(key, lambda: figures(collection, start, end, states, seen))


def collections(seen: Seen) -> list[tuple[str | None, int, int]]:
    """(collection, articles, attributions other than rejected ones) in the database's order of the names,
    over the articles `seen` covers, kept as `dashboard` is."""

    def count() -> list[tuple[str | None, int, int]]:
        by_name = _within(select(Article.collection, func.count()).group_by(Article.collection), seen)
        articles = db.session.execute(by_name.order_by(Article.collection)).all()
        claims = db.session.execute(
            by_name.select_from(Attribution)
            .join(Article, Attribution.article_id == Article.id)
            .where(Attribution.state != "rejected")
        ).all()
        of = {name: n for name, n in claims}
        return [(name, n, of.get(name, 0)) for name, n in articles]

    return _kept(("collections", seen), count)


def collection_names(seen: Seen) -> list[str]:
    """The names of the collections `seen` covers that hold articles, in the database's order, kept as
    `dashboard` is."""
    query = select(Article.collection).where(Article.collection.is_not(None)).distinct().order_by(Article.collection)
    return _kept(("collection names", seen), lambda: list(db.session.scalars(_within(query, seen))))


def figures(
    collection: str | None, start: date | None, end: date | None, states: tuple[str, ...], seen: Seen = "admin"
) -> CorpusFigures:
    """The dashboard's figures over the claims in `states` of the articles within the filters and `seen`."""

    def grouped(*columns, aggregates: tuple = ()):
        return db.session.execute(
            _claims((*columns, func.count(), *aggregates), collection, start, end, states, seen).group_by(*columns)
        ).all()

    day = func.coalesce(Article.published, func.date(Article.created_at))
    total = 0
    unnamed = 0
    statuses: Counter = Counter()
    speaker_types: Counter = Counter()
    outlets: defaultdict[str, Counter] = defaultdict(Counter)
    first_seen: dict[str, int] = {}
    for outlet, status, speaker_type, n, first_article in grouped(
        Article.outlet, Attribution.status, Attribution.speaker_type, aggregates=(func.min(Article.id),)
    ):
        name = outlet or NO_OUTLET
        is_unnamed = unnamed_tags(status, speaker_type)
        total += n
        unnamed += n * is_unnamed
        statuses[status or UNTAGGED] += n
        speaker_types[speaker_type or UNTAGGED] += n
        outlets[name]["all"] += n
        outlets[name]["unnamed"] += n * is_unnamed
        first_seen[name] = min(first_seen.get(name, first_article), first_article)
    months: defaultdict[str, Counter] = defaultdict(Counter)
    for published, status, n in grouped(day, Attribution.status):
        months[published.strftime("%Y-%m")][status] += n
    by_affiliation: Counter = Counter()
    for affiliation, n in grouped(Attribution.affiliation):
        for name in split_affiliations(affiliation) or (UNTAGGED,):
            by_affiliation[name] += n
    by_speaker = _speakers(
        grouped(Attribution.speaker, aggregates=(func.min(cast(_position(), BigInteger) * _ID_SPAN + Attribution.id),))
    )
    articles = db.session.scalar(
        _claims((func.count(func.distinct(Attribution.article_id)),), collection, start, end, states, seen)
    )
    # the outlet first seen (lowest article id) first among equal shares, as the charts always drew them
    by_outlet = sorted(
        ((name, n["unnamed"] / n["all"]) for name, n in sorted(outlets.items(), key=lambda kv: first_seen[kv[0]])),
        key=lambda r: -r[1],
    )
    return CorpusFigures(
        articles=articles or 0,
        mix=mix_of_counts(total, speaker_types, statuses, by_affiliation, by_speaker, unnamed),
        unnamed_by_outlet=by_outlet,
        statuses_by_month=sorted((month, dict(counts)) for month, counts in months.items()),
    )


def _speakers(rows) -> Counter:
    """Claims by distinct source: spellings with one name key count under the first in text order."""
    counts: Counter = Counter()
    first: dict[str, tuple[int, str]] = {}
    for speaker, n, order in rows:
        key = name_key(speaker)
        if key is None:  # an unresolved speaker could be anyone, so it is no distinct source
            continue
        counts[key] += n
        if key not in first or order < first[key][0]:
            first[key] = (order, (speaker or "").strip())
    by_label: Counter = Counter()
    for key, n in counts.items():
        by_label[first[key][1]] += n
    return by_label
