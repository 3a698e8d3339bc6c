"""The detector the app calls, bound in the factory like the other extensions.

By default it is the spaCy engine of `annotator.nlp` with the configured base model and span model,
imported at the first detection, so commands that never detect (`flask users create`) never load
spaCy. Another engine with the same `detect_many` can be bound instead through the `DETECTOR`
setting: the web tests that do not test detection use a fast stand-in that way.

Every detection through the app is bounded by `MAX_ATTRIBUTIONS_PER_ARTICLE`: an engine stops reading
an article once it has found that many attributions in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from flask import Flask, current_app

from annotator.nlp.types import Attribution


class Engine(Protocol):
    def detect_many(
        self,
        texts: Iterable[str],
        n_process: int = 1,
        limit: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Iterator[list[Attribution]]:
        """One list of attributions per text, in order, at most `limit` in each; `progress(i, n)` hears that
        the first `n` characters of text `i` are read."""
        ...


class SpacyEngine:
    """The rules and the span model of `annotator.nlp`, on the base pipeline and span model the app's
    settings name (`SPACY_MODEL`, `SPAN_MODEL`) when it detects."""

    def detect_many(
        self,
        texts: Iterable[str],
        n_process: int = 1,
        limit: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Iterator[list[Attribution]]:
        from annotator.nlp import detect_many

        config = current_app.config
        return detect_many(
            texts,
            n_process=n_process,
            model=config["SPACY_MODEL"],
            spans=config["SPAN_MODEL"] or None,
            limit=limit,
            progress=progress,
        )


def init_app(app: Flask) -> None:
    """Bind the configured engine (the spaCy one unless `DETECTOR` names another object)."""
    app.extensions["detector"] = app.config.get("DETECTOR") or SpacyEngine()


def attribution_limit() -> int:
    """The most attributions one article may have (`MAX_ATTRIBUTIONS_PER_ARTICLE`)."""
    return int(current_app.config["MAX_ATTRIBUTIONS_PER_ARTICLE"])


def detect_many(texts: Iterable[str], n_process: int = 1) -> Iterator[list[Attribution]]:
    """The app's detector over many texts, at most `attribution_limit()` attributions for each."""
    engine: Engine = current_app.extensions["detector"]
    return engine.detect_many(texts, n_process=n_process, limit=attribution_limit())


def detect(text: str, progress: Callable[[int], None] | None = None) -> list[Attribution]:
    """The app's detector over one article text (at most `attribution_limit()` attributions); `progress(n)`
    hears how many of its characters are read, as the engine goes."""
    if progress is None:
        return next(detect_many([text]))
    engine: Engine = current_app.extensions["detector"]
    return next(engine.detect_many([text], limit=attribution_limit(), progress=lambda _i, n: progress(n)))


def stopped_early(found: list[Attribution]) -> bool:
    """Whether detection stopped at the limit (an article with exactly that many counts as stopped)."""
    return len(found) >= attribution_limit()
