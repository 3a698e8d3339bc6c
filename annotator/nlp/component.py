"""The spaCy component: parsed Doc in, attributions in doc.spans and doc._.attributions out."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

from . import sentences
from .attributions import find_attributions

SPANS_KEY = "attributions"

if not Doc.has_extension("attributions"):
    # Plain dicts, not dataclasses, so docs survive the msgpack round trip of nlp.pipe(n_process>1).
    Doc.set_extension("attributions", default=None)


@Language.factory("attribution_detector", default_config={"min_quote_words": 4, "spans_key": SPANS_KEY})
def make_attribution_detector(nlp: Language, name: str, min_quote_words: int, spans_key: str):
    """Factory for the attribution detector (needs a parser and an entity recognizer upstream)."""
    return AttributionDetector(name, min_quote_words=min_quote_words, spans_key=spans_key)


class AttributionDetector:
    """Finds attributions in a parsed Doc; content spans go to doc.spans, full records to doc._."""

    def __init__(self, name: str = "attribution_detector", *, min_quote_words: int = 4, spans_key: str = SPANS_KEY):
        self.name = name
        self.min_quote_words = min_quote_words
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        sentences.index(doc)
        try:
            records = find_attributions(doc, self.min_quote_words)
        finally:
            sentences.forget(doc)
        spans = [doc.char_span(*r.content, label=r.kind, alignment_mode="expand") for r in records]
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=[s for s in spans if s is not None])
        doc._.attributions = [r.to_dict() for r in records]
        return doc


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so headlines and paragraphs never merge."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc
