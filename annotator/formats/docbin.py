"""spaCy `DocBin` export and import: one Doc per article, attributions in `doc.spans["attributions"]`.

Docs are tokenized by a blank English pipeline (`spacy.blank("en")`), so no model is needed.
Span `i` of `doc.spans["attributions"]` is the content of attribution `i`, labelled with its kind;
a content that does not fall on token boundaries is widened to whole tokens
(`alignment_mode="expand"`). Spans cannot carry arbitrary data through a DocBin, so the exact
offsets and every tag live in user data (the DocBin is made with `store_user_data=True`):

    doc.user_data["sourcing_annotator"] = {
        "article": {"title", "outlet", "byline", "url", "published" (ISO), "collection", "review_state"},
        "attributions": [{"kind", "content": [s, e], "cue", "source", "anonymity_reason",
                          "speaker", ..., "confidence"}, ...],   # the JSONL attribution objects
    }

A DocBin is one serialized blob, so the writer holds the corpus's token arrays until the end
(token texts and spacing only, to keep that small).
Reading a DocBin from another tool (no such user data) takes the span group's labels as kinds.
"""

from __future__ import annotations

import bisect
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

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
    path_or_stream_bytes,
    unreadable,
)

SPANS_KEY = "attributions"
USER_DATA_KEY = "sourcing_annotator"


@lru_cache(maxsize=1)
def blank_nlp() -> Language:
    """The blank English tokenizer pipeline, made once."""
    return spacy.blank("en")


def _content_span(doc: Doc, start: int, end: int, label: str) -> Span:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        # a content made only of white space between tokens: take the token before it
        i = max(0, bisect.bisect_right([t.idx for t in doc], start) - 1)
        span = Span(doc, i, min(i + 1, len(doc)), label=label)
    return span


def article_doc(article: CorpusArticle, nlp: Language | None = None) -> Doc:
    """The Doc of one article, with its attribution spans and user data."""
    doc = (nlp or blank_nlp()).make_doc(article.text)
    doc.spans[SPANS_KEY] = [_content_span(doc, *a.content, a.kind) for a in article.attributions]
    doc.user_data[USER_DATA_KEY] = {
        "article": article_meta(article),
        "attributions": [attribution_to_dict(a) for a in article.attributions],
    }
    return doc


def iter_docbin(articles: Iterable[CorpusArticle]) -> Iterator[bytes]:
    """The `.spacy` file of the corpus as one byte chunk."""
    # A blank tokenizer sets no tags, lemmas or entities: storing only the token texts and
    # their spacing keeps the blob (held whole until the end) about a sixth of the default.
    docbin = DocBin(attrs=["ORTH", "SPACY"], store_user_data=True)
    nlp = blank_nlp()
    for article in articles:
        docbin.add(article_doc(article, nlp))
    yield docbin.to_bytes()


def _text_lengths(docbin: DocBin) -> list[int]:
    """Each doc's text length, from its token table (string lengths and trailing spaces), before any doc is built."""
    store = StringStore(docbin.strings)
    length_of = {store[s]: len(s) for s in docbin.strings}
    orth = docbin.attrs.index(ORTH)
    return [
        sum(length_of.get(int(h), 0) for h in tokens[:, orth]) + int(spaces.sum())
        for tokens, spaces in zip(docbin.tokens, docbin.spaces, strict=True)
    ]


def read_docbin(
    source: Source,
    name: str | None = None,
    *,
    max_bytes: int = ARTICLE_MAX_BYTES,
    limits: ImportLimits | None = None,
) -> Iterator[CorpusArticle | Problem]:
    """Articles of a `.spacy` file within `limits`; a Problem (naming the doc's number) per bad doc.

    A DocBin is zlib-compressed msgpack that spaCy inflates whole: what it inflates to is counted
    here first, a chunk at a time, so a compression bomb is refused (InvalidInput, 413) before spaCy
    allocates it.
    """
    try:
        data, name = path_or_stream_bytes(source, name)
    except OSError as err:
        yield unreadable(source, name, err)
        return
    budget = Budget(limits or ImportLimits(), name, packed=len(data))
    try:
        budget.inflate(data)
    except zlib.error as err:
        yield Problem(name, None, f"not a spaCy DocBin file ({err})")
        return
    try:
        docbin = DocBin().from_bytes(data)
    except Exception as err:
        yield Problem(name, None, f"not a spaCy DocBin file ({type(err).__name__})")
        return
    budget.count(len(docbin))
    try:
        lengths = _text_lengths(docbin)
    except (ValueError, IndexError, KeyError) as err:
        yield Problem(name, None, f"not a spaCy DocBin file ({type(err).__name__})")
        return
    # a few short strings repeated make texts of any size: they count before spaCy builds them
    budget.take(sum(lengths))
    too_long = [n for n, length in enumerate(lengths, 1) if length > max_bytes]
    if too_long:
        yield from (Problem(name, None, f"doc {n}: its text is over the {max_bytes:,}-byte limit") for n in too_long)
        return
    try:
        # a vocabulary of its own: strings of a file must not stay in the process after it is read
        docs = list(docbin.get_docs(Vocab()))
    except Exception as err:
        yield Problem(name, None, f"not a spaCy DocBin file ({type(err).__name__})")
        return
    for number, doc in enumerate(docs, 1):
        fields: dict[str, Any]
        stored = doc.user_data.get(USER_DATA_KEY)
        if stored is None:  # another tool's DocBin: the span labels are the kinds
            spans = doc.spans.get(SPANS_KEY, [])
            fields = {"attributions": [{"kind": s.label_, "content": [s.start_char, s.end_char]} for s in spans]}
        elif isinstance(stored, dict) and isinstance(stored.get("article", {}), dict):
            fields = {**stored.get("article", {}), "attributions": stored.get("attributions")}
        else:
            yield Problem(name, None, f"doc {number}: its {USER_DATA_KEY!r} user data is not an object")
            continue
        try:
            yield article_from_dict({**fields, "text": doc.text}, f"{name}#{number}", max_bytes)
        except RecordError as err:
            yield from (Problem(name, None, f"doc {number}: {msg}") for msg in err.problems)
