"""Highlight markup built on the server from character offsets, every piece of text escaped."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

PARTS = ("content", "source", "cue", "anonymity_reason")


def _text(piece: str) -> str:
    # An HTML parser turns a raw CR into LF, which would shift every offset the page
    # computes from the DOM; a character reference survives as CR.
    return str(escape(piece)).replace("\r", "&#13;")


def _spans(attributions: Iterable[dict[str, Any]]) -> list[tuple[int, int, str, dict]]:
    out = []
    for a in attributions:
        for part in PARTS:
            span = a.get(part)
            if span:
                out.append((span[0], span[1], part, a))
    return out


def _open_tag(part: str, a: dict) -> str:
    status = a.get("status") or "none"
    return (
        f'<mark class="hl hl-{part}" data-attribution-id="{int(a["id"])}" data-part="{part}" '
        f'data-status="{escape(status)}" data-state="{escape(a["state"])}">'
    )


def render(text: str, attributions: Iterable[dict[str, Any]]) -> Markup:
    """The text with nested <mark>s for every part of every attribution.

    Overlapping parts (a source inside another quote) are split at every boundary so
    the marks nest properly, outermost (longest) first; each piece keeps the id of its
    attribution so the page can select all pieces of one.
    """
    spans = _spans(attributions)
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    starting: dict[int, list] = {}
    for item in spans:
        starting.setdefault(item[0], []).append(item)
    active: list[tuple[int, int, str, dict]] = []
    html: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        active = [s for s in active if s[1] > left] + starting.get(left, [])
        active.sort(key=lambda s: (s[0], -s[1]))
        piece = _text(text[left:right])
        if not active:
            html.append(piece)
            continue
        html.append("".join(_open_tag(part, a) for _, _, part, a in active))
        html.append(piece)
        html.append("</mark>" * len(active))
    return Markup("".join(html))
