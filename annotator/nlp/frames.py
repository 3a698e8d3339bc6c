"""Cue frames: the cue, the source's head token and the content tokens of each reporting event."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .content import CONTENT_RULES, inherited_subject, is_passive, subject_of, trim
from .lexicon import CUE_LEMMAS, HEARSAY_ADVERBS, NOT_SPEAKER_LABELS
from .sentences import sentence


@dataclass
class Frame:
    """One reporting event: token ranges are [start, end) token indices."""

    anchor: Token
    cue: tuple[int, int]
    content: tuple[int, int] | None
    source: Token | None
    rule: str
    passive: bool = False


def _verb_frame(verb: Token) -> Frame:
    """Frame for a reporting verb (content None when no rule finds its claim)."""
    lemma = verb.lemma_.lower()
    passive = is_passive(verb)
    subject = subject_of(verb)
    if subject is None and not passive:
        subject = inherited_subject(verb)
    content, rule = None, "clause"
    for name, find in CONTENT_RULES:
        content = find(verb, lemma, subject)
        if content is not None:
            rule = name
            break
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
    sent = sentence(tok)
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
    if not _line_start(doc[start]):
        return None
    if doc[start].is_quote:
        start += 1  # a transcript quoted line by line: `"PENCE: Well, ...`
    label = doc[start : colon.i]
    if not label or not all(t.is_title or t.is_upper or t.pos_ == "PROPN" or t.is_punct for t in label):
        return None
    if label[0].lower_ in NOT_SPEAKER_LABELS or label[-1].like_num or label[-1].is_punct:
        return None
    end = colon.i + 1
    while end < len(doc) and "\n" not in doc[end].text and "\n" not in doc[end - 1].whitespace_:
        end += 1
    content = trim(doc, colon.i + 1, end)
    if content is None or content[1] - content[0] < 3:
        return None
    return Frame(colon, (colon.i, colon.i + 1), content, label.root, "colon")


def dash_frame(doc: Doc, quote_end: int) -> Frame | None:
    """`"..." - Sanders.` or `"..." \u2015 Sonya Herridge`: a quote signed with a dash and a name."""
    end_char = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    span = doc.char_span(quote_end, min(end_char, quote_end + 60), alignment_mode="contract")
    if span is None:
        return None
    toks = [t for t in span if not t.is_space]
    if len(toks) < 2 or toks[0].text not in ("-", "--", "\u2014", "\u2013", "\u2015"):
        return None
    name: list = []
    for t in toks[1:]:
        if not (t.pos_ == "PROPN" or t.is_title and t.is_alpha) or len(name) == 4:
            break
        name.append(t)
    if not name or not (
        name[-1].i + 1 == len(doc)
        or doc[name[-1].i + 1].is_punct
        or "\n" in doc[name[-1].i].whitespace_
        or doc[name[-1].i + 1].is_space
    ):
        return None
    return Frame(toks[0], (toks[0].i, toks[0].i + 1), None, name[-1], "quote")


def _hearsay_frame(adverb: Token) -> Frame | None:
    """`The plant reportedly closed`: a claim pinned on nobody in particular (no source)."""
    head = adverb.head
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("conj", "cc"):  # `..., and workers left` is another claim
            break
        end = child.right_edge.i + 1
    content = trim(adverb.doc, head.left_edge.i, end)
    return Frame(adverb, (adverb.i, adverb.i + 1), content, None, "passive", passive=True) if content else None


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
        elif tok.lower_ in HEARSAY_ADVERBS and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX"):
            frame = _hearsay_frame(tok)
        else:
            continue
        if frame is not None:
            frames.append(frame)
    return frames
