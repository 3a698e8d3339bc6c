"""Small server-drawn SVG charts (no JavaScript): horizontal bars and stacked columns, labels escaped."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup, escape

WIDTH = 640
BAR = 22
GAP = 8


def hbar(
    title: str,
    rows: Sequence[tuple[str, float]],
    *,
    fmt: Callable[[float], str] = str,
    max_value: float | None = None,
    color: str = "#1d4ed8",
) -> Markup:
    """Labelled horizontal bars, one a row, longest scale to the full width."""
    label_w, value_w = 220, 70
    plot_w = WIDTH - label_w - value_w
    top = max_value or max((v for _, v in rows), default=0) or 1
    height = max(len(rows), 1) * (BAR + GAP) + GAP
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    if not rows:
        parts.append(f'<text x="0" y="{BAR}" class="chart-empty">No data</text>')
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR + GAP)
        w = max(plot_w * value / top, 1 if value else 0)
        short = label if len(label) <= 27 else label[:26] + "…"
        parts.append(
            f"<g><title>{escape(label)}: {escape(fmt(value))}</title>"
            f'<text x="{label_w - 8}" y="{y + BAR * 0.7:.1f}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{BAR}" rx="3" fill="{color}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + BAR * 0.7:.1f}">{escape(fmt(value))}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked(
    title: str, columns: Sequence[tuple[str, Mapping[str | None, int]]], series: Sequence[tuple[str | None, str, str]]
) -> Markup:
    """100% stacked columns (one a period) of the `series` (key, label, colour), with a legend.

    Shares rather than counts, so a quiet month reads as clearly as a busy one; the counts are in the tooltips.
    """
    plot_h, base, legend_h = 200, 230, 48
    n = max(len(columns), 1)
    col_w = min(60, (WIDTH - 40) / n)
    height = base + 24 + legend_h
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="30" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#6b7280"/>',
    ]
    if not columns:
        parts.append(f'<text x="40" y="{base - 10}" class="chart-empty">No data</text>')
    for i, (period, counts) in enumerate(columns):
        x = 40 + i * col_w
        y = float(base)
        total = sum(counts.values()) or 1
        for key, label, colour in series:
            value = counts.get(key, 0)
            if not value:
                continue
            h = plot_h * value / total
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{col_w * 0.8:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(period)} · {escape(label)}: {value} of {total} ({value / total:.0%})</title></rect>"
            )
        parts.append(
            f'<text x="{x + col_w * 0.4:.1f}" y="{base + 16}" text-anchor="middle" class="tick">{escape(period)}</text>'
        )
    x, y = 30, base + 30
    for _key, label, colour in series:
        step = 26 + 6.2 * len(label)  # about 6 px a character at the tick size
        if x + step > WIDTH:
            x, y = 30, y + 18
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{y + 10}" class="tick">{escape(label)}</text>'
        )
        x += step
    parts.append("</svg>")
    return Markup("".join(parts))
