"""A user's search text as plain terms: words, "quoted phrases" and -excluded ones, never raw engine syntax.

The services turn the terms into an SQLite FTS5 expression or PostgreSQL tsqueries built from bound
values, so nothing a user types reaches either engine's query language. A term is a list of words (a
phrase when there are several); a word is a run of letters and digits, as both engines' tokenizers
cut them, so `U.S.` is the phrase `U S` and punctuation alone is no term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.errors import InvalidInput

MAX_QUERY_CHARS = 500
MAX_TERMS = 20
_WORD = re.compile(r"[^\W_]+")
# a "quoted phrase" or a bare run up to the next space, each perhaps after a minus
_PIECE = re.compile(r'(-?)(?:"([^"]*)"|([^\s"]+))')


@dataclass(frozen=True)
class Terms:
    """What to find: every `wanted` term and none of the `excluded` ones."""

    wanted: list[tuple[str, ...]] = field(default_factory=list)
    excluded: list[tuple[str, ...]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.wanted)


def words(text: str) -> tuple[str, ...]:
    """The words of `text`, lower-cased, as the engines' tokenizers cut them."""
    return tuple(w.lower() for w in _WORD.findall(text))


def parse_terms(text: str | None, field_name: str = "q") -> Terms:
    """`text` as Terms, or InvalidInput naming `field_name` (an unbalanced quote, only exclusions, too many)."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput(f"{field_name} is longer than {MAX_QUERY_CHARS} characters", field_name)
    if text.count('"') % 2:
        raise InvalidInput(f'{field_name} has an unbalanced quotation mark (")', field_name)
    wanted: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []
    for minus, quoted, bare in _PIECE.findall(text):
        term = words(quoted if quoted or not bare else bare)
        if term:
            (excluded if minus else wanted).append(term)
    if excluded and not wanted:
        raise InvalidInput(f"{field_name} needs a word to find besides the excluded ones", field_name)
    if len(wanted) + len(excluded) > MAX_TERMS:
        raise InvalidInput(f"{field_name} has more than {MAX_TERMS} terms", field_name)
    return Terms(wanted, excluded)


def phrase(text: str, field_name: str) -> tuple[str, ...]:
    """A filter's value (a speaker's name, an affiliation) as one phrase; InvalidInput when it has no word."""
    found = words(text)
    if not found:
        raise InvalidInput(f"{field_name} needs a letter or a digit", field_name)
    if len(found) > MAX_TERMS:
        raise InvalidInput(f"{field_name} has more than {MAX_TERMS} words", field_name)
    return found


def fts5_phrase(term: tuple[str, ...]) -> str:
    """An FTS5 phrase string; the words hold letters and digits only, so quoting them is enough."""
    return '"' + " ".join(term) + '"'


def fts5_expression(terms: Terms, columns: dict[str, tuple[str, ...]] | None = None) -> str:
    """An FTS5 MATCH expression: every wanted term in any column, none of the excluded, and each of
    `columns` (column name: phrase) in its own column."""
    parts = [" AND ".join(fts5_phrase(t) for t in terms.wanted)] if terms.wanted else []
    for column, value in (columns or {}).items():
        parts.append(f"{column} : {fts5_phrase(value)}")
    expression = " AND ".join(f"({p})" for p in parts)
    if terms.excluded:
        expression += " NOT (" + " OR ".join(fts5_phrase(t) for t in terms.excluded) + ")"
    return expression


def marks(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Where the wanted terms appear in `text`, as sorted, non-overlapping (start, end) pairs.

    The engines match word stems (`changes` finds `changed`), so each word matches any word that starts
    like it, its last letters aside: a mark shows roughly where, the engine decided whether.
    """
    found: list[tuple[int, int]] = []
    for term in terms.wanted:
        stems = (re.escape(w if len(w) <= 4 else w[: len(w) - 2]) for w in term)
        pattern = r"\b" + r"\w*\W+".join(stems) + r"\w*"
        found += [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
