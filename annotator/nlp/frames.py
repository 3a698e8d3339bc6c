"""Cue frames from the dependency parse: the cue, the source's head token and the content tokens."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .lexicon import CUE_LEMMAS, FOR_CUES, NOT_SPEAKER_LABELS, NOUN_CUES, PARTICIPLE_DEPS, PREP_CUES, XCOMP_CUES

# Dependencies of a clause the parser hangs on a cue that stands aside (`..., she said.`).
ASIDE_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj"})
# Children of a cue that continue a noun-phrase content (`reported five strikes in May`).
NOUN_TAIL_DEPS = frozenset({"prep", "advmod", "npadvmod", "dative"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


@dataclass
class Frame:
    """One reporting event: token ranges are [start, end) token indices."""

    anchor: Token
    cue: tuple[int, int]
    content: tuple[int, int] | None
    source: Token | None
    rule: str
    passive: bool = False


def _subject(verb: Token) -> Token | None:
    """The subject of verb, or the agent of a passive verb (`by X`)."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _inherited_subject(verb: Token) -> Token | None:
    """Subject of the clause a participle or coordinated verb hangs on (`she said, noting ...`)."""
    seen = 0
    while verb.dep_ in PARTICIPLE_DEPS and verb.head is not verb and seen < 4:
        verb, seen = verb.head, seen + 1
        subject = _subject(verb)
        if subject is not None:
            return subject
    return None


def trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range without leading conjunctions, `that` or punctuation, and trailing punctuation."""
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"
                           or (doc[start].dep_ == "mark" and doc[start].lower_ == "that")):
        if doc[start].is_quote:
            break  # an opening quote mark belongs to the content
        start += 1
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and not doc[end - 1].is_quote
                                                     and doc[end - 1].text not in ")]")):
        end -= 1
    if end - start < 1 or not any(t.is_alpha or t.like_num for t in doc[start:end]):
        return None
    return start, end


def _noun_content(verb: Token, obj: Token) -> tuple[int, int]:
    """The object's phrase plus the adjuncts that follow it before any comma."""
    end = obj.right_edge.i + 1
    for child in verb.rights:
        if child.i < end:
            continue
        if child.dep_ not in NOUN_TAIL_DEPS or child.doc[end - 1].is_punct:
            break
        end = child.right_edge.i + 1
    return obj.left_edge.i, end


def _aside_content(cue: Token, head: Token) -> tuple[int, int] | None:
    """For `X happened, she said`: the clause the cue's phrase sets off with a comma.

    When the clause's verb comes after the aside (`The museum, he said, celebrated ...`) the
    content is the whole clause around it; otherwise the part before the aside.
    """
    doc = cue.doc
    left = min(t.i for t in (cue, _subject(cue) or cue))
    while left > 0 and doc[left - 1].is_quote:
        left -= 1
    start = head.left_edge.i
    if left <= start or doc[left - 1].text not in (",", "\u2014", "--"):
        return None
    if head.i > cue.i:
        return start, head.right_edge.i + 1
    return start, left


def _prep_object(verb: Token, lemma: str) -> Token | None:
    """The object of a preposition that carries the claim (`warned of a crisis`)."""
    for child in verb.rights:
        if child.dep_ in ("prep", "prt") and lemma in PREP_CUES.get(child.lower_, ()):
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return obj
    return None


