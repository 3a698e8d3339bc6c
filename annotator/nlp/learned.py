"""Frames from the trained span model: what the rules missed, kept to what GUIDELINES.md counts.

The model finds content, cue and source spans as PolNeAR marks them; PolNeAR also marks wants,
plans and stances, which are not attributions here. A learned frame is kept only when its cue is
a reporting word the lexicon knows, and only where no rule frame already claims the content.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .frames import Frame
from .lexicon import CLAUSE_CUES, CUE_LEMMAS, CUE_NOUNS, DIRECTIVES, NOUN_CUES, PREP_CUES, XCOMP_CUES
from .sentences import sentence
from .span_model import PARTS_KEY

# How far (in characters) a cue may stand from the content it introduces, and a source from its cue.
CUE_REACH = 200
SOURCE_REACH = 80
# Verbs that report a claim by themselves, with no preposition to carry it.
REPORTING_VERBS = CLAUSE_CUES | NOUN_CUES | XCOMP_CUES


def _parts(doc: Doc, label: str) -> list[Span]:
    return [s for s in doc.spans.get(PARTS_KEY, ()) if s.label_ == label]


def _gap(a: Span, b: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a.start_char, b.start_char) - min(a.end_char, b.end_char))


def _reporting(cue: Span) -> bool:
    """Whether a cue reports speech or writing (`said`, `according to`, `the claim`), not a want, plan or act.

    A verb that reports only with its preposition (`called for`, `spoke about`) needs that preposition
    after it: `called a meeting` reports nothing.
    """
    words = [t for t in cue if t.is_alpha]
    if any(t.lower_ == "according" for t in words):
        return True
    for tok in words:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and lemma in CUE_NOUNS:
            return True
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        following = tok.doc[tok.i + 1].lower_ if tok.i + 1 < len(tok.doc) else ""
        if lemma in REPORTING_VERBS or lemma in PREP_CUES.get(following, ()):
            return True
    return False


def _directive(cue: Span, content: Span) -> bool:
    """`urged residents to donate blood`: an instruction to someone, not a claim (GUIDELINES.md)."""
    return any(t.lemma_.lower() in DIRECTIVES for t in cue) and any(
        t.lower_ == "to" and t.tag_ == "TO" for t in content[:4]
    )


def _across_paragraphs(cue: Span, content: Span) -> bool:
    """Whether a paragraph break stands between a cue and the content (a credit line, then page furniture)."""
    doc = cue.doc
    start, end = (
        sorted((cue.end_char, content.start_char))
        if cue.end <= content.start
        else sorted((content.end_char, cue.start_char))
    )
    return "\n" in doc.text[start:end]


def _merged(contents: list[Span], cues: list[Span]) -> list[Span]:
    """Content pieces split by their own cue (`"...," she said, "..."`) joined back into one."""
    out: list[Span] = []
    for span in contents:
        if (
            out
            and any(out[-1].end <= c.start and c.end <= span.start for c in cues)
            and span.start_char - out[-1].end_char < 80
            and sentence(span[0]).start <= out[-1].end
        ):
            out[-1] = span.doc[out[-1].start : span.end]
            continue
        out.append(span)
    return out


def _source_near(sources: list[Span], cue: Span, content: Span) -> Span | None:
    """The model's source nearest a cue, outside the content, within reach."""
    return min(
        (
            s
            for s in sources
            if _gap(s, cue) <= SOURCE_REACH and not (content.start <= s.start and s.end <= content.end)
        ),
        key=lambda s: _gap(s, cue),
        default=None,
    )


def learned_source(doc: Doc, cue: tuple[int, int], content: tuple[int, int]) -> Token | None:
    """For a rule frame whose cue has no subject in the parse: the head of the model's source in its sentence."""
    cue_span = doc[cue[0] : cue[1]]
    content_span = doc.char_span(*content, alignment_mode="expand")
    if content_span is None:
        return None
    sent = sentence(cue_span[0])
    sources = [s for s in _parts(doc, "SOURCE") if sent.start <= s.start and s.end <= sent.end]
    found = _source_near(sources, cue_span, content_span)
    return found.root if found is not None else None


def learned_frames(doc: Doc, taken: list[tuple[int, int]], cues_taken: list[tuple[int, int]]) -> list[Frame]:
    """Frames for the model's contents that overlap no span in taken, with a cue no rule frame has used.

    A cue the rules gave to a quotation is that quotation's: the quote that follows it in the next
    sentence is a floating one (GUIDELINES.md), not a second claim of the same cue.
    """
    cues = [c for c in _parts(doc, "CUE") if not any(s < c.end_char and c.start_char < e for s, e in cues_taken)]
    sources = _parts(doc, "SOURCE")
    frames = []
    for content in _merged(_parts(doc, "CONTENT"), cues):
        if any(s < content.end_char and content.start_char < e for s, e in taken):
            continue
        near = [
            c for c in cues if _gap(c, content) <= CUE_REACH and not (content.start <= c.start and c.end <= content.end)
        ]
        cue = min(near, key=lambda c: _gap(c, content), default=None)
        if cue is None or not _reporting(cue) or _directive(cue, content) or _across_paragraphs(cue, content):
            continue
        source = _source_near(sources, cue, content)
        anchor = next(
            (t for t in cue if t.lemma_.lower() in CUE_LEMMAS | CUE_NOUNS or t.lower_ == "according"), cue.root
        )
        frames.append(
            Frame(
                anchor,
                (cue.start, cue.end),
                (content.start, content.end),
                source.root if source is not None else None,
                "model",
            )
        )
    return frames
