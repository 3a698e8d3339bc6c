"""What an article names: its people with the titles written before them, and its bodies.

Descriptions (`the president`, `the fund`, `the agency`) and documents (`the report`, `a poll`)
resolve against this index, so a speaker the article has named is never taken for an unnamed one.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import TITLE_NOUNS
from .sources import clean_name

# Words that make an office another one (`vice president`, `former governor`).
QUALIFIERS = frozenset("vice former deputy assistant acting ex-".split())


@dataclass(frozen=True)
class Named:
    """A named person or body: where the text names it, its name, and the title words before it."""

    start: int
    name: str
    titles: frozenset[str]


def _titles_before(ent: Span) -> frozenset[str]:
    """Lower-cased words of the title run just before a name (`President`, `Gov.`, `Judge`)."""
    words: list[str] = []
    i = ent.start - 1
    while i >= 0 and len(words) < 5:
        word = ent.doc[i]
        if not (word.is_alpha or word.text.endswith(".")) or not (
            word.is_title or word.lower_ in TITLE_NOUNS or word.lower_ in QUALIFIERS
        ):
            break
        words.append(TITLE_NOUNS.get(word.lower_, word.lower_))
        i -= 1
    appos = next((c for c in ent.root.children if c.dep_ == "appos"), None)
    if appos is not None:  # `Frank Nervo, the judge in the case,`
        words.append(TITLE_NOUNS.get(appos.lemma_.lower(), appos.lemma_.lower()))
    if ent.root.dep_ == "appos":  # `an attorney for Pagliano, Mark MacDougall,`
        head = ent.root.head.lemma_.lower()
        words.append(TITLE_NOUNS.get(head, head))
    return frozenset(words)


class References:
    """The people and bodies a doc names, in text order."""

    def __init__(self, doc: Doc):
        self.people: list[Named] = []
        self.bodies: list[Named] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON" and any(t.is_alpha for t in ent):
                self.people.append(Named(ent.start, clean_name(ent), _titles_before(ent)))
            elif ent.label_ == "ORG":
                self.bodies.append(Named(ent.start, clean_name(ent), frozenset()))

    def full_names(self, before: int) -> list[str]:
        """The people's names as written before token index `before`, one per mention, in text order."""
        return [p.name for p in self.people if p.start < before]

    def person_titled(self, tok: Token, later: bool = False) -> str | None:
        """The person a description names by office (`the president` -> `Obama`): nearest before, else first after.

        Every word of the description must be among the person's titles (`the Republican nominee` is
        not the Democratic one), places aside (`a New York judge`), and a qualified office (`vice
        president`) is no plain one. `later`: only a person named after the description.
        """
        head = TITLE_NOUNS.get(tok.lemma_.lower(), tok.lemma_.lower())
        words = {
            TITLE_NOUNS.get(c.lower_, c.lower_)
            for c in tok.lefts
            if c.dep_ in ("amod", "compound") and c.ent_type_ not in ("GPE", "LOC")
        }
        found = [
            p for p in self.people if head in p.titles and words <= p.titles and not (p.titles & QUALIFIERS) - words
        ]
        before = [] if later else [p for p in found if p.start < tok.i]
        found = [p for p in found if p.start > tok.i] if later else found
        pick = before[-1] if before else (found[0] if found else None)
        return pick.name if pick else None

    def body_named(self, tok: Token) -> str | None:
        """The body a noun stands for (`the fund` -> `International Monetary Fund`): a name containing it."""
        head = tok.lemma_.lower()
        found = [b for b in self.bodies if head in b.name.lower().split() or head + "s" in b.name.lower().split()]
        before = [b for b in found if b.start < tok.i]
        pick = before[-1] if before else (found[0] if found else None)
        return pick.name if pick else None
