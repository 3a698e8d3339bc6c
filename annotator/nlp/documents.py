"""Documents, polls and data as sources: they speak for their named author, else their publisher.

GUIDELINES.md: none of them is an unnamed source, whatever the text says of who wrote them.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import DOC_NOUNS, POLL_NOUNS, SHARE_WORDS
from .mentions import is_definite
from .sentences import sentence
from .sources import clean_name, entity, mention


def is_document(tok: Token) -> bool:
    """Whether a source's head names a document, recording, poll or data set (`emails`, `the book`)."""
    return tok.lemma_.lower() in DOC_NOUNS or tok.lower_ in DOC_NOUNS


def is_share(tok: Token) -> bool:
    """Whether a source is a share of respondents (`63 percent`, `a majority of voters`, `half`,
    `eight of 10 voters`)."""
    counted = any(c.dep_ == "nummod" and any(q.lower_ == "of" for q in c.children) for c in tok.children)
    return tok.like_num or tok.lower_ in SHARE_WORDS or tok.text == "%" or counted


def _author_words(tok: Token) -> list[Token]:
    """Where a document names its author: its own mention, and `released by X` / `from X` after it."""
    words = list(mention(tok))
    for child in tok.rights:
        if child.dep_ == "acl":  # `an analysis released by the department`
            words.extend(t for c in child.children if c.dep_ == "agent" for t in c.subtree)
        elif child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            words.extend(child.subtree)
    return words


def author(tok: Token) -> Span | None:
    """The person or body a document names as its author or publisher, else None."""
    for word in _author_words(tok):
        found = entity(word) if word.i != tok.i and word.ent_type_ in ("PERSON", "ORG") else None
        if found is not None and any(t.is_alpha for t in found):
            return found
    return None


def earlier_author(tok: Token, reach: int = 400) -> Span | None:
    """For `the poll`: the author of the latest document of the same kind named in the tokens before it."""
    if not is_definite(tok):
        return None
    kind = tok.lemma_.lower()
    for earlier in reversed(tok.doc[max(0, tok.i - reach) : tok.i]):
        if earlier.lemma_.lower() == kind:
            found = author(earlier)
            if found is not None:
                return found
    return None


def poll_before(tok: Token, sentences_back: int = 6) -> Token | None:
    """The nearest poll or survey mentioned in the source's sentence or the few before it."""
    doc, start = tok.doc, sentence(tok).start
    for _ in range(sentences_back):
        if start == 0:
            break
        start = sentence(doc[start - 1]).start
    polls = [t for t in doc[start : sentence(tok).end] if t.lemma_.lower() in POLL_NOUNS]
    after = [t for t in polls if t.i > tok.i]  # `63 percent said in a Gallup poll`
    before = [t for t in polls if t.i < tok.i]
    return after[0] if after else (before[-1] if before else None)


def description(tok: Token) -> str:
    """A document's name as written when the text names no author (`a new poll` -> `new poll`)."""
    return clean_name(mention(tok))
