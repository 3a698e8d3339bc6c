"""Credibility badges of one claim: what a reader can check about who stands behind it."""

from __future__ import annotations

from .lexicon import ATTACK_CUES, LOADED_CUES, words
from .records import ArticleRecord, Claim, affiliations, has_reason, is_named, is_unnamed, speaker_key


def independent(claim: Claim, other: Claim) -> bool:
    """Whether `other` is a different source with no shared affiliation (an unknown speaker cannot be)."""
    mine, theirs = speaker_key(claim), speaker_key(other)
    return (
        other.id != claim.id
        and mine is not None
        and theirs is not None
        and mine != theirs
        and not set(affiliations(claim)) & set(affiliations(other))
    )


def corroborated(claim: Claim, article: ArticleRecord) -> bool:
    """The editor's verdict, or a link to an independent claim still in the article's sourcing."""
    if claim.credibility == "disputed":
        return False
    if claim.credibility == "corroborated":
        return True
    linked = (article.by_id.get(i) for i in claim.corroborated_by)
    return any(c is not None and c.state != "rejected" and independent(claim, c) for c in linked)


def badges(claim: Claim, article: ArticleRecord) -> list[str]:
    """Badges in display order: named/unnamed, reason given, affiliation given, corroborated, neutral cue."""
    out = []
    if is_unnamed(claim):
        out.append("unnamed")
        if has_reason(claim):
            out.append("reason given")
    elif is_named(claim):
        out.append("named")
    if affiliations(claim):
        out.append("affiliation given")
    if corroborated(claim, article):
        out.append("corroborated")
    if claim.cue is not None:
        cue = {w.lower() for w in words(article.text[claim.cue[0] : claim.cue[1]])}
        if not cue & (LOADED_CUES | ATTACK_CUES):
            out.append("neutral cue")
    return out
