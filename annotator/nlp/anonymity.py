"""Why an unnamed source is unnamed: the status and the words that give the reason."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

NOT_AUTHORIZED = "anonymous_not_authorized"
REASON_GIVEN = "anonymous_reason_given"
NO_REASON = "anonymous_no_reason"

_PERMIT = frozenset("authorize authorise allow permit clear empower".split())
_ANONYMITY = re.compile(r"\b(anonymity|anonymously|not to be (named|identified)|"
                        r"(declined|refused|asked) (not )?to be (named|identified)|"
                        r"without being (named|identified)|on background)\b", re.I)
_REASON = re.compile(r"\b(because|since|as|for fear|fearing|citing|due to|given|out of fear|to avoid|"
                     r"so as not to|lest|to (discuss|describe|talk about|speak about|share|reveal))\b[^.;,\n]*",
                     re.I)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(
        t.lower_ in ("not", "n't", "never") for t in tok.doc[max(tok.i - 3, 0):tok.i])


def _without_conjuncts(tok: Token) -> list[Token]:
    """tok's subtree without coordinated clauses (`... on the matter and demanded anonymity`)."""
    out = [tok]
    for child in tok.children:
        if child.dep_ not in ("conj", "cc"):
            out.extend(_without_conjuncts(child))
    return out


def _not_authorized(tokens: list[Token]) -> tuple[int, int] | None:
    """Character span of `who weren't authorized to speak publicly` among tokens."""
    for tok in tokens:
        if tok.lemma_.lower() in _PERMIT and _negated(tok):
            kept = sorted(_without_conjuncts(tok), key=lambda t: t.i)
            kept = [t for t in kept if not t.is_punct or t.is_quote]
            start, end = kept[0], kept[-1]
            return start.idx, end.idx + len(end.text)
    return None


def anonymity(source: Token | None, sent: Span) -> tuple[str, tuple[int, int] | None]:
    """Status of an unnamed source, with the reason span when the sentence gives one."""
    near = list(source.subtree) if source is not None else []
    span = _not_authorized(near) or _not_authorized(list(sent))
    if span is not None:
        return NOT_AUTHORIZED, span
    text = sent.text
    mark = _ANONYMITY.search(text)
    found = _REASON.search(text, mark.end()) if mark is not None else None
    if found is not None and found.start() - mark.end() <= 30:  # the reason follows the request
        return REASON_GIVEN, (sent.start_char + found.start(), sent.start_char + found.end())
    return NO_REASON, None
