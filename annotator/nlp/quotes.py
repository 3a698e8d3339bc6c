"""Quotation spans found in raw text: straight or curly double quotes, multi-paragraph quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_CURLY, CLOSE_CURLY = "\u201c", "\u201d"
OPENING, CLOSING = "\u201c\u201e\u00ab", "\u201d\u00bb"
# Straight quotes, curly ones, and the two apostrophes some archives (NYT) use for a double quote.
_MARK = re.compile("''|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[\"\u201c])")
# A quotation whose words introduce it as a name rather than a claim.
_NAMING = re.compile(
    r"\b(called|named|dubbed|titled|entitled|known as|nicknamed|labell?ed|branded|"
    r"the words?|the phrase|the term|so-called|slogan|hashtag)\s*$",
    re.I,
)


@dataclass(frozen=True)
class Quote:
    """A quotation: [start, end) covers the marks; `pieces` are its per-paragraph parts."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]

    def words(self, text: str) -> int:
        """Number of words inside the marks."""
        return len(text[self.start : self.end].split())


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph (a quote never closes across a blank line)."""
    spans, last = [], 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((last, m.start()))
        last = m.end()
    spans.append((last, len(text)))
    return spans


def _is_opening(text: str, i: int, j: int, start: int, end: int) -> bool:
    """Whether a straight mark at [i, j) opens a quote (by the characters around it)."""
    before = text[i - 1] if i > start else " "
    after = text[j] if j < end else " "
    return (before.isspace() or before in "([{\u2014\u2013-/:;") and not after.isspace()


def _pairs_in(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed quotes in one paragraph, and the position of a quote left open at its end."""
    pairs, open_at = [], None
    for m in _MARK.finditer(text, start, end):
        i, j, mark = m.start(), m.end(), m.group()
        if mark in OPENING:
            opens = True
        elif mark in CLOSING:
            opens = False
        else:
            opens = open_at is None and _is_opening(text, i, j, start, end)
            if open_at is None and not opens:
                continue  # a stray closing mark (inches, a possessive `ISIS''`): ignore it
        if opens:
            open_at = i  # a second opening restarts the quote: the first was unbalanced
        elif open_at is not None:
            pairs.append((open_at, j))
            open_at = None
    return pairs, open_at


def _family(mark: str) -> str:
    return "straight" if mark[0] in "\"'" else "curly"


def find_quotes(text: str) -> list[Quote]:
    """All quotations in text, in order; a quote reopened in the next paragraph continues."""
    quotes: list[Quote] = []
    pending: list[tuple[int, int]] = []  # pieces of a quote still running over paragraphs
    for p_start, p_end in _paragraphs(text):
        while p_end > p_start and text[p_end - 1].isspace():
            p_end -= 1
        pairs, open_at = _pairs_in(text, p_start, p_end)
        mark = _MARK.match(text[p_start:p_end].lstrip())
        # a quote reopens only with a mark of its own family (a stray straight mark is no open quote)
        first_opens_here = bool(mark and pending and _family(mark.group()) == _family(text[pending[0][0]]))
        if pending:
            if first_opens_here and (pairs or open_at is not None):
                lead = pairs[0] if pairs and (open_at is None or pairs[0][0] < open_at) else None
                if lead is not None:
                    pending.append(lead)
                    quotes.append(Quote(pending[0][0], lead[1], tuple(pending)))
                    pairs = pairs[1:]
                    pending = []
                else:
                    pending.append((open_at if open_at is not None else p_end, p_end))
                    open_at = None
                    continue
            else:
                pending = []  # the open quote never closed: drop it
        quotes.extend(Quote(s, e, ((s, e),)) for s, e in pairs)
        if open_at is not None:
            pending = [(open_at, p_end)]
    return quotes


def is_naming(text: str, quote: Quote) -> bool:
    """Whether the quotation is a name or title (`a program called "Cubs of the Caliphate"`)."""
    return bool(_NAMING.search(text[max(0, quote.start - 40) : quote.start]))
