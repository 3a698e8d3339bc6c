"""The sourcing checks of issue 4: pure functions from an ArticleRecord to findings an editor can act on."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .credibility import badges
from .lexicon import ATTACK_CUES, AUTHORIZATION, HEDGES, LOADED_CUES, OTHER_REASON, PEJORATIVES, words
from .records import (
    ArticleRecord,
    Claim,
    Finding,
    affiliations,
    given,
    has_reason,
    in_sourcing,
    is_named,
    is_unnamed,
    position,
    speaker_key,
)
from .wording import (
    claim_sentence,
    describe,
    excerpt,
    paragraphs,
    plural_group,
    sentence_starts,
    source_phrase,
    vague_groups,
)

__all__ = ["CHECKS", "Check", "badges", "check"]  # badges lives in credibility.py; the web layer imports it here

_RANK = {"block": 0, "warn": 1, "info": 2}
# The lede a standards editor reads: the opening paragraphs, where the story's main claim is made and sourced.
LEDE_PARAGRAPHS = 2

Raw = Iterable[tuple[Iterable[int], str]]  # (attribution ids, message) pairs a rule yields


@dataclass(frozen=True)
class Check:
    """A registered check: its code, severity, a title for listings, and the function that runs it."""

    code: str
    severity: str
    title: str
    run: Callable[[ArticleRecord], list[Finding]]


CHECKS: dict[str, Check] = {}


def _register(code: str, severity: str, title: str):
    """Turn a rule yielding (ids, message) into a registered check returning Findings."""

    def wrap(rule: Callable[[ArticleRecord], Raw]):
        def run(article: ArticleRecord) -> list[Finding]:
            return [Finding(code, severity, message, tuple(ids)) for ids, message in rule(article)]

        run.__doc__ = rule.__doc__
        CHECKS[code] = Check(code, severity, title, run)
        return run

    return wrap


def _cue_words(claim: Claim, text: str) -> list[str]:
    return [w.lower() for w in words(text[claim.cue[0] : claim.cue[1]])] if claim.cue is not None else []


@_register("anonymous_no_reason", "block", "Unnamed source with no reason for anonymity")
def anonymous_no_reason(article: ArticleRecord) -> Raw:
    """Unnamed sources whose anonymity the text does not explain."""
    for c in in_sourcing(article):
        if not is_unnamed(c) or has_reason(c):
            continue
        if c.status in ("anonymous_not_authorized", "anonymous_reason_given"):
            yield (
                [c.id],
                (
                    f"The unnamed source in {describe(c, article.text)} is tagged as having a reason "
                    "for anonymity, but no words of the text are marked as that reason."
                ),
            )
        else:
            yield [c.id], f"The unnamed source in {describe(c, article.text)} is given no reason for anonymity."


@_register("anonymous_not_authorized", "warn", "Only reason for anonymity: not authorized to speak")
def anonymous_not_authorized(article: ArticleRecord) -> Raw:
    """Unnamed sources whose only stated reason is that they were not authorized to speak."""
    for c in in_sourcing(article):
        if not is_unnamed(c) or not has_reason(c) or c.anonymity_reason is None:
            continue
        reason = article.text[c.anonymity_reason[0] : c.anonymity_reason[1]]
        about_authorization = c.status == "anonymous_not_authorized" or AUTHORIZATION.search(reason)
        if about_authorization and not OTHER_REASON.search(reason):
            yield (
                [c.id],
                (
                    f"The only reason given for not naming the source in {describe(c, article.text)} "
                    f'is "{excerpt(article.text, c.anonymity_reason)}".'
                ),
            )


@_register("vague_attribution", "warn", "Vague attribution")
def vague_attribution(article: ArticleRecord) -> Raw:
    """Claims pinned on an unspecified group (`officials say`) or on a hedge (`reportedly`)."""
    text = article.text
    starts = sentence_starts(text)
    for c in in_sourcing(article):
        phrase = source_phrase(c, text)
        groups = vague_groups(phrase) if phrase and not is_named(c) else []
        start, end = claim_sentence(c, text, starts)
        hedges = [
            m
            for m in HEDGES.finditer(text, start, end)
            # A direct quote's words are the speaker's own, not the article's attribution.
            if not (c.kind == "direct" and c.content[0] <= m.start() < c.content[1])
        ]
        triggers = [f'"{g}" names no one' for g in groups]
        triggers += [f'"{m.group()}" does not say who the source is' for m in hedges]
        if triggers:
            yield [c.id], f"Vague attribution in {describe(c, text)}: {'; '.join(triggers)}."


@_register("anonymous_direct_quote", "warn", "Direct quote from an unnamed source")
def anonymous_direct_quote(article: ArticleRecord) -> Raw:
    """Direct quotations given to unnamed sources."""
    for c in in_sourcing(article):
        if c.kind == "direct" and is_unnamed(c):
            yield (
                [c.id],
                (
                    f'The direct quote "{excerpt(article.text, c.content)}" comes from an unnamed source'
                    f"{' (' + (c.speaker or '').strip() + ')' if given(c.speaker) else ''}."
                ),
            )


@_register("anonymous_attack", "block", "Unnamed source voicing an attack or opinion")
def anonymous_attack(article: ArticleRecord) -> Raw:
    """Unnamed sources that blame, criticize or insult: an attack cue or a pejorative in the claim."""
    text = article.text
    for c in in_sourcing(article):
        if not is_unnamed(c):
            continue
        triggers = [f'the cue "{w}"' for w in _cue_words(c, text) if w in ATTACK_CUES]
        content_words = {w.lower() for w in words(text[c.content[0] : c.content[1]])}
        triggers += [f'"{w}" in the claim' for w in sorted(content_words & PEJORATIVES)]
        if triggers:
            yield (
                [c.id],
                (f"The unnamed source in {describe(c, text)} voices an attack or opinion ({', '.join(triggers)})."),
            )


@_register("lede_rests_on_anonymous", "block", "Lede rests only on unnamed sources")
def lede_rests_on_anonymous(article: ArticleRecord) -> Raw:
    """The opening paragraphs' attributions, when there are some and every one is unnamed."""
    lede = paragraphs(article.text)[:LEDE_PARAGRAPHS]
    if not lede:
        return
    in_lede = [c for c in in_sourcing(article) if lede[0][0] <= position(c) < lede[-1][1]]
    if in_lede and all(is_unnamed(c) for c in in_lede):
        quoted = "; ".join(describe(c, article.text) for c in in_lede)
        yield [c.id for c in in_lede], f"The lede rests only on unnamed sources: {quoted}."


