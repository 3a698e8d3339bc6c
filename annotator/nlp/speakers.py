"""Who speaks: source mentions resolved to speakers, with type, affiliation, role and status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from . import documents
from .anonymity import NO_REASON, anonymity
from .genders import Genders, opposite, pronoun_gender
from .lexicon import (
    DESCRIPTION_HEADS,
    FIRST_PERSON,
    GOVERNMENTS,
    GROUP_PRONOUNS,
    ORG_NOUNS,
    PARTY_MEMBERS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    SPOKESPEOPLE,
    THING_PRONOUNS,
)
from .mentions import (
    antecedent,
    apposed_name,
    coordinated_people,
    is_definite,
    of_people,
    office_of,
    possessor,
    proper_modifiers,
    spoken_for,
)
from .references import References
from .sentences import sentence
from .sources import (
    affiliation_modifier,
    clean_name,
    entity,
    implied_affiliation,
    is_org_head,
    mention,
    role_and_affiliation,
    title_before,
)

ON_RECORD = "on_record"
SINGULAR_PERSON = frozenset("he she him her his hers".split())
INDEFINITE_SINGULAR = frozenset("someone somebody anyone anybody nobody one".split())
DEMONSTRATIVES = frozenset("this that".split())
LEAD_SENTENCES = 3
GENERIC_BODIES = frozenset("group organization organisation".split())


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker with the tags GUIDELINES.md defines."""

    name: str | None
    type: str | None
    affiliation: str | None = None
    role: str | None = None
    status: str | None = None
    reason: tuple[int, int] | None = None
    at: int = field(default=-1, compare=False)  # where the mention is, to weigh it against other antecedents

    @property
    def named(self) -> bool:
        """Whether the speaker is a named person or organization (on the record)."""
        return self.type in ("person", "organization")


AGENTLESS = Speaker(None, "unnamed_group", status=NO_REASON)
# A reference the resolver cannot follow: left for the editor (no speaker, no status, low confidence).
UNRESOLVED = Speaker(None, None)
# The writer of the article (`I`, `we` outside any quotation): named in the byline, so on the record.
AUTHOR = Speaker("the author", "person", status=ON_RECORD)


def _several(speaker: Speaker) -> bool:
    """Whether a speaker is several people named together (`Ann Lee; Maria Gomez`)."""
    return speaker.type == "person" and "; " in (speaker.name or "")


def _government(name: str) -> str:
    return GOVERNMENTS.get(name.lower(), name)


