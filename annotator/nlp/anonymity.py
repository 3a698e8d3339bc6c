"""Why an unnamed source is unnamed: the status and the words that give the reason."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

NOT_AUTHORIZED = "anonymous_not_authorized"
REASON_GIVEN = "anonymous_reason_given"
NO_REASON = "anonymous_no_reason"

_PERMIT = frozenset("authorize authorise allow permit clear empower".split())
_ANONYMITY = re.compile(
    r"\b(anonymity|anonymously|not to be (named|identified)|"
    r"(declined|refused|asked) (not )?to be (named|identified)|"
    r"without being (named|identified)|on background)\b",
    re.I,
)
# Dependencies that open another noun's modifier or a reported clause: their words are not the source's.
_OTHER_WORDS = frozenset({"relcl", "acl", "appos", "ccomp", "csubj", "csubjpass"})
_REASON = re.compile(
    r"\b(because|since|as|for fear|fearing|citing|due to|given|out of fear|to avoid|"
    r"so as not to|lest|to (discuss|describe|talk about|speak about|share|reveal))\b[^.;,\n]*",
    re.I,
)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children) or any(
        t.lower_ in ("not", "n't", "never") for t in tok.doc[max(tok.i - 3, 0) : tok.i]
    )


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


def _own(tok: Token, source: Token, clause: set[int]) -> bool:
    """Whether tok tells of source: its mention or clause, not another noun's modifier or a reported clause."""
    if source.left_edge.i <= tok.i <= source.right_edge.i:
        return True
    while tok.i not in clause:
        if tok.dep_ in _OTHER_WORDS:
            return False
        if tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and tok.doc[tok.i - 1].text == ",":
            return True  # `..., speaking on condition of anonymity`: the parser hangs it low, it tells of the subject
        if tok.head is tok:
            return False
        tok = tok.head
    return True


def _scope(source: Token, sent: Span) -> list[Token]:
    """The tokens of sent that may say why source is unnamed."""
    clause = {t.i for t in source.ancestors} | {source.i}
    return [t for t in sent if _own(t, source, clause)]


def _within(tokens: list[Token], start: int) -> bool:
    """Whether the character at start lies on one of tokens."""
    return any(t.idx <= start < t.idx + len(t.text_with_ws) for t in tokens)


def anonymity(source: Token, sent: Span) -> tuple[str, tuple[int, int] | None]:
    """Status of an unnamed source, with the reason span when its own words or clause give one."""
    near = list(source.subtree)
    scope = _scope(source, sent)
    span = _not_authorized(near) or _not_authorized(scope)
    if span is not None:
        return NOT_AUTHORIZED, span
    text, base = sent.text, sent.start_char
    for mark in _ANONYMITY.finditer(text):
        if not _within(scope, base + mark.start()):
            continue  # another source's anonymity (`council members, who spoke on condition of anonymity`)
        found = _REASON.search(text, mark.end())
        if (
            found is not None and found.start() - mark.end() <= 30 and _within(scope, base + found.start())
        ):  # the reason follows the request
            return REASON_GIVEN, (base + found.start(), base + found.end())
    return NO_REASON, None