@_register("named_without_affiliation", "warn", "Named person without role or affiliation")
def named_without_affiliation(article: ArticleRecord) -> Raw:
    """Named people introduced with neither a role nor an affiliation (judged at first mention)."""
    seen = set()
    for c in in_sourcing(article):
        key = speaker_key(c)
        if c.speaker_type != "person" or key is None or key in seen:
            continue
        seen.add(key)  # later claims of the same speaker inherit the first mention
        if not given(c.role) and not given(c.affiliation):
            yield (
                [c.id],
                (
                    f'"{(c.speaker or "").strip()}" is named at first mention, {describe(c, article.text)}, '
                    "with neither a role nor an affiliation."
                ),
            )


@_register("single_source", "warn", "Every attribution from one speaker or one affiliation")
def single_source(article: ArticleRecord) -> Raw:
    """Articles of two or more attributions that all come from one speaker or one body."""
    claims = in_sourcing(article)
    if len(claims) < 2:
        return
    ids = [c.id for c in claims]
    speakers = {speaker_key(c) for c in claims}
    if len(speakers) == 1 and None not in speakers:
        yield ids, f'All {len(claims)} attributions come from one speaker, "{(claims[0].speaker or "").strip()}".'
        return
    shared = set(affiliations(claims[0])).intersection(*(affiliations(c) for c in claims[1:]))
    if shared:
        yield (
            ids,
            (
                f'All {len(claims)} attributions come from one affiliation, "{sorted(shared)[0]}" '
                f"({len(speakers - {None})} speakers)."
            ),
        )


@_register("plural_backed_by_one", "warn", "Plural attribution tagged as one person")
def plural_backed_by_one(article: ArticleRecord) -> Raw:
    """Sources written as several people (`sources say`) but tagged as a single person."""
    for c in in_sourcing(article):
        if c.source is None or c.speaker_type not in ("person", "unnamed_person"):
            continue
        group = plural_group(article.text[c.source[0] : c.source[1]])
        if group:
            yield (
                [c.id],
                (
                    f'The source "{group}" is plural, but the attribution {describe(c, article.text)} '
                    "is tagged as one person."
                ),
            )


@_register("unresolved_speaker", "warn", "Attribution with no speaker")
def unresolved_speaker(article: ArticleRecord) -> Raw:
    """Attributions whose speaker nobody has resolved."""
    for c in in_sourcing(article):
        if not given(c.speaker):
            yield [c.id], f"No speaker is tagged for {describe(c, article.text)}."


@_register("loaded_cue", "info", "Non-neutral cue on a named source")
def loaded_cue(article: ArticleRecord) -> Raw:
    """Named sources reported with a verb that judges their claim (`claimed`, `admitted`)."""
    for c in in_sourcing(article):
        loaded = [w for w in _cue_words(c, article.text) if w in LOADED_CUES]
        if loaded and is_named(c):
            yield [c.id], (f'The cue "{loaded[0]}" in {describe(c, article.text)} judges the claim; "said" is neutral.')


@_register("unreviewed_suggestions", "block", "Detector suggestions not reviewed")
def unreviewed_suggestions(article: ArticleRecord) -> Raw:
    """One finding listing every detector suggestion still neither accepted nor rejected."""
    ids = [c.id for c in in_sourcing(article) if c.state == "suggested"]
    if ids:
        many = len(ids) != 1
        yield ids, (f"{len(ids)} detector suggestion{'s are' if many else ' is'} neither accepted nor rejected.")


def check(article: ArticleRecord) -> list[Finding]:
    """Every finding of every check, sorted block, warn, info, then by text order."""
    where = {c.id: position(c) for c in article.claims}
    order = {code: i for i, code in enumerate(CHECKS)}
    findings = [f for registered in CHECKS.values() for f in registered.run(article)]
    return sorted(
        findings,
        key=lambda f: (
            _RANK[f.severity],
            min((where[i] for i in f.attribution_ids), default=len(article.text)),
            order[f.code],
        ),
    )
