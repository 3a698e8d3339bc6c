"""The dashboard's figures for a corpus, counted by the database: a few GROUP BYs, never a row per claim in Python.

The database groups the claims by the tags the figures read (outlet, day, status, speaker type,
affiliation, speaker); Python then merges the groups the way the source mix reads them (speaker names
normalised by `review.identity.name_key`, affiliations split at `;`), which is work on distinct values,
not on claims. The result equals `review.source_mix` over the same claims (tests/test_dashboard.py).
"""

from __future__ import annotations

import hashlib
import json
import time as clock
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import BigInteger, Select, and_, case, cast, func, or_, select
from sqlalchemy.exc import IntegrityError

from annotator.extensions import db
from annotator.models import Article, Attribution, AuditEvent, Collection, KeptFigures, utcnow
from annotator.review.identity import name_key
from annotator.review.mix import UNTAGGED, mix_of_counts
from annotator.review.records import split_affiliations, unnamed_tags
from annotator.services import caches
from annotator.services.access import not_deleted
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


def _within(query: Select, visible: tuple[str, ...] | None) -> Select:
    """`query` over Article narrowed to the articles not deleted and in no collection or in one of `visible`
    (None: all)."""
    query = query.where(not_deleted())
    if visible is None:
        return query
    return query.where(or_(Article.collection.is_(None), Article.collection.in_(visible)))


def _claims(view: View, columns: tuple) -> Select:
    """The filtered claims (attributions in `states` of articles in the collection and dates) as `columns`."""
    collection, start, end = view.collection, view.start, view.end
    query = select(*columns).select_from(Attribution).join(Article, Attribution.article_id == Article.id)
    query = _within(query.where(Attribution.state.in_(view.states), Attribution.layer_user_id.is_(None)), view.visible)
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


@dataclass(frozen=True)
class View:
    """What one count covers: the dashboard's figures over its filters, or the collections page's counts,
    over the collections a user may see (`visible`; None for an admin, who sees them all)."""

    what: str  # "dashboard" or "collections"
    visible: tuple[str, ...] | None
    collection: str | None = None
    start: date | None = None
    end: date | None = None
    states: tuple[str, ...] = ()

    def params(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "start": self.start and self.start.isoformat(),
            "end": self.end and self.end.isoformat(),
            "states": list(self.states),
            "visible": None if self.visible is None else sorted(self.visible),
        }

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> View:
        visible = params["visible"]
        return cls(
            what=params["what"],
            visible=None if visible is None else tuple(visible),
            collection=params["collection"],
            start=params["start"] and date.fromisoformat(params["start"]),
            end=params["end"] and date.fromisoformat(params["end"]),
            states=tuple(params["states"]),
        )

    def key(self) -> str:
        return hashlib.sha256(json.dumps(self.params(), sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Counted:
    """A view's figures as a page shows them: `value` None while its first count runs; `as_of` when a job
    counted it (None: counted in this request); `stale` when the corpus changed since (a newer count is due)."""

    value: Any
    as_of: datetime | None
    stale: bool


def corpus_stamp() -> int:
    """Names the corpus's state: every import, new article and change to a claim writes an audit event,
    so the newest event's id moves on with each (an index lookup, where counting rows reads them all)."""
    return db.session.scalar(select(func.max(AuditEvent.id))) or 0


def counted_live() -> bool:
    """Whether the corpus is small enough (by its highest claim id, an index lookup) to count in a request."""
    highest = db.session.scalar(select(func.max(Attribution.id))) or 0
    return highest <= current_app.config["FIGURES_LIVE_MAX_CLAIMS"]


def read(view: View) -> Counted:
    """`view`'s figures: counted now on a small corpus (and kept in this process until it changes, or
    FIGURES_CACHE_SECONDS pass), else the last count a job made."""
    if counted_live():
        seconds = current_app.config["FIGURES_CACHE_SECONDS"]
        kept = caches.cache("figures", FIGURES_CACHE_SIZE, seconds)
        return Counted(kept.get((corpus_stamp(), view), lambda: compute(view)), None, False)
    row = db.session.scalar(select(KeptFigures).where(KeptFigures.view == view.key()))
    if row is None:
        return Counted(None, None, True)
    return Counted(_decode(view.what, row.figures), row.counted_at, row.stamp != corpus_stamp())


def recount(view: View) -> float:
    """Count `view` and keep the result with the stamp the corpus had when the count began (a change
    made meanwhile leaves it stale, so it is counted again); returns the seconds it took. Nothing is
    committed: the job commits the count with its own end."""
    stamp, began = corpus_stamp(), clock.perf_counter()
    value = _encode(compute(view))
    seconds = clock.perf_counter() - began
    row = db.session.scalar(select(KeptFigures).where(KeptFigures.view == view.key()))
    if row is None:
        row = KeptFigures(view=view.key(), params=view.params())
        db.session.add(row)
    row.stamp, row.figures, row.counted_at, row.seconds = stamp, value, utcnow(), seconds
    try:
        db.session.flush()
    except IntegrityError:  # another job kept the same view first: theirs stands until the next change
        db.session.rollback()
    return seconds


def compute(view: View) -> Any:
    if view.what == "collections":
        return collections(view.visible)
    return figures(view)


def _encode(value: Any) -> dict[str, Any]:
    if isinstance(value, CorpusFigures):
        months = [[month, list(counts.items())] for month, counts in value.statuses_by_month]
        return {**asdict(value), "statuses_by_month": months}
    return {"collections": value}


def _decode(what: str, stored: dict[str, Any]) -> Any:
    if what == "collections":
        return [tuple(row) for row in stored["collections"]]
    return CorpusFigures(
        articles=stored["articles"],
        mix=stored["mix"],
        unnamed_by_outlet=[tuple(row) for row in stored["unnamed_by_outlet"]],
        statuses_by_month=[(month, dict(map(tuple, counts))) for month, counts in stored["statuses_by_month"]],
    )


def collections(visible: tuple[str, ...] | None) -> list[tuple[str | None, int, int]]:
    """(collection, articles, attributions other than rejected ones) in the database's order of the names,
    over the articles in `visible` collections or in none."""
    by_name = _within(select(Article.collection, func.count()).group_by(Article.collection), visible)
    articles = db.session.execute(by_name.order_by(Article.collection)).all()
    claims = db.session.execute(
        by_name.select_from(Attribution)
        .join(Article, Attribution.article_id == Article.id)
        .where(Attribution.state != "rejected", Attribution.layer_user_id.is_(None))
    ).all()
    of = {name: n for name, n in claims}
    return [(name, n, of.get(name, 0)) for name, n in articles]


def collection_names(visible: tuple[str, ...] | None) -> list[str]:
    """The collections' names in the database's order: those in `visible`, or all (a table of a few rows)."""
    query = select(Collection.name).order_by(Collection.name)
    if visible is not None:
        query = query.where(Collection.name.in_(visible))
    return list(db.session.scalars(query))


def figures(view: View) -> CorpusFigures:
    """The dashboard's figures over the claims in `states` of the articles within the filters."""

    def grouped(*columns, aggregates: tuple = ()):
        return db.session.execute(_claims(view, (*columns, func.count(), *aggregates)).group_by(*columns)).all()

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
    articles = db.session.scalar(_claims(view, (func.count(func.distinct(Attribution.article_id)),)))
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
