"""Plain records the sourcing checks read: an article's text and its claims, and what a check finds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .identity import name_key

Span = tuple[int, int]

SEVERITIES = ("block", "warn", "info")
NAMED_TYPES = frozenset({"person", "organization"})


@dataclass(frozen=True)
class Claim:
    """One attribution as the checks see it; spans are code-point [start, end) offsets into the text."""

    id: int
    kind: str  # direct | mixed | indirect
    content: Span
    cue: Span | None = None
    source: Span | None = None
    anonymity_reason: Span | None = None
    speaker: str | None = None
    speaker_type: str | None = None  # person | organization | unnamed_person | unnamed_group
    affiliation: str | None = None
    role: str | None = None
    # on_record | anonymous_not_authorized | anonymous_reason_given | anonymous_no_reason
    status: str | None = None
    state: str = "accepted"  # suggested | accepted | rejected | edited
    credibility: str = "unverified"  # unverified | corroborated | disputed
    corroborated_by: tuple[int, ...] = ()  # ids of claims an editor linked as independent corroboration


@dataclass(frozen=True)
class ArticleRecord:
    """An article's stored text and every claim on it, whatever its review state."""

    text: str
    claims: tuple[Claim, ...]

    @cached_property
    def by_id(self) -> dict[int, Claim]:
        """The claims by id, built once: the badges of every claim look their links up here."""
        return {c.id: c for c in self.claims}


@dataclass(frozen=True)
class Finding:
    """One problem a check found, with the attributions it concerns."""

    code: str
    severity: str  # block | warn | info
    message: str
    attribution_ids: tuple[int, ...]

    def to_dict(self) -> dict:
        """JSON-ready dict."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "attribution_ids": list(self.attribution_ids),
        }


def position(claim: Claim) -> int:
    """Where the claim starts in the text: its earliest span."""
    return min(span[0] for span in (claim.content, claim.cue, claim.source) if span is not None)


def in_sourcing(claims) -> list[Claim]:
    """The claims that make up the article's sourcing (all but rejected ones), in text order."""
    if isinstance(claims, ArticleRecord):
        claims = claims.claims
    return sorted((c for c in claims if c.state != "rejected"), key=lambda c: (position(c), c.id))


def is_unnamed(claim: Claim) -> bool:
    """Whether the reader cannot identify the source (by status or by speaker type)."""
    return unnamed_tags(claim.status, claim.speaker_type)


def unnamed_tags(status: str | None, speaker_type: str | None) -> bool:
    """Whether a claim with this status and speaker type rests on a source the reader cannot identify."""
    return (status or "").startswith("anonymous_") or (speaker_type or "").startswith("unnamed_")


def is_named(claim: Claim) -> bool:
    """Whether the source is a named person or body (an untagged claim is neither named nor unnamed)."""
    return not is_unnamed(claim) and (claim.speaker_type in NAMED_TYPES or claim.status == "on_record")


def has_reason(claim: Claim) -> bool:
    """Whether the text's words for why the source is unnamed are marked (and the status agrees)."""
    return claim.anonymity_reason is not None and claim.status != "anonymous_no_reason"


def speaker_key(claim: Claim) -> str | None:
    """The speaker compared across claims (`identity.name_key`), None when the claim has none."""
    return name_key(claim.speaker)


def affiliations(claim: Claim) -> tuple[str, ...]:
    """The claim's affiliations; GUIDELINES.md separates several with `; `."""
    return split_affiliations(claim.affiliation)


def split_affiliations(value: str | None) -> tuple[str, ...]:
    """The affiliations an affiliation tag names, `; ` between them."""
    return tuple(a.strip() for a in (value or "").split(";") if a.strip())


def given(value: str | None) -> bool:
    """Whether a tag carries text (blank counts as not given)."""
    return bool(value and value.strip())