class Resolver:
    """Resolves source mentions in text order, remembering earlier speakers for pronouns."""

    def __init__(self, doc: Doc, claims: Sequence[tuple[int, int]] = ()):
        self.doc = doc
        self.history: list[Speaker] = []
        self.people = [e for e in doc.ents if e.label_ == "PERSON"]
        self.references = References(doc)
        self.last_people: Speaker | None = None  # the latest speaker that is several people named together
        self.authors: dict[str, Speaker] = {}  # document kind (`poll`) -> the author of the latest one named
        self.genders = Genders(doc)
        # the headline and opening sentences, where a person is often described before being named
        self.lead_end = next((s.end for i, s in enumerate(doc.sents) if i == LEAD_SENTENCES - 1), len(doc))
        # quotes and contents, character by character: the names in them are not antecedents
        self.claimed = bytearray(doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)
        for s, e in claims:
            self.claimed[s:e] = b"\x01" * (e - s)

    def _outside(self, tok: Token) -> bool:
        """Whether tok may be an antecedent: not inside quoted speech or reported content."""
        return not self.claimed[tok.idx]

    def _sentences_back(self, tok: Token, n: int) -> int:
        """Token index where the sentence n sentences before tok's starts."""
        start = sentence(tok).start
        for _ in range(n):
            if start == 0:
                break
            start = sentence(self.doc[start - 1]).start
        return start

    def _mention_before(self, tok: Token, fits) -> Token | None:
        """The nearest earlier subject or object (this sentence or the 3 before) that fits."""
        for i in range(tok.i - 1, self._sentences_back(tok, 3) - 1, -1):
            cand = self.doc[i]
            if cand.dep_ in ("nsubj", "nsubjpass", "appos", "pobj", "dobj") and fits(cand) and self._outside(cand):
                return cand
        return None

    def _last(self, *types: str, word: str | None = None, unlike: str | None = None) -> Speaker | None:
        """The latest speaker of these types (naming word, not of gender unlike) in history.

        Several people named together are no antecedent of a singular person (`he`, `the senator`).
        """
        for sp in reversed(self.history):
            if (
                sp.type in types
                and (word is None or word in (sp.name or "").lower())
                and not _several(sp)
                and (unlike is None or self.genders.of(sp.name) != unlike)
            ):
                return sp
        return None

    def _full_name(self, name: str, before: int) -> str:
        """The full name of first mention for a surname (`Dillon` -> `Ryan Dillon`).

        Only a longer name ending in the same words counts (`Jeh Johnson` is no `Gary Johnson`): the
        first speaker so named, else of the article's names the most frequent, then the first.
        """
        words = name.split()
        if not words:
            return name

        def extends(full: str) -> bool:
            return len(full.split()) > len(words) and full.split()[-len(words) :] == words

        spoken = next((sp.name for sp in self.history if sp.type == "person" and sp.name and extends(sp.name)), None)
        if spoken is not None:  # a speaker already quoted under the full name
            return spoken
        fuller = [n for n in self.references.full_names(before) if extends(n)]
        return max(fuller, key=fuller.count) if fuller else name

    def _person_before(self, tok: Token) -> str | None:
        """The nearest earlier named person: a proper-noun subject in the sentence, else a speaker."""
        sent = sentence(tok)
        for cand in reversed(list(sent[: tok.i - sent.start])):
            if cand.dep_ in ("nsubj", "nsubjpass") and cand.pos_ == "PROPN" and cand.ent_type_ not in ("ORG", "NORP"):
                return self._full_name(clean_name(mention(cand)), cand.i)
        person = self._last("person")
        return person.name if person else None

    def _pronoun(self, tok: Token) -> Speaker:
        """The speaker a pronoun refers to: the nearer of the last such speaker and an earlier mention."""
        low = tok.lower_
        if low in FIRST_PERSON and self._outside(tok):
            return AUTHOR
        if low in SINGULAR_PERSON:
            # `he` prefers a recent speaker the text has shown to be a man and passes over a woman; `she` the reverse
            gender = pronoun_gender(low)
            unlike = opposite(gender) if gender else None
            found = self._same_gender(tok, gender) or self._last("person", unlike=unlike)
            mention_tok = self._mention_before(
                tok,
                lambda t: (
                    t.ent_type_ == "PERSON"
                    and len(coordinated_people(t)) == 1
                    and (unlike is None or self.genders.of(t.text) != unlike)
                ),
            )
        elif low in GROUP_PRONOUNS or low in ("we", "us", "our"):
            # `they` is a group, a body, or several people named together (`Grassley and Leahy say`)
            found = max(
                (sp for sp in (self._last("unnamed_group", "organization"), self.last_people) if sp),
                key=lambda sp: sp.at,
                default=None,
            )
            mention_tok = self._mention_before(
                tok,
                lambda t: (
                    t.tag_ == "NNS"
                    and t.lemma_.lower() in PERSON_NOUNS
                    or t.ent_type_ == "PERSON"
                    and len(coordinated_people(t)) > 1
                ),
            )
        elif low in THING_PRONOUNS:
            found = self._last("organization")
            mention_tok = self._mention_before(tok, lambda t: t.ent_type_ == "ORG")
        else:
            found, mention_tok = None, None
        recent = found is not None and found.at >= self.doc[self._sentences_back(tok, 2)].idx
        # a subject named after the last speaker is the new centre of attention (`Lynch met the press. She said`),
        # unless the pronoun's gender is known to fit that speaker
        centre = (
            mention_tok is not None
            and mention_tok.dep_ in ("nsubj", "nsubjpass")
            and (found is None or found.at < mention_tok.idx and self.genders.of(found.name) is None)
        )
        if mention_tok is not None and (centre or not recent) and (found is None or found.at < mention_tok.idx):
            found, _ = self.resolve(mention_tok)
        if found is not None and found.type == "person" and found.name:
            self.genders.learn(found.name, low)
        if found is not None:
            return found
        if low in SINGULAR_PERSON or low in GROUP_PRONOUNS or low in THING_PRONOUNS:
            return UNRESOLVED  # `she`, `they` stand for someone the text named: no guess, and no anonymous status
        # `someone`, `some`, `those`: nobody in particular, an unnamed source as written
        kind = "unnamed_person" if low in INDEFINITE_SINGULAR else "unnamed_group"
        return Speaker(tok.text, kind, status=NO_REASON)

    def _same_gender(self, tok: Token, gender: str | None) -> Speaker | None:
        """The latest person speaker of the last three sentences known to be of this gender."""
        if gender is None:
            return None
        since = self.doc[self._sentences_back(tok, 3)].idx
        for sp in reversed(self.history):
            if sp.at < since:
                break
            if sp.type == "person" and not _several(sp) and self.genders.of(sp.name) == gender:
                return sp
        return None

    def _description(self, tok: Token, span: Span) -> Speaker | None:
        """`the group`, `the coalition`: an earlier speaker or fuller mention of that body."""
        head = tok.lemma_.lower()
        found = self._last("organization") if head in GENERIC_BODIES else self._last("organization", word=head)
        if found is not None:
            return found
        for cand in self.doc[max(0, span.start - 3000) : span.start]:  # bounded: long texts stay linear
            if (
                cand.lemma_.lower() == head
                and cand.pos_ == "NOUN"
                and proper_modifiers(cand)
                or (cand.lemma_.lower() == head and any(c.dep_ == "amod" and "-" in c.text for c in cand.lefts))
            ):
                name = clean_name(mention(cand))
                return Speaker(name, "organization", name, status=ON_RECORD)
        return None

    def _named_org(self, tok: Token, span: Span) -> Speaker:
        ent = entity(tok)
        if ent is not None and ent.label_ == "ORG" and len(ent) > 1:
            name = clean_name(ent)
        else:
            name = clean_name(span)
        affiliation = (
            _government(name) if tok.ent_type_ in ("GPE", "NORP") and ent is not None and ent.end == span.end else name
        )
        return Speaker(name, "organization", affiliation, status=ON_RECORD)

    def _unnamed(self, tok: Token, span: Span) -> Speaker:
        poss = next((c for c in tok.lefts if c.dep_ == "poss" and c.lower_ in PERSON_PRONOUNS), None)
        name = span.text
        if poss is not None and poss.lower_ in SINGULAR_PERSON:
            owner = self._person_before(tok)
            if owner:
                name = f"{self.doc[poss.i + 1 : span.end].text} of {owner}"
        plural = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)
        _, affiliation = role_and_affiliation(tok)  # an unnamed source's description is its speaker name
        status, reason = anonymity(tok, sentence(tok))
        return Speaker(
            name,
            "unnamed_group" if plural else "unnamed_person",
            affiliation or implied_affiliation(tok),
            None,
            status,
            reason,
        )

    def resolve(self, tok: Token | None, passive: bool = False, label: bool = False) -> tuple[Speaker, Span | None]:
        """The speaker of a source head token and the source span to report; remembered for later.

        `label` marks a line-initial speaker label (`PENCE:`), capitalised whatever its part of speech.
        """
        speaker, span = self._resolve(tok, passive, label)
        if span is not None and speaker.name:
            speaker = replace(speaker, at=span.start_char)
            self.history.append(speaker)
            if _several(speaker):
                self.last_people = speaker
        return speaker, span

    def _resolve(self, tok: Token | None, passive: bool, label: bool = False) -> tuple[Speaker, Span | None]:
        if tok is not None and not any(t.is_alpha for t in mention(tok)):
            tok = None  # the parser made punctuation a subject: no source to report
        if tok is None:
            return (AGENTLESS if passive else Speaker(None, None)), None
        low = tok.lower_
        if low in RELATIVE_PRONOUNS and (tok.tag_ in ("WP", "WDT") or tok.head.dep_ == "relcl"):
            noun = antecedent(tok)
            speaker = self.resolve(noun)[0] if noun is not None else UNRESOLVED
            return speaker, self.doc[tok.i : tok.i + 1]
        if low in DEMONSTRATIVES:
            return UNRESOLVED, self.doc[tok.i : tok.i + 1]  # `that makes me smart`: a thing said, not a speaker
        if tok.pos_ == "PRON" or low in PERSON_PRONOUNS or low in GROUP_PRONOUNS or low in THING_PRONOUNS:
            return self._pronoun(tok), self.doc[tok.i : tok.i + 1]
        span = mention(tok)
        head = tok.lemma_.lower()
        document = documents.is_document(tok)
        # the tagger reads some surnames as common nouns (`Trump knows`): a capitalised word that ends a name
        # the article gives in full is that person
        known_person = (
            (tok.pos_ == "PROPN" or tok.is_title and len(span) == 1)
            and self._full_name(tok.text, span.start) != tok.text
            or label
            and not is_org_head(tok)
            and head not in PERSON_NOUNS
            and not document
        )
        if tok.ent_type_ == "PERSON" or known_person or (tok.pos_ == "PROPN" and not is_org_head(tok) and not document):
            role, affiliation = role_and_affiliation(tok)
            role = role or title_before(tok, span)  # an appositive says more than a title before the name
            body = affiliation_modifier(tok) if affiliation is None else None
            if body is not None and body.pos_ == "PROPN":  # `Pentagon spokesman`
                affiliation = clean_name(entity(body) or mention(body))
            elif body is not None:  # `coalition spokesman`: the coalition the text named earlier, if any
                found = self._description(body, self.doc[body.i : body.i + 1])
                affiliation = found.name if found is not None else None
            people = coordinated_people(tok)
            if len(people) > 1:  # `Sens. Alvarez, Becker and Cho`: one attribution, every speaker named
                name = "; ".join(self._full_name(clean_name(entity(p) or mention(p)), p.i) for p in people)
                span = self.doc[span.start : max(span.end, people[-1].i + 1)]
                return Speaker(name, "person", affiliation, role, ON_RECORD), span
            name = self._full_name(clean_name(entity(tok) or span), span.start)
            return Speaker(name, "person", affiliation, role, ON_RECORD), span
        if head in SPOKESPEOPLE and proper_modifiers(tok):
            spoken_for_body = clean_name(self.doc[proper_modifiers(tok)[0].i : tok.i])
            return Speaker(spoken_for_body, "organization", spoken_for_body, head, ON_RECORD), span
        named = apposed_name(tok)
        if named is not None:  # `a lawyer for the family, Jane Roe,`: the name the description gives
            role = self.doc[span.start + (span[0].dep_ == "det") : tok.i + 1].text
            return Speaker(self._full_name(clean_name(named), named.start), "person", None, role, ON_RECORD), span
        client = spoken_for(tok) if head in SPOKESPEOPLE else None
        if client is not None:  # `a spokeswoman for Hillary Clinton` speaks for her, on the record (GUIDELINES.md)
            found, _ = self._resolve(client, False)
            if found.named:
                return replace(found, role=head), span
        if tok.tag_ in ("NNS", "NNPS") and (head in PARTY_MEMBERS or tok.ent_type_ == "NORP"):
            return self._unnamed(tok, span), span  # `Democrats say`: members, not the party speaking
        if is_org_head(tok) and (tok.pos_ == "PROPN" or proper_modifiers(tok) or tok.ent_type_):
            return self._named_org(tok, span), span
        if document:
            return self._document(tok, span), span
        if documents.is_share(tok):
            return self._poll(tok, span), span
        if head in ORG_NOUNS and not of_people(tok):
            return self._body(tok, span), span
        described = self._described_person(tok, span)
        if described is not None:
            return described, span
        named_body = self.references.body_named(tok) if is_definite(tok) and tok.tag_ == "NN" else None
        if named_body is not None:  # `the fund` after `the International Monetary Fund`
            return Speaker(named_body, "organization", named_body, status=ON_RECORD), span
        return self._unnamed(tok, span), span

    def _document(self, tok: Token, span: Span) -> Speaker:
        """A document speaks for its author or publisher; with none named, for itself (never unnamed)."""
        owner = possessor(tok)
        if owner is not None:
            found, _ = self._resolve(owner, False)
            if found.named:
                return replace(found, role=None)
        kind = tok.lemma_.lower()
        author = documents.author(tok) or documents.earlier_author(tok)
        if author is not None:
            if author.label_ == "PERSON":
                found = Speaker(self._full_name(clean_name(author), author.start), "person", status=ON_RECORD)
            else:
                found = Speaker(clean_name(author), "organization", clean_name(author), status=ON_RECORD)
            self.authors[kind] = found  # `the poll` later is this author's poll
            return found
        if kind in self.authors:
            return self.authors[kind]
        return Speaker(documents.description(tok), "organization", status=ON_RECORD)

    def _poll(self, tok: Token, span: Span) -> Speaker:
        """`63 percent said`: the respondents of the poll the text cites speak through it."""
        poll = documents.poll_before(tok)
        if poll is None:
            return self._unnamed(tok, span)
        return self._document(poll, mention(poll))

    def _body(self, tok: Token, span: Span) -> Speaker:
        """`the fund`, `the union`: the body of that kind the article names, else as written (on record)."""
        found = self._description(tok, span)
        if found is not None:
            return found
        named = self.references.body_named(tok)
        if named is not None:
            return Speaker(named, "organization", named, status=ON_RECORD)
        owner = possessor(tok)
        if owner is not None and not office_of(tok):  # `her campaign` -> `Hillary Clinton campaign`
            found, _ = self._resolve(owner, False)
            if found.named:
                name = f"{found.name} {tok.text.lower()}"
                return Speaker(name, "organization", name, status=ON_RECORD)
        if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "some") for c in tok.lefts):
            return self._unnamed(tok, span)  # `a company said`: no body the reader can identify
        name = self.doc[span.start + (span[0].dep_ == "det") : span.end].text
        return Speaker(name, "organization", name, status=ON_RECORD)

    def _described_person(self, tok: Token, span: Span) -> Speaker | None:
        """`the senator`, `the New York businessman`: the person of that office the article names.

        `Smith's lawyer` is the attorney the article names; `a New York judge` in the opening lines is
        the judge named further down, as news leads introduce people; any other `a judge` is unnamed.
        """
        if tok.lemma_.lower() not in DESCRIPTION_HEADS or tok.tag_ in ("NNS", "NNPS"):
            return None
        owner = possessor(tok)
        if is_definite(tok):
            name = self.references.person_titled(tok)
            if name is None:
                person = self._last("person")
                name = person.name if person is not None else None
        elif owner is not None and owner.pos_ == "PROPN":
            name = self.references.person_titled(tok)
        elif tok.i < self.lead_end and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.lefts):
            name = self.references.person_titled(tok, later=True)
        else:
            return None
        if name is None:
            return None
        role = self.doc[span.start + 1 : span.end].text or None
        return Speaker(self._full_name(name, span.start), "person", None, role, ON_RECORD)

    def full_person_name(self, speaker: Speaker) -> Speaker:
        """A person named by surname first (`Pence:` headline) gets the full name used later in the text."""
        if speaker.type != "person" or not speaker.name or len(speaker.name.split()) > 1:
            return speaker
        last = speaker.name.lower()
        names = [clean_name(e) for e in self.people if len(e) > 1 and e[-1].lower_ == last]
        return replace(speaker, name=names[0]) if names else speaker

    def floating(self) -> Speaker | None:
        """The latest speaker, for a quote with no cue of its own."""
        return self.history[-1] if self.history else None


def with_status(speaker: Speaker) -> Speaker:
    """The speaker with a status filled in from its type when none was set."""
    if speaker.status or not speaker.type:
        return speaker
    return replace(speaker, status=ON_RECORD if speaker.named else NO_REASON)
