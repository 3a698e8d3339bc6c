"""Where a reporting verb's claim is: grammar helpers and content rules over the dependency parse."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .lexicon import ANONYMITY_VERBS, EMPTY_OBJECTS, FOR_CUES, NOUN_CUES, PARTICIPLE_DEPS, PREP_CUES, XCOMP_CUES
from .sentences import sentence

Range = tuple[int, int]
# Dependencies of a clause the parser hangs on a cue that stands aside (`..., she said.`).
ASIDE_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj"})
# Children of a cue that continue a noun-phrase content (`reported five strikes in May`).
NOUN_TAIL_DEPS = frozenset({"prep", "advmod", "npadvmod", "dative"})


def subject_of(verb: Token) -> Token | None:
    """The subject of verb, or the agent of a passive verb (`by X`)."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def is_passive(verb: Token) -> bool:
    """Whether verb is in the passive voice."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def inherited_subject(verb: Token) -> Token | None:
    """Subject of the clause a participle or coordinated verb hangs on (`she said, noting ...`)."""
    seen = 0
    while verb.dep_ in PARTICIPLE_DEPS and verb.head is not verb and seen < 4:
        verb, seen = verb.head, seen + 1
        subject = subject_of(verb)
        if subject is not None:
            return subject
    return None


def trim(doc: Doc, start: int, end: int) -> Range | None:
    """Token range without leading conjunctions or punctuation, and trailing punctuation.

    The complementizer `that` stays (GUIDELINES.md: `said that the talks failed` -> `that the talks failed`).
    """
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"):
        if doc[start].is_quote:
            break  # an opening quote mark belongs to the content
        start += 1
    while end > start and (
        doc[end - 1].is_space or (doc[end - 1].is_punct and not doc[end - 1].is_quote and doc[end - 1].text not in ")]")
    ):
        end -= 1
    if end - start < 1 or not any(t.is_alpha or t.like_num for t in doc[start:end]):
        return None
    return start, end


def _noun_content(verb: Token, obj: Token) -> Range:
    """The object's phrase plus the adjuncts that follow it before any comma."""
    end = obj.right_edge.i + 1
    for child in verb.rights:
        if child.i < end:
            continue
        if child.dep_ not in NOUN_TAIL_DEPS or child.doc[end - 1].is_punct:
            break
        end = child.right_edge.i + 1
    return obj.left_edge.i, end


def _aside_content(cue: Token, head: Token) -> Range | None:
    """For `X happened, she said`: the clause the cue's phrase sets off with a comma.

    When the clause's verb comes after the aside (`The museum, he said, celebrated ...`) the
    content is the whole clause around it; otherwise the part before the aside.
    """
    doc = cue.doc
    subject = subject_of(cue)
    left = min(cue.i, subject.left_edge.i) if subject is not None else cue.i
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


def _clause(verb: Token, lemma: str, subject: Token | None) -> Range | None:
    """`said (that) X`, `vowed to X`: the complement clause."""
    clauses = [
        c
        for c in verb.children
        if c.dep_ in ("ccomp", "csubjpass")
        or (c.dep_ == "xcomp" and (c.tag_ in ("VBD", "VBZ", "VBP") or lemma in XCOMP_CUES))
    ]
    if not clauses:
        return None
    right = [c for c in clauses if c.i > verb.i]
    clause = right[0] if right else clauses[-1]
    if clause.lemma_.lower() in ANONYMITY_VERBS and is_passive(clause):
        return None
    return clause.left_edge.i, clause.right_edge.i + 1


def _object(verb: Token, lemma: str, subject: Token | None) -> Range | None:
    """`confirm those accounts`: a direct object that is the claim."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if lemma not in NOUN_CUES or obj is None or (lemma == "say" and obj.lower_ in EMPTY_OBJECTS):
        return None
    return _noun_content(verb, obj)


def _for_passive(verb: Token, lemma: str, subject: Token | None) -> Range | None:
    """`has been criticized for airstrikes`: the reproach of an unnamed critic."""
    if lemma not in FOR_CUES or not is_passive(verb):
        return None
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "for"), None)
    pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None) if prep else None
    return (pobj.left_edge.i, pobj.right_edge.i + 1) if pobj is not None else None


def _by_agent(verb: Token, lemma: str, subject: Token | None) -> Range | None:
    """`The meeting was first reported by Politico`: the passive subject is the claim."""
    target = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if target is None or subject is None or subject.dep_ != "pobj" or target.lower_ in EMPTY_OBJECTS:
        return None
    return target.left_edge.i, target.right_edge.i + 1


def _prep(verb: Token, lemma: str, subject: Token | None) -> Range | None:
    """`called for a moratorium`, `warned of a crisis`: the object of the preposition."""
    obj = _prep_object(verb, lemma)
    return (obj.left_edge.i, obj.right_edge.i + 1) if obj is not None else None


def _naming(verb: Token, lemma: str, subject: Token | None) -> Range | None:
    """`called the plan "a disaster"`, `calling Trump a fascist`: what the speaker calls it."""
    if lemma != "call" or any(c.tag_.startswith("W") for c in verb.children):
        return None
    rights = [c for c in verb.rights if c.dep_ not in ("punct", "advcl", "cc", "conj", "prep")]
    second = next((c for c in rights if c.dep_ in ("oprd", "xcomp")), None)
    obj = next((c for c in rights if c.dep_ == "dobj"), None)
    if subject is None and (obj is None or second is None or verb.dep_ == "acl"):
        return None  # `a program called "Cubs"` names a thing; `call them "lone wolves"` still reports
    if (
        second is None
        and obj is not None
        and obj.right_edge.i + 1 < len(verb.doc)
        and verb.doc[obj.right_edge.i + 1].is_quote
    ):
        second = obj.right_edge.nbor()  # the parser left the quoted name unattached
        end = next((t.i for t in verb.doc[second.i + 1 : sentence(verb).end] if t.is_quote), second.i) + 1
        return obj.left_edge.i, end
    if second is None:
        return None
    start = obj.left_edge.i if obj is not None else second.left_edge.i
    return start, second.right_edge.i + 1


def _as_reported(verb: Token, lemma: str, subject: Token | None) -> Range | None:
    """`As The Washington Post reported, X`: the clause the `as` aside qualifies."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    head = verb.head
    if verb.i < head.i:
        return verb.right_edge.i + 1, head.right_edge.i + 1
    return head.left_edge.i, verb.left_edge.i


def _aside(verb: Token, lemma: str, subject: Token | None) -> Range | None:
    """`X happened, she said`: the clause the cue's phrase sets off."""
    if (
        verb.dep_ in ASIDE_DEPS
        and verb.head is not verb
        and subject_of(verb) is not None
        and verb.head.pos_ in ("VERB", "AUX")
    ):
        return _aside_content(verb, verb.head)
    return None


# Where the claim of a reporting verb is, tried in this order (the first that applies wins).
CONTENT_RULES = (
    ("clause", _clause),
    ("noun", _object),
    ("passive", _for_passive),
    ("agent", _by_agent),
    ("noun", _prep),
    ("noun", _naming),
    ("aside", _as_reported),
    ("aside", _aside),
)
