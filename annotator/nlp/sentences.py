"""Constant-time sentence lookup: `Token.sent` scans the whole doc, too slow for long articles."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

_KEY = "annotator.nlp.sentence_starts"


def index(doc: Doc) -> None:
    """Record each token's sentence bounds on the doc (`forget` removes them)."""
    bounds = []
    starts = [s.start for s in doc.sents] + [len(doc)] if len(doc) else [0]
    for begin, end in zip(starts, starts[1:]):
        bounds.extend([(begin, end)] * (end - begin))
    doc.user_data[_KEY] = bounds


def forget(doc: Doc) -> None:
    """Drop the index, so it never travels with the doc (serialisation, other components)."""
    doc.user_data.pop(_KEY, None)


def sentence(tok: Token) -> Span:
    """The sentence of tok (from the index when there is one)."""
    bounds = tok.doc.user_data.get(_KEY)
    if bounds is None:
        return tok.sent
    start, end = bounds[tok.i]
    return tok.doc[start:end]
