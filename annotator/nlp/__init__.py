"""Detection engine: article text in, attributions out (spaCy only, no Flask).

`detect`, `detect_many` and `get_nlp` load spaCy when first used, not when the package is
imported: the records and value lists in `annotator.nlp.types` serve the whole app without it.
"""

from __future__ import annotations

from typing import Any

from .types import Attribution, Span

__all__ = ["Attribution", "Span", "detect", "detect_many", "get_nlp"]
_ENGINE = ("detect", "detect_many", "get_nlp")


def __getattr__(name: str) -> Any:
    if name in _ENGINE:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
