"""Shapes of a source mention that decide how it resolves: lists of names, appositions, descriptions."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import OFFICE_HOLDERS, PERSON_NOUNS, TITLES
from .sources import entity


def proper_modifiers(tok: Token) -> list[Token]:
    """Proper nouns and named groups before a head (`Pentagon` in `a Pentagon spokesman`), titles aside."""
    return [
        t
        for t in tok.subtree
        if t.i < tok.i and (t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG")) and t.lower_ not in TITLES
    ]


def possessor(tok: Token) -> Token | None:
    """The possessive before a noun (`her` in `her campaign`, `Clinton` in `Clinton's emails`)."""
    return next((c for c in tok.lefts if c.dep_ == "poss"), None)


def office_of(tok: Token) -> bool:
    """Whether a body is named by the office holder it serves (`the mayor's office`, `the governor's campaign`)."""
    owner = possessor(tok)
    return (
        owner is not None
        and owner.lemma_.lower() in OFFICE_HOLDERS
        and any(c.dep_ == "det" and c.lower_ == "the" for c in owner.lefts)
    )


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


def antecedent(rel: Token) -> Token | None:
    """The noun a relative pronoun stands for (`Tom Okafor, who said`), None when the parse shows none.

    The parser sometimes hangs the relative clause on the verb before it; the noun just before the
    pronoun is then the antecedent. A description in apposition to a name (`McConnell, now the
    majority leader, who said`) stands for that name.
    """
    clause = rel.head
    noun = clause.head if clause.dep_ in ("relcl", "acl") and clause.head.pos_ in ("NOUN", "PROPN") else None
    if noun is None:
        before = next((t for t in reversed(rel.doc[max(0, rel.i - 2) : rel.i]) if not t.is_punct), None)
        noun = before if before is not None and before.pos_ in ("NOUN", "PROPN") else None
    if noun is not None and noun.dep_ == "appos" and (noun.head.pos_ == "PROPN" or noun.head.ent_type_):
        noun = noun.head
    return noun


def spoken_for(tok: Token) -> Token | None:
    """The name a spokesperson speaks for (`Hillary Clinton` in `a spokeswoman for Hillary Clinton`)."""
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "for"), None)
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    return pobj if pobj is not None and (pobj.pos_ == "PROPN" or pobj.ent_type_ in ("PERSON", "ORG", "GPE")) else None
