"""From a parsed Doc to attributions: frames and quotes joined, speakers resolved, in text order."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from .frames import Frame, dash_frame, find_frames
from .learned import learned_frames, learned_source
from .quotes import Quote, find_quotes, is_naming
from .sentences import sentence
from .sources import mention
from .speakers import Resolver, Speaker, with_status
from .types import Attribution

# Between a quote and the cue phrase after it: nothing but a comma (`"...," she said`).
_BEFORE_CUE = re.compile(r"[\s,]*")
# The same when the parser lost the cue's subject: a short run of words between (`"...," Tulsa police said`).
_NAME_BEFORE_CUE = re.compile(r"[\s,]*[^.!?;:\"\u201c\u201d\n]{1,60}")
# Between a cue phrase and the quote it introduces (`said in a statement: "..."`, `Trump said, "..."`).
_COLON = re.compile(r"[^.\n\"\u201c\u201d]{0,40}[:,]\s*")
# Between the cue phrase of a split quote and its second half (`"...," he said, "..."`).
_SPLIT = re.compile(r"[^.\n\"\u201c\u201d]{0,120},\s*")

CONFIDENCE = {
    "colon": 0.6,
    "agent": 0.7,
    "clause": 0.85,
    "according": 0.85,
    "quote": 0.85,
    "noun": 0.7,
    "aside": 0.75,
    "passive": 0.6,
    "floating": 0.6,
    "model": 0.6,
}


@dataclass
class _Candidate:
    """An attribution before its speaker is resolved."""

    content: tuple[int, int]
    kind: str
    anchor: int
    rule: str
    frame: Frame | None = None


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _phrase(frame: Frame) -> tuple[int, int]:
    """Character extent of the cue and its source mention together."""
    doc = frame.anchor.doc
    start, end = _chars(doc, *frame.cue)
    if frame.source is not None and sentence(frame.source).start == sentence(frame.anchor).start:
        source = mention(frame.source)
        start, end = min(start, source.start_char), max(end, source.end_char)
    return start, end


def _quote_near(text: str, frame: Frame, quotes: list[Quote], used: set[Quote]) -> Quote | None:
    """The quote a content-less cue introduces or closes (`"...," she said` / `she said: "..."`)."""
    start, end = _phrase(frame)
    for q in quotes:
        if q in used:
            continue
        if q.end <= start and _BEFORE_CUE.fullmatch(text, q.end, start):
            return q
        if (
            frame.source is None
            and text[q.end - 2] in ",?!"
            and q.end <= start
            and _NAME_BEFORE_CUE.fullmatch(text, q.end, start)
        ):
            return q
        if q.start >= end and _COLON.fullmatch(text, end, q.start):
            return q
    return None


def _extend(text: str, span: tuple[int, int], quotes: list[Quote], used: set[Quote]) -> tuple[int, int]:
    """Widen a content span to whole quotations it touches (marks and closing comma included)."""
    s, e = span
    for q in quotes:
        if q.start < e and s < q.end:
            s, e = min(s, q.start), max(e, q.end)
            used.add(q)
    first = next((q for q in quotes if q.start == s), None)
    if first is not None and e > first.end and text[first.end - 2] in ",?!":
        e = first.end  # `"...," Tulsa police said`: the words after a closed quote belong to the cue's phrase
    return s, e


def _kind(span: tuple[int, int], quotes: list[Quote], split: bool) -> str:
    inside = [q for q in quotes if q.start < span[1] and span[0] < q.end]
    if not inside:
        return "indirect"
    if split or (len(inside) == 1 and (inside[0].start, inside[0].end) == span):
        return "direct"
    return "mixed"


def _with_source_between(doc: Doc, frame: Frame, quote: Quote) -> Frame:
    """A subjectless cue after a quote takes the last noun between them as its source."""
    if frame.source is not None or quote.end >= frame.anchor.idx:
        return frame
    between = doc.char_span(quote.end, frame.anchor.idx, alignment_mode="contract")
    nouns = [t for t in between or () if t.pos_ in ("PROPN", "NOUN")]
    return replace(frame, source=nouns[-1]) if nouns else frame


def _split_second_half(
    text: str, frame: Frame, span: tuple[int, int], quotes: list[Quote], used: set[Quote]
) -> Quote | None:
    """The second half of `"...," he said, "..."`, when span is the first half."""
    if text[span[1] - 2 : span[1] - 1] != "," or span[1] > frame.anchor.idx:
        return None
    cue_end = _phrase(frame)[1]
    nxt = next((q for q in quotes if q not in used and q.start >= cue_end), None)
    return nxt if nxt is not None and _SPLIT.fullmatch(text, cue_end, nxt.start) else None


def _frame_candidate(doc: Doc, text: str, frame: Frame, quotes: list[Quote], used: set[Quote]) -> _Candidate | None:
    """The attribution of one cue frame: its content widened to quotes, or the quote it sits beside."""
    rule = frame.rule.split("-")[0]
    if rule == "colon" and frame.content is not None:  # a transcript line inside a quote is its own attribution
        span = _chars(doc, *frame.content)
    elif frame.content is not None:
        span = _extend(text, _chars(doc, *frame.content), quotes, used)
    else:
        q = _quote_near(text, frame, quotes, used)
        if q is None:
            return None
        used.add(q)
        frame, span, rule = _with_source_between(doc, frame, q), (q.start, q.end), "quote"
    second = _split_second_half(text, frame, span, quotes, used)
    if second is not None:
        used.add(second)
        span = (span[0], second.end)
    return _Candidate(span, _kind(span, quotes, second is not None), frame.anchor.idx, rule, frame)


def _candidates(doc: Doc, text: str, all_quotes: list[Quote], min_quote_words: int) -> list[_Candidate]:
    """Attributions from cue frames, then from quotes no cue claimed (signed or floating)."""
    quotes = [q for q in all_quotes if not is_naming(text, q)]
    used: set[Quote] = set()
    out: list[_Candidate] = []
    for frame in find_frames(doc):
        if frame.rule != "colon" and any(q.start < frame.anchor.idx < q.end for q in quotes):
            continue  # a cue inside quoted speech reports the quote's own words, not the article's claim
        cand = _frame_candidate(doc, text, frame, quotes, used)
        if cand is not None:
            out.append(cand)
    rule_cues = [_chars(doc, *c.frame.cue) for c in out if c.frame is not None]
    for frame in learned_frames(doc, [c.content for c in out], rule_cues):
        cand = _frame_candidate(doc, text, frame, quotes, used)
        if cand is not None:
            out.append(cand)
    covered = [c.content for c in out]
    for q in quotes:
        if q in used or q.words(text) < min_quote_words or any(s <= q.start and q.end <= e for s, e in covered):
            continue
        signed = dash_frame(doc, q.end)
        if signed is not None:
            out.append(_Candidate((q.start, q.end), "direct", signed.anchor.idx, "quote", signed))
        else:
            out.append(_Candidate((q.start, q.end), "direct", q.start, "floating"))
    return out


def _dedupe(cands: list[_Candidate]) -> list[_Candidate]:
    """One attribution per content span (the first frame that found it wins)."""
    seen, out = set(), []
    for c in cands:
        if c.content not in seen:
            seen.add(c.content)
            out.append(c)
    return out


def find_attributions(doc: Doc, min_quote_words: int = 4) -> list[Attribution]:
    """All attributions in a parsed doc, sorted by content start."""
    text = doc.text  # Doc.text joins every token: read it once
    quotes = find_quotes(text)
    cands = _dedupe(_candidates(doc, text, quotes, min_quote_words))
    resolver = Resolver(doc, [(q.start, q.end) for q in quotes] + [c.content for c in cands])
    results = []
    for cand in sorted(cands, key=lambda c: c.anchor):
        frame = cand.frame
        source = None
        confidence = CONFIDENCE[cand.rule]
        if frame is None:
            speaker = resolver.floating() or Speaker(None, None)
            confidence -= 0.0 if speaker.name else 0.3
        else:
            if frame.source is None and not frame.passive:  # the parse lost the subject: the model may have it
                frame = replace(frame, source=learned_source(doc, frame.cue, cand.content))
            speaker, mention_span = resolver.resolve(frame.source, frame.passive, label=frame.rule == "colon")
            if mention_span is not None:
                source = (mention_span.start_char, mention_span.end_char)
                confidence -= 0.0 if speaker.name or speaker.type else 0.3  # a source nobody could resolve
        speaker = with_status(resolver.full_person_name(speaker))
        cue = _chars(doc, *frame.cue) if frame is not None else None
        results.append(
            Attribution(
                kind=cand.kind,
                content=cand.content,
                cue=cue,
                source=source,
                speaker=speaker.name,
                speaker_type=speaker.type,
                affiliation=speaker.affiliation,
                role=speaker.role,
                status=speaker.status,
                anonymity_reason=speaker.reason,
                confidence=round(confidence, 2),
            )
        )
    results.sort(key=lambda a: a.content)
    return results
