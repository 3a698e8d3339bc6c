"""The detector the app calls, bound in the factory like the other extensions.

By default it is the spaCy engine of `annotator.nlp` with the configured base model and span model,
imported at the first detection, so commands that never detect (`flask users create`) never load
spaCy. Another engine with the same `detect_many` can be bound instead through the `DETECTOR`
setting: the web tests that do not test detection use a fast stand-in that way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from flask import Flask, current_app

from annotator.nlp.types import Attribution


class Engine(Protocol):
    def detect_many(self, texts: Iterable[str], n_process: int = 1) -> Iterator[list[Attribution]]:
        """One list of attributions per text, in order."""
        ...


class SpacyEngine:
    """The rules and the span model of `annotator.nlp`, on the base pipeline and span model the app's
    settings name (`SPACY_MODEL`, `SPAN_MODEL`) when it detects."""

    def detect_many(self, texts: Iterable[str], n_process: int = 1) -> Iterator[list[Attribution]]:
        from annotator.nlp import detect_many

        config = current_app.config
        return detect_many(texts, n_process=n_process, model=config["SPACY_MODEL"], spans=config["SPAN_MODEL"] or None)


def init_app(app: Flask) -> None:
    """Bind the configured engine (the spaCy one unless `DETECTOR` names another object)."""
    app.extensions["detector"] = app.config.get("DETECTOR") or SpacyEngine()


def detect_many(texts: Iterable[str], n_process: int = 1) -> Iterator[list[Attribution]]:
    """The app's detector over many texts."""
    engine: Engine = current_app.extensions["detector"]
    return engine.detect_many(texts, n_process=n_process)


def detect(text: str) -> list[Attribution]:
    """The app's detector over one article text."""
    return next(detect_many([text]))
