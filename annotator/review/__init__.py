"""Sourcing review: checks, credibility badges and the source mix over plain records (no Flask, no database)."""

from .checks import CHECKS, Check, badges, check
from .mix import corpus_mix, source_mix
from .records import ArticleRecord, Claim, Finding, in_sourcing, is_named, is_unnamed

__all__ = [
    "CHECKS",
    "ArticleRecord",
    "Check",
    "Claim",
    "Finding",
    "badges",
    "check",
    "corpus_mix",
    "in_sourcing",
    "is_named",
    "is_unnamed",
    "source_mix",
]
