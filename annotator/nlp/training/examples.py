"""Training examples: article texts with their content, cue and source spans as labelled entities."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from ..span_model import LABELS

Ranges = list[tuple[int, int]]


@dataclass
class Annotated:
    """One text and its attributions' spans (each part a list of ranges, or None)."""

    name: str
    text: str
    parts: list[dict[str, Ranges | None]]
    # Ranges nobody has judged (a suggestion no editor reviewed): neither a span nor a negative.
    unknown: Ranges = field(default_factory=list)


def _pieces(att: dict[str, Ranges | None]) -> Iterator[tuple[int, int, str]]:
    for part, label in LABELS.items():
        for start, end in att.get(part) or ():
            yield start, end, label


def _without_space(span: Span | None) -> Span | None:
    """The span without white-space tokens at its edges (an entity may not begin or end on one)."""
    if span is None:
        return None
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return Span(span.doc, start, end, label=span.label) if end > start else None


def to_doc(make_doc, item: Annotated) -> Doc:
    """A doc whose entities are the spans: where spans overlap, the shorter one is kept.

    A discontinuous content (`"...," she said, "..."`) gives one entity per piece, so the cue
    between the pieces stays its own entity.
    """
    doc = make_doc(item.text)
    taken = bytearray(len(doc))
    ents = []
    pieces = sorted({p for att in item.parts for p in _pieces(att)}, key=lambda p: p[1] - p[0])
    for start, end, label in pieces:
        span = _without_space(doc.char_span(start, end, label=label, alignment_mode="expand"))
        if span is None or any(taken[span.start : span.end]):
            continue
        taken[span.start : span.end] = b"\x01" * len(span)
        ents.append(span)
    unknown = [
        s
        for s in (_without_space(doc.char_span(a, b, alignment_mode="expand")) for a, b in item.unknown)
        if s is not None and not any(taken[s.start : s.end])
    ]
    doc.set_ents(sorted(ents, key=lambda s: s.start), missing=unknown, default="outside")
    return doc


def doc_bin(nlp: Language, items: Iterable[Annotated]) -> DocBin:
    """The items as a DocBin of tokenised docs with their spans as entities."""
    out = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for item in items:
        out.add(to_doc(nlp.make_doc, item))
    return out