def _verb_frame(verb: Token) -> Frame | None:
    """Frame for a reporting verb, or None when the verb reports nothing."""
    lemma = verb.lemma_.lower()
    passive = _is_passive(verb)
    subject = _subject(verb)
    if subject is None and not passive:
        subject = _inherited_subject(verb)
    content, rule = None, "clause"
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "csubjpass") or
               (c.dep_ == "xcomp" and (c.tag_ in ("VBD", "VBZ", "VBP") or lemma in XCOMP_CUES))]
    if clauses:
        right = [c for c in clauses if c.i > verb.i]
        clause = right[0] if right else clauses[-1]
        content = (clause.left_edge.i, clause.right_edge.i + 1)
    elif lemma in NOUN_CUES and (obj := next((c for c in verb.rights if c.dep_ == "dobj"), None)) is not None:
        content, rule = _noun_content(verb, obj), "noun"
    elif passive and lemma in FOR_CUES:
        prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "for"), None)
        pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep else None
        if pobj is not None:
            content, rule = (pobj.left_edge.i, pobj.right_edge.i + 1), "passive"
    elif (prep := _prep_object(verb, lemma)) is not None:
        content, rule = (prep.left_edge.i, prep.right_edge.i + 1), "noun"
    elif lemma == "call" and (oprd := next((c for c in verb.rights if c.dep_ in ("oprd", "ccomp")), None)) \
            is not None and subject is not None:
        obj = next((c for c in verb.rights if c.dep_ == "dobj"), oprd)
        content, rule = (obj.left_edge.i, oprd.right_edge.i + 1), "noun"
    elif verb.dep_ in ASIDE_DEPS and verb.head is not verb and _subject(verb) is not None \
            and verb.head.pos_ in ("VERB", "AUX"):
        content, rule = _aside_content(verb, verb.head), "aside"
    if passive and subject is None and rule != "passive":
        rule += "-passive"
    if content is not None:
        content = trim(verb.doc, *content)
    return Frame(verb, (verb.i, verb.i + 1), content, subject, rule, passive)


def _according_frame(tok: Token) -> Frame | None:
    """Frame for `according to X`: content is the claim before it, else the one after."""
    doc = tok.doc
    to = doc[tok.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None and tok.i + 2 < len(doc) and not doc[tok.i + 2].is_punct:
        source = doc[tok.i + 2]
    phrase_end = max(to.right_edge.i, source.right_edge.i if source is not None else to.i) + 1
    head = tok.head if tok.head is not tok else tok
    sent = tok.sent
    left_start = min(head.left_edge.i, tok.i) if head.i != tok.i else sent.start
    left_start = max(left_start, sent.start)
    content = trim(doc, left_start, tok.i)
    if content is None:
        right_end = max(head.right_edge.i + 1, phrase_end) if head.i != tok.i else sent.end
        right_end = min(right_end, sent.end)
        content = trim(doc, phrase_end, right_end)
    return Frame(tok, (tok.i, tok.i + 2), content, source, "according")


def _line_start(tok: Token) -> bool:
    return tok.i == 0 or "\n" in tok.doc[tok.i - 1].text or "\n" in tok.doc[tok.i - 1].whitespace_


def _colon_frame(colon: Token) -> Frame | None:
    """`Pence: Flowers won't be at the debate` (headlines, transcripts): a name, a colon, the claim."""
    doc = colon.doc
    start = colon.i
    while start > 0 and colon.i - start < 5 and not _line_start(doc[start]):
        start -= 1
    label = doc[start:colon.i]
    if not _line_start(doc[start]) or not label or not all(t.is_title or t.is_upper or t.pos_ == "PROPN" or
                                                          t.is_punct for t in label):
        return None
    if label[0].lower_ in NOT_SPEAKER_LABELS or len(label.text) < 2 or label[-1].like_num:
        return None
    end = colon.i + 1
    while end < len(doc) and "\n" not in doc[end].text and "\n" not in doc[end - 1].whitespace_:
        end += 1
    content = trim(doc, colon.i + 1, end)
    if content is None or content[1] - content[0] < 3:
        return None
    return Frame(colon, (colon.i, colon.i + 1), content, label.root, "colon")


def find_frames(doc: Doc) -> list[Frame]:
    """Every reporting frame in the doc, in text order (content may be None: a dangling cue)."""
    frames = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.text == ":" and tok.i > 0:
            frame = _colon_frame(tok)
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            frame = _according_frame(tok)
        elif tok.pos_ == "VERB" and lemma in CUE_LEMMAS:
            frame = _verb_frame(tok)
        else:
            continue
        if frame is not None:
            frames.append(frame)
    return frames
