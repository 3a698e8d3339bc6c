"""Source mentions: the span as written, and the role and affiliation the text gives them."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import DEPARTMENTS, GOVERNMENTS, HONORIFICS, OPPOSITION, ORG_NOUNS, PERSON_NOUNS, TITLES

# Children that follow a mention without being part of it (GUIDELINES: no appositives or clauses).
CUT_DEPS = frozenset({"appos", "relcl", "acl", "punct", "parataxis", "advcl", "prep"})


def entity(tok: Token) -> Span | None:
    """The named entity tok is part of, found from the IOB tags (no scan of doc.ents)."""
    if tok.ent_iob_ == "O" or not tok.ent_type_:
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def mention(tok: Token) -> Span:
    """The source mention headed by tok: determiner, titles, compounds and conjuncts included."""
    doc = tok.doc
    start, end = tok.left_edge.i, tok.i + 1
    for child in tok.rights:
        if child.dep_ in CUT_DEPS and not (child.dep_ == "prep" and child.ent_type_ and tok.ent_type_):
            if child.dep_ == "prep" and child.lower_ in ("of", "for") and not _comma_before(child):
                end = child.right_edge.i + 1  # `a spokesman for the ministry`, `head of the group`
                continue
            break
        end = child.right_edge.i + 1
    # a relative clause deeper in a modifier (`officials familiar with the matter who spoke ...`)
    end = next(
        (
            t.i
            for t in doc[tok.i + 1 : end]
            if t.dep_ == "relcl"
            or t.head.dep_ == "relcl"
            and t.i < t.head.i
            and t.lower_ in ("who", "which", "that", "whom", "whose")
        ),
        end,
    )
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    ent = entity(tok)
    if ent is not None:  # never cut a name in two
        start, end = min(start, ent.start), max(end, ent.end)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else doc[tok.i : tok.i + 1]


def _comma_before(tok: Token) -> bool:
    return tok.i > 0 and tok.doc[tok.i - 1].text == ","


def strip_titles(words: list[str]) -> list[str]:
    """Words of a name without leading determiners and titles (`the`, `Col.`)."""
    while len(words) > 1 and (words[0].lower() in TITLES or words[0].lower() == "the"):
        words = words[1:]
    return words


def clean_name(span: Span) -> str:
    """A name as speakers are recorded: no titles, no leading `the`, no possessive mark."""
    words = [t.text for t in span if not (t.tag_ == "POS" or t.is_punct and t.text in ",;")]
    text = " ".join(strip_titles(words))
    return text.replace(" - ", "-").replace(" -", "-").replace("- ", "-")


def _appositive(tok: Token) -> Token | None:
    return next((c for c in tok.rights if c.dep_ == "appos"), None)


def _entity_text(tok: Token) -> str:
    ent = entity(tok)
    return clean_name(ent if ent is not None else mention(tok))


def role_and_affiliation(tok: Token) -> tuple[str | None, str | None]:
    """Role and affiliation from an appositive (`a Syria expert with the ISW`) or relative clause."""
    role, affiliation = None, None
    appos = _appositive(tok)
    if appos is not None:
        words = [t for t in appos.lefts if t.dep_ not in ("det", "punct")]
        words = [t for w in words for t in w.subtree] + [appos]
        role = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
        for prep in appos.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("with", "at", "of", "for", "from"):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None and (pobj.ent_type_ in ("ORG", "GPE") or pobj.pos_ == "PROPN"):
                    affiliation = _entity_text(pobj)
                    break
        relcl = next((c for c in appos.rights if c.dep_ == "relcl"), None)
        if relcl is not None:
            role += " " + tok.doc[relcl.left_edge.i : relcl.right_edge.i + 1].text
    relcl = next((c for c in tok.rights if c.dep_ == "relcl"), None)
    if relcl is not None and relcl.lemma_ in ("head", "lead", "run", "direct", "chair", "found"):
        obj = next((c for c in relcl.children if c.dep_ == "dobj"), None)
        role = role or relcl.lemma_
        if obj is not None:
            affiliation = affiliation or _entity_text(obj)
    return role, affiliation


def title_before(tok: Token, span: Span) -> str | None:
    """The title written before a person's name (`Council President` in `Council President Dana Whitfield`)."""
    ent = entity(tok)
    if ent is None or ent.label_ != "PERSON" or ent.start <= span.start:
        return None
    words = [t for t in tok.doc[span.start : ent.start] if t.dep_ != "det"]
    if not words or any(t.tag_ == "POS" or t.is_punct and t.text != "." for t in words):
        return None  # `Trump's lawyer Rudy Giuliani`, `Smith, Jones`: not one title
    last = words[-1]
    # the last word must be an office or a description, so a first name the NER left out is no role
    if last.lower_ not in TITLES and last.lemma_.lower() not in PERSON_NOUNS or last.lower_ in HONORIFICS:
        return None
    return " ".join(t.text for t in words)


def affiliation_modifier(tok: Token) -> Token | None:
    """The body named inside an appositive's title (`coalition` in `Col. X, coalition spokesman`)."""
    appos = _appositive(tok)
    if appos is None:
        return None
    return next(
        (
            c
            for c in appos.lefts
            if c.dep_ in ("compound", "nmod") and (c.pos_ == "PROPN" or c.lemma_.lower() in ORG_NOUNS)
        ),
        None,
    )


def implied_affiliation(tok: Token) -> str | None:
    """The body a modifier implies: `U.S. officials` -> U.S. government, `Syrian activists` -> opposition."""
    parts = []
    for head in [tok] + [c for c in tok.children if c.dep_ == "conj"]:
        mods = [c for c in head.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
        words = " ".join(m.text.lower() for m in mods)
        country = next((GOVERNMENTS[m.text.lower()] for m in mods if m.text.lower() in GOVERNMENTS), None)
        adjective = next((m.text for m in mods if m.text.lower() in GOVERNMENTS), None)
        if country is None:
            continue
        dept = next((v for k, v in DEPARTMENTS.items() if k in words), None)
        if head.lemma_ in ("activist", "rebel", "opposition") or any(m.lower_ in OPPOSITION for m in mods):
            parts.append(f"{adjective} opposition")
        elif dept is not None:
            parts.append(f"{country.split()[0]} {dept}")
        else:
            parts.append(country)
    return "; ".join(dict.fromkeys(parts)) or None


def is_org_head(tok: Token) -> bool:
    """Whether the mention names a body (`Russia`, `the U.S. military`, `the group`)."""
    return tok.ent_type_ in ("ORG", "GPE", "NORP", "FAC") or tok.lemma_.lower() in ORG_NOUNS
