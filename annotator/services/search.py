"""Search and filters over claims and articles, on the database's own full-text index.

The indexes (migration 0017_full_text_search) are SQLite FTS5 tables or PostgreSQL tsvector tables kept
by triggers; a query's terms come from annotator.search_terms as plain words, bound as values. Results
are newest first and never read an article's text but for the slice a claim's snippet shows, taken in SQL.
A page is read with one row more than it shows, which says whether another page follows. Only a listing
filtered on the articles' own columns is counted: counting the matches of a word or a claim filter would
walk all of them (millions of claims) where a page stops at its last row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, column, exists, func, literal_column, select, table, text
from sqlalchemy.orm import load_only

from annotator.errors import InvalidInput
from annotator.extensions import db
from annotator.models import Article, Assignment, Attribution, User
from annotator.schemas import SearchFilter
from annotator.search_terms import Terms, fts5_expression, marks, phrase
from annotator.services import access
from annotator.services.assignments import holders
from annotator.services.editing import LISTED_FIELDS, article_dict, review_versions, state_counts

SNIPPET_CHARS = 300  # of a claim's content, in a result
CLAIM_FILTERS = ("speaker", "affiliation", "status", "speaker_type", "state")

_article_fts = table("article_fts", column("rowid"), column("article_id"), column("document"))
_claim_fts = table(
    "claim_fts", column("rowid"), column("attribution_id"), column("document"), column("speaker"), column("affiliation")
)
_ENGLISH: ColumnElement = literal_column("'english'::regconfig")


@dataclass
class Results:
    """One page of results; `more` when another page follows; `total` when counted (None: not counted)."""

    items: list[dict[str, Any]]
    page: int
    per_page: int
    more: bool
    total: int | None
    filters: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // self.per_page))

    @property
    def shown_to(self) -> int:
        """The number of the last result on this page (results before it included)."""
        return (self.page - 1) * self.per_page + len(self.items)

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "page": self.page,
            "per_page": self.per_page,
            "more": self.more,
            "total": self.total,
        }


def _page(query: Select, order: Any, f: SearchFilter) -> tuple[list, bool]:
    """The rows of page `f.page`, newest first, and whether more follow (one row more is read to know)."""
    query = query.order_by(order.desc()).limit(f.per_page + 1).offset((f.page - 1) * f.per_page)
    rows = list(db.session.execute(query))
    return rows[: f.per_page], len(rows) > f.per_page


def _total(query: Select, key: Any, f: SearchFilter, shown: int, more: bool, count: bool) -> int | None:
    """All the rows `query` selects when `count`; else known only on the last page (and on an empty one)."""
    if count:
        ids = query.with_only_columns(key).order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(ids)) or 0
    if more or (shown == 0 and f.page > 1):
        return None
    return (f.page - 1) * f.per_page + shown


def _postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _tsquery(terms: Terms) -> ColumnElement:
    """The terms as a tsquery, each phrase through phraseto_tsquery (the words bound as values)."""
    query: ColumnElement | None = None
    for term in terms.wanted:
        part = func.phraseto_tsquery(_ENGLISH, " ".join(term))
        query = part if query is None else func.tsquery_and(query, part)
    assert query is not None, "parse_terms refuses a query with nothing wanted"
    for term in terms.excluded:
        query = func.tsquery_and(query, func.tsquery_not(func.phraseto_tsquery(_ENGLISH, " ".join(term))))
    return query


def _ts_match(column: Any, query: ColumnElement, phrases: list[tuple[str, ...]]) -> list[ColumnElement[bool]]:
    """`column @@ query`, and, when `phrases` has one of several words, `column @@` all their words: PostgreSQL
    cannot estimate a phrase (it takes any for 0.5 % of the rows, and walks the table newest first to find
    a rare one), but it can the words alone, so it reads a rare phrase's few rows from the index."""
    conditions = [column.op("@@")(query)]
    if any(len(term) > 1 for term in phrases):
        words = " ".join(" ".join(term) for term in phrases)
        conditions.insert(0, column.op("@@")(func.plainto_tsquery(_ENGLISH, words)))
    return conditions


def _claim_phrases(f: SearchFilter) -> dict[str, tuple[str, ...]]:
    return {name: phrase(getattr(f, name), name) for name in ("speaker", "affiliation") if getattr(f, name)}


def _matching_claims(query: Select, terms: Terms, phrases: dict[str, tuple[str, ...]]) -> tuple[Select, Any]:
    """`query` (over Attribution) joined to the claim index and narrowed to the matches; with the column
    to order by, the index's own row order where SQLite can walk it backwards."""
    if not terms and not phrases:
        return query, Attribution.id
    if _postgres():
        query = query.join(_claim_fts, _claim_fts.c.attribution_id == Attribution.id)
        if terms:
            query = query.where(*_ts_match(_claim_fts.c.document, _tsquery(terms), terms.wanted))
        for name, words in phrases.items():
            phrase_query = func.phraseto_tsquery(_ENGLISH, " ".join(words))
            query = query.where(*_ts_match(_claim_fts.c[name], phrase_query, [words]))
        return query, Attribution.id
    query = query.join(_claim_fts, _claim_fts.c.rowid == Attribution.id).where(
        text("claim_fts MATCH :claim_match").bindparams(claim_match=fts5_expression(terms, phrases))
    )
    return query, _claim_fts.c.rowid


