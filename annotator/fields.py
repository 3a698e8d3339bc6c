"""The rules every input path applies to a field: the API and form schemas and the corpus importers.

Each returns the problem in words naming the field, or None; values and limits come from vocab.
"""

from __future__ import annotations

import re
from typing import Any

from annotator.vocab import CHOICES, DETECTOR_RULES, DETECTOR_SPAN_MODEL, MAX_LENGTHS

# A span model's version, as `flask train` stamps it (20261202-084545) or a pipeline's meta gives it (1.0.0)
_MODEL_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._+-]*")

# Choice tags an editor may clear (null); the others always hold one of their values.
NULLABLE_CHOICES = ("speaker_type", "status")


def span_problem(name: str, span: tuple[int, int], length: int) -> str | None:
    """A `[start, end]` pair must lie inside a text of `length` code points, start before end."""
    start, end = span
    if 0 <= start < end <= length:
        return None
    return f"{name} span [{start}, {end}] is not inside the text (0..{length}) with start < end"


def choice_problem(name: str, value: Any) -> str | None:
    """A tag with a closed set of values must hold one of them (or null where it may be cleared)."""
    if value is None and name in NULLABLE_CHOICES or value in CHOICES[name]:
        return None
    return f"unknown {name} {value!r} (expected one of {', '.join(CHOICES[name])})"


def storable_problem(name: str, value: str) -> str | None:
    """Text a database can store: no NUL (PostgreSQL refuses it) and no lone surrogate (no encoding has one)."""
    if "\x00" in value:
        return f"{name} contains a NUL byte"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"{name} contains a lone surrogate, which is not Unicode text"
    return None


def length_problem(name: str, value: str | None) -> str | None:
    """Free text must fit its column."""
    if len(value or "") <= MAX_LENGTHS[name]:
        return None
    return f"{name} is longer than {MAX_LENGTHS[name]} characters"


def detector_problem(value: str | None) -> str | None:
    """A suggestion's detector is `rules` or `attribution_spans-<version>`; an editor's own claim has none."""
    name, _, version = (value or DETECTOR_RULES).partition("-")
    if name == DETECTOR_RULES and not version or name == DETECTOR_SPAN_MODEL and _MODEL_VERSION.fullmatch(version):
        return None
    return f"unknown detector {value!r} (expected {DETECTOR_RULES}, {DETECTOR_SPAN_MODEL}-<version> or null)"
