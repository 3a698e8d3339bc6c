"""Shapes of a source mention that decide how it resolves: lists of names, appositions, descriptions."""
from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import OFFICE_HOLDERS, PERSON_NOUNS, TITLES
from .sources import entity


def proper_modifiers(tok: Token) -> list[Token]:
    """Proper nouns and named groups before a head (`Pentagon` in `a Pentagon spokesman`), titles aside."""
    return [t for t in tok.subtree if t.i < tok.i and (t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG"))
            and t.lower_ not in TITLES]


def possessor(tok: Token) -> Token | None:
    """The possessive before a noun (`her` in `her campaign`, `Clinton` in `Clinton's emails`)."""
    return next((c for c in tok.lefts if c.dep_ == "poss"), None)


def office_of(tok: Token) -> bool:
    """Whether a body is named by the office holder it serves (`the mayor's office`, `the governor's campaign`)."""
    owner = possessor(tok)
    return owner is not None and owner.lemma_.lower() in OFFICE_HOLDERS and \
        any(c.dep_ == "det" and c.lower_ == "the" for c in owner.lefts)


def coordinated_people(tok: Token) -> list[Token]:
    """The heads of a list of named people (`Alvarez, Becker and Cho`), in text order; [tok] when alone.

    The parser often reads `A, B and C` as A with B in apposition and C coordinated with B; a name in
    apposition that itself heads a coordination belongs to the list too.
    """
    found, todo = [tok], [tok]
    while todo:
        head = todo.pop()
        for child in head.children:
            listed = child.dep_ == "conj" or child.dep_ == "appos" and any(c.dep_ == "conj" for c in child.children)
            if listed and child.ent_type_ == "PERSON" and child not in found:
                found.append(child)
                todo.append(child)
    return sorted(found, key=lambda t: t.i)


def apposed_name(tok: Token) -> Span | None:
    """The person's name set beside a description (`the state's chairman, Phil Lovas,`)."""
    appos = next((c for c in tok.rights if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    return entity(appos) if appos is not None else None


def is_definite(tok: Token) -> bool:
    """Whether a noun is introduced as known to the reader (`the senator`, `this agency`)."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.lefts)


def of_people(tok: Token) -> bool:
    """`a group of doctors`: a body word that only gathers people the text does not name."""
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    return pobj is not None and pobj.lemma_.lower() in PERSON_NOUNS