def _article_conditions(f: SearchFilter, user: User) -> list[ColumnElement[bool]]:
    """The conditions on Article: what `user` may see, and the filters on the article itself (its assignments
    among them)."""
    conditions = [c for c in (access.article_condition(user),) if c is not None]
    for name in ("outlet", "collection", "review_state"):
        if getattr(f, name) is not None:
            conditions.append(getattr(Article, name) == getattr(f, name))
    if f.start:
        conditions.append(Article.published >= f.start)
    if f.end:
        conditions.append(Article.published <= f.end)
    if f.assignee:
        user_id = db.session.scalar(select(User.id).where(User.username == f.assignee))
        if user_id is None:
            raise InvalidInput(f"no user named {f.assignee!r}", "assignee")
        conditions.append(Article.id.in_(select(Assignment.article_id).where(Assignment.user_id == user_id)))
    return conditions


def _claim_columns(query: Select, f: SearchFilter) -> Select:
    """`query` over claims narrowed to the final version's (an annotator's layer is no finding of the
    newsroom's, and is not the searcher's to read) with the tags `f` asks for."""
    query = query.where(Attribution.layer_user_id.is_(None))
    for name in ("status", "speaker_type", "state"):
        if getattr(f, name) is not None:
            query = query.where(getattr(Attribution, name) == getattr(f, name))
    return query


def claims(f: SearchFilter, user: User) -> Results:
    """A page of the claims `user` may see that match `f`, each with its snippet and where the terms are in it."""
    terms = f.terms
    query = _claim_columns(select(Attribution.id), f)
    on_article = _article_conditions(f, user)
    if on_article:
        # checked claim by claim as they are walked newest first: a join would let the database start from
        # the articles (a collection's thousands) and sort all their claims for one page
        query = query.where(exists(select(1).where(Article.id == Attribution.article_id, *on_article)))
    query, order = _matching_claims(query, terms, _claim_phrases(f))
    page, more = _page(query, order, f)
    snippet = func.substr(Article.text, Attribution.content_start + 1, SNIPPET_CHARS + 1)
    shown = (
        Attribution.id,
        Attribution.article_id,
        Attribution.version,
        Attribution.kind,
        Attribution.speaker,
        Attribution.speaker_type,
        Attribution.affiliation,
        Attribution.status,
        Attribution.state,
        Attribution.content_start,
        Attribution.content_end,
        Article.title,
        snippet.label("snippet"),
    )
    rows = db.session.execute(
        select(*shown)
        .join(Article, Article.id == Attribution.article_id)
        .where(Attribution.id.in_([row.id for row in page]))
        .order_by(Attribution.id.desc())
    )
    items = []
    for row in rows:
        length = row.content_end - row.content_start
        cut = row.snippet[: min(length, SNIPPET_CHARS)]
        items.append(
            {
                "id": row.id,
                "article_id": row.article_id,
                "article_title": row.title,
                "version": row.version,
                "kind": row.kind,
                "speaker": row.speaker,
                "speaker_type": row.speaker_type,
                "affiliation": row.affiliation,
                "status": row.status,
                "state": row.state,
                "content": [row.content_start, row.content_end],
                "snippet": cut,
                "snippet_cut": length > SNIPPET_CHARS,
                "marks": [list(m) for m in marks(cut, terms)],
            }
        )
    total = _total(query, Attribution.id, f, len(items), more, count=False)
    return Results(items, f.page, f.per_page, more, total, f.active())


def _article_claim_filters(query: Select, f: SearchFilter) -> Select:
    """Keep the articles with a claim matching the claim filters."""
    phrases = _claim_phrases(f)
    if phrases:
        # a speaker or an affiliation: the few claims the index finds, then their articles
        found, _ = _matching_claims(select(Attribution.article_id), Terms(), phrases)
        query = query.where(Article.id.in_(_claim_columns(found, f)))
    elif any(getattr(f, name) is not None for name in ("status", "speaker_type", "state")):
        # tags alone: each article's own claims, walked through (article_id, state)
        query = query.where(exists(_claim_columns(select(1).where(Attribution.article_id == Article.id), f)))
    return query


def articles(f: SearchFilter, user: User) -> Results:
    """A page of the articles `user` may see that match `f`, newest first, with their claim counts, no text."""
    terms = f.terms
    query = _article_claim_filters(select(Article).where(*_article_conditions(f, user)), f)
    order: Any = Article.id
    if terms and _postgres():
        query = query.join(_article_fts, _article_fts.c.article_id == Article.id).where(
            *_ts_match(_article_fts.c.document, _tsquery(terms), terms.wanted)
        )
    elif terms:
        query = query.join(_article_fts, _article_fts.c.rowid == Article.id).where(
            text("article_fts MATCH :article_match").bindparams(article_match=fts5_expression(terms))
        )
        order = _article_fts.c.rowid
    # the page's ids first, from the indexes alone; then those articles' listed columns (in SQLite an article's
    # later columns sit behind its text, which a scan of thousands of rows would otherwise read through)
    page, more = _page(query.with_only_columns(Article.id), order, f)
    columns = (getattr(Article, name) for name in (*LISTED_FIELDS, "text_hash"))
    found = db.session.scalars(
        select(Article)
        .options(load_only(*columns, raiseload=True))
        .where(Article.id.in_([row.id for row in page]))
        .order_by(Article.id.desc())
    ).all()
    ids = [a.id for a in found]
    counts, held, versions = state_counts(ids), holders(ids), review_versions(ids)
    items = [
        {**article_dict(a, with_text=False, counts=counts[a.id], version=versions[a.id]), "assignees": held[a.id]}
        for a in found
    ]
    # the articles' own columns are cheap to count to the end (100,000 rows at most, by index)
    count = not terms and not any(getattr(f, name) for name in CLAIM_FILTERS)
    total = _total(query, Article.id, f, len(items), more, count)
    return Results(items, f.page, f.per_page, more, total, f.active())
