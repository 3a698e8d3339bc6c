"""The source mix: who an article's (or a corpus's) claims rest on, as JSON-ready counts and shares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..vocab import SPEAKER_TYPES, STATUSES
from .records import ArticleRecord, Claim, affiliations, in_sourcing, is_unnamed, speaker_key

UNTAGGED = "untagged"


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def _table(counts: Counter, total: int, fixed: tuple[str, ...] = ()) -> dict:
    """{value: {"count", "share"}}: fixed values first (zeros kept, so charts stay stable), then by count."""
    rest = sorted((k for k in counts if k not in fixed), key=lambda k: (-counts[k], k))
    return {k: {"count": counts[k], "share": _share(counts[k], total)} for k in (*fixed, *rest)}


def _mix(claims: list[Claim]) -> dict:
    # A claim may carry several affiliations (`U.S. government; Syrian opposition`): it counts under each,
    # so affiliation shares can add up to more than 1.
    by_affiliation = Counter(a for c in claims for a in (affiliations(c) or (UNTAGGED,)))
    names: dict[str, str] = {}
    by_speaker: Counter = Counter()
    for c in claims:
        key = speaker_key(c)
        if key is not None:  # an unresolved speaker could be anyone, so it is no distinct source
            label = names.setdefault(key, (c.speaker or "").strip())  # first spelling seen stands for all
            by_speaker[label] += 1
    return mix_of_counts(
        len(claims),
        Counter(c.speaker_type or UNTAGGED for c in claims),
        Counter(c.status or UNTAGGED for c in claims),
        by_affiliation,
        by_speaker,
        sum(is_unnamed(c) for c in claims),
    )


def mix_of_counts(
    total: int, speaker_types: Counter, statuses: Counter, by_affiliation: Counter, by_speaker: Counter, unnamed: int
) -> dict:
    """The source mix from counts already made (by the database, for a corpus): the tables and shares.

    `speaker_types`, `statuses` and `by_affiliation` count untagged claims under UNTAGGED; `by_speaker`
    counts each distinct source under the spelling that stands for it.
    """
    return {
        "claims": total,
        "by_speaker_type": _table(speaker_types, total, SPEAKER_TYPES),
        "by_status": _table(statuses, total, STATUSES),
        "by_affiliation": _table(by_affiliation, total),
        "by_speaker": _table(by_speaker, total),
        "distinct_sources": len(by_speaker),
        "unnamed": unnamed,
        "unnamed_share": _share(unnamed, total),
    }


def source_mix(article_or_claims: ArticleRecord | Iterable[Claim]) -> dict:
    """Counts and shares of one article's claims (rejected ones left out) by speaker type, status, affiliation."""
    return _mix(
        in_sourcing(article_or_claims if isinstance(article_or_claims, ArticleRecord) else tuple(article_or_claims))
    )


def corpus_mix(articles: Iterable[ArticleRecord]) -> dict:
    """The source mix of many articles pooled: every claim counts once, speakers are matched across articles."""
    articles = list(articles)
    mix = _mix([c for a in articles for c in in_sourcing(a)])
    with_unnamed = sum(any(is_unnamed(c) for c in in_sourcing(a)) for a in articles)
    return {
        "articles": len(articles),
        "articles_with_unnamed": with_unnamed,
        "articles_with_unnamed_share": _share(with_unnamed, len(articles)),
        **mix,
    }
