"""Our JSONL: one article a line with its metadata, attributions and every tag; lossless."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator

from ..vocab import ARTICLE_MAX_BYTES
from .records import (
    Budget,
    CorpusArticle,
    ImportLimits,
    Problem,
    RecordError,
    Source,
    article_from_dict,
    article_meta,
    attribution_to_dict,
    lines_of,
    unreadable,
)

# a binary file shows NUL bytes within its first few "lines"
_SNIFF_LINES = 8


def article_to_json(article: CorpusArticle) -> str:
    """One article as one JSON line (without the newline)."""
    d = article_meta(article)
    d["text"] = article.text
    d["attributions"] = [attribution_to_dict(a) for a in article.attributions]
    return json.dumps(d, ensure_ascii=False)


def iter_jsonl(articles: Iterable[CorpusArticle]) -> Iterator[str]:
    """The JSONL export, one line (with its newline) per article, lazily."""
    for article in articles:
        yield article_to_json(article) + "\n"


def read_jsonl(
    source: Source,
    name: str | None = None,
    *,
    max_bytes: int = ARTICLE_MAX_BYTES,
    limits: ImportLimits | None = None,
) -> Iterator[CorpusArticle | Problem]:
    """Articles of a JSONL file or stream, and a Problem (file, line) for each bad line; never stops early.

    Nothing inflates, but the records are held until the import: the file's size counts against the
    import's byte limit (InvalidInput, 413, over it)."""
    try:
        lines, name = lines_of(source, name)
    except OSError as err:
        yield unreadable(source, name, err)
        return
    budget = Budget(limits or ImportLimits(), name)
    head = list(itertools.islice(lines, _SNIFF_LINES))
    if any(isinstance(raw, bytes) and b"\x00" in raw for raw in head):
        # one report, not one per "line" of an image or an archive
        yield Problem(name, None, "the file is binary, not JSON lines")
        return
    seen = False
    for lineno, raw in enumerate(itertools.chain(head, lines), 1):
        budget.take(len(raw))
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8-sig")
            except UnicodeDecodeError as err:
                yield Problem(name, lineno, f"not UTF-8 text (byte {err.start + 1} of the line); save it as UTF-8")
                seen = True
                continue
        if not raw.strip():
            continue
        seen = True
        try:
            # without its line end: a line cut short would otherwise break after it, at "line 2, column 1"
            yield article_from_dict(json.loads(raw.rstrip("\r\n")), source_name=name, max_bytes=max_bytes)
        except json.JSONDecodeError as err:
            yield Problem(name, lineno, f"broken JSON: {err.msg} at column {err.colno}")
            continue
        except RecursionError:
            yield Problem(name, lineno, "broken JSON: nested too deeply")
            continue
        except RecordError as err:
            yield from (Problem(name, lineno, msg) for msg in err.problems)
    if not seen:
        yield Problem(name, None, "the file is empty")
