"""CSV export: one row per attribution, with its article's metadata and the text of each span.

Every text cell is quoted, numbers are not. A text cell that a spreadsheet would run as a formula
(it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a single quote `'` before it,
as OWASP recommends against CSV injection; `_row` does it for every cell, whatever its column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from ..vocab import RECORD_TAGS, SPAN_FIELDS
from .records import CorpusArticle

ARTICLE_COLUMNS = ("article", "title", "outlet", "byline", "url", "published", "collection", "review_state")
SPAN_COLUMNS = tuple(f"{name}_{part}" for name in SPAN_FIELDS for part in ("start", "end", "text"))
TAG_COLUMNS = RECORD_TAGS
COLUMNS = (*ARTICLE_COLUMNS, "attribution", *SPAN_COLUMNS, *TAG_COLUMNS)
# What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _row(cells: Iterable[Any]) -> list[Any]:
    """The cells of a row, each text cell that starts a formula defused with a leading `'`."""
    return ["'" + c if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c for c in cells]


def iter_csv(articles: Iterable[CorpusArticle]) -> Iterator[str]:
    """The CSV export, the header then one chunk of rows per article, lazily.

    `article` numbers the articles 1, 2, ... in export order and `attribution` numbers the
    attributions within their article; an article without attributions has no row.
    """
    buf = io.StringIO()
    # QUOTE_NONNUMERIC: every text cell is quoted, a defused one included (OWASP's advice).
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(_row(COLUMNS))
    yield _drain(buf)
    for number, art in enumerate(articles, 1):
        meta = (
            number,
            art.title,
            art.outlet,
            art.byline,
            art.url,
            art.published.isoformat() if art.published else None,
            art.collection,
            art.review_state,
        )
        text = art.text
        for i, a in enumerate(art.attributions, 1):
            spans: list[int | str | None] = []
            for span in (a.content, a.cue, a.source, a.anonymity_reason):
                spans += (span[0], span[1], text[span[0] : span[1]]) if span else (None, None, None)
            writer.writerow(
                _row(
                    (
                        *meta,
                        i,
                        *spans,
                        a.kind,
                        a.speaker,
                        a.speaker_type,
                        a.affiliation,
                        a.role,
                        a.status,
                        a.credibility,
                        a.note,
                        a.origin,
                        a.state,
                        a.confidence,
                    )
                )
            )
        yield _drain(buf)


def _drain(buf: io.StringIO) -> str:
    chunk = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return chunk
