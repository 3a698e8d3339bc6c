"""Plain records shared by the engine, the checks, the formats and the web layer."""

from __future__ import annotations

from dataclasses import asdict, dataclass

Span = tuple[int, int]


@dataclass
class Attribution:
    """One attribution as GUIDELINES.md defines it; spans are code-point [start, end)."""

    kind: str
    content: Span
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None
    speaker_type: str | None = None
    affiliation: str | None = None
    role: str | None = None
    status: str | None = None
    anonymity_reason: Span | None = None
    confidence: float = 0.5
    detector: str | None = None  # `rules`, or the span model version that ran beside them

    def to_dict(self) -> dict:
        """JSON-ready dict; spans become two-item lists."""
        d = asdict(self)
        for key in ("content", "cue", "source", "anonymity_reason"):
            if d[key] is not None:
                d[key] = list(d[key])
        return d
