"""How an attribution is worded: its sentence, its paragraph, and the words a message quotes."""

from __future__ import annotations

import bisect
import re

from .lexicon import GENERIC_MODIFIERS, KNOWLEDGE_WORDS, NATIONALITIES, PLURAL_HEADS, PRONOUNS, VAGUE_HEADS, words
from .records import Claim, Span

# A sentence ends at . ! ? (closing quotes and brackets included) before a capital, or at a line break.
_END = re.compile(r"([.!?])[\"”’')\]]*[ \t]+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*")
_ABBREVIATIONS = frozenset("mr mrs ms dr prof col gen lt sgt capt maj adm sen rep gov st jr sr rev cmdr no vs".split())
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CONJUNCTION = re.compile(r",|;|&|\band\b|\bor\b")
# Prepositions after a group noun that name the body it belongs to (`officials at the Pentagon`).
_MEMBERSHIP = frozenset("at of from with".split())
# Words that end the group noun phrase (`people familiar with`, `officials in Washington`).
_AFTER_HEAD = KNOWLEDGE_WORDS | _MEMBERSHIP | frozenset("in on for about".split())
# Gap between source and cue short enough to quote them as one phrase (`she said, noting`).
_JOIN_GAP = 12


def _abbreviation_before(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` closes an abbreviation (`U.S.`, `Col.`) rather than a sentence."""
    token = re.search(r"[A-Za-z.]*$", text[max(dot - 12, 0) : dot]).group()  # type: ignore[union-attr]  # `*$` always matches
    return "." in token or len(token) == 1 or token.lower() in _ABBREVIATIONS


def sentence_starts(text: str) -> tuple[int, ...]:
    """Where the text's sentences start: computed once per text by the caller (a cache keyed on the text
    would compare a whole article with the cached one at every claim whenever the strings are equal but
    not the same object, as they are from one request to the next)."""
    starts = [0]
    for m in _END.finditer(text):
        if m.group(1) == "." and _abbreviation_before(text, m.start()):
            continue
        starts.append(m.end())
    return tuple(starts)


def sentence_span(text: str, start: int, end: int, starts: tuple[int, ...]) -> Span:
    """The sentence(s) around [start, end), given the text's `sentence_starts`."""
    first = starts[bisect.bisect_right(starts, start) - 1]
    later = bisect.bisect_left(starts, max(end, start + 1))
    last = starts[later] if later < len(starts) else len(text)
    return first, last


def claim_sentence(claim: Claim, text: str, starts: tuple[int, ...]) -> Span:
    """The sentence(s) holding every part of the claim, given the text's `sentence_starts`."""
    spans = [s for s in (claim.content, claim.cue, claim.source) if s is not None]
    return sentence_span(text, min(s[0] for s in spans), max(s[1] for s in spans), starts)


def paragraphs(text: str) -> list[Span]:
    """Paragraph spans: split on blank lines, or on single line breaks when the text has no blank line."""
    splitter = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    out, start = [], 0
    for m in splitter.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


def excerpt(text: str, span: Span, limit: int = 60) -> str:
    """The words of a span on one line, shortened to `limit` characters."""
    words = " ".join(text[span[0] : span[1]].split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def describe(claim: Claim, text: str) -> str:
    """The words a message quotes for a claim: `"his brother claimed"`, else its content and cue."""
    parts = sorted(s for s in (claim.source, claim.cue) if s is not None)
    if claim.source is None:
        said = f'"{excerpt(text, claim.content)}"'
        return f'{said} (cue "{excerpt(text, claim.cue)}")' if claim.cue is not None else said
    if len(parts) == 2:
        (a, b), (c, d) = parts
        gap = text[b:c]
        if c - b <= _JOIN_GAP and "\n" not in gap and not re.search(r"[.!?]", gap):
            return f'"{excerpt(text, (a, max(b, d)), 80)}"'
        return f'"{excerpt(text, (a, b))} … {excerpt(text, (c, d))}"'
    return f'"{excerpt(text, parts[0])}"'


def source_phrase(claim: Claim, text: str) -> str | None:
    """Who the claim is pinned on, as written; the resolved speaker when the source is a pronoun or absent."""
    written = text[claim.source[0] : claim.source[1]].strip() if claim.source is not None else ""
    if written and written.lower() not in PRONOUNS:
        return written
    return claim.speaker.strip() if claim.speaker and claim.speaker.strip() else None


def _groups(phrase: str):
    """(group words, head index, following words, word that ended the group) per coordinated part."""
    for part in _CONJUNCTION.split(phrase):
        ws = words(part)
        cut = next((i for i, w in enumerate(ws) if i > 0 and w.lower() in _AFTER_HEAD), len(ws))
        if cut:
            yield ws, cut - 1, ws[cut + 1 :], ws[cut].lower() if cut < len(ws) else None


def _is_name(word: str, first: bool) -> bool:
    """Whether a capitalized word names someone (a phrase's first word may be capitalized for the sentence)."""
    lower = word.lower()
    if not word[0].isupper() or lower in NATIONALITIES or lower in VAGUE_HEADS:
        return False
    return not (first and lower in GENERIC_MODIFIERS)


def vague_groups(phrase: str) -> list[str]:
    """The words of `phrase` that attribute to an unspecified group (`U.S. officials`), one per coordinated part."""
    found = []
    for ws, head, rest, ended_by in _groups(phrase):
        if ws[head].lower() not in VAGUE_HEADS:
            continue
        named = any(_is_name(w, i == 0) for i, w in enumerate(ws[:head]))
        named = named or (ended_by in _MEMBERSHIP and any(_is_name(w, True) for w in rest))
        if not named:
            found.append(" ".join(ws))
    return found


def plural_group(phrase: str) -> str | None:
    """The words of `phrase` that name several people (`sources`, `officials`), if any."""
    for ws, head, _rest, _ended_by in _groups(phrase):
        if ws[head].lower() in PLURAL_HEADS:
            return " ".join(ws)
    return None
