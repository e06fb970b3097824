"""Tiny server-side SVG charts (no client chart library): horizontal bars and a line over months.

Labels are escaped; the SVG goes into the page inline, with the data table right under it.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 640
BAR_HEIGHT = 22
LABEL_WIDTH = 150


def bar_chart(
    items: Sequence[tuple[str, float | None]], title: str, unit: str = "", limit: float | None = None
) -> Markup:
    """One bar per (label, value); a value over `limit` is drawn in the warning colour with a limit line."""
    values = [value or 0 for _, value in items]
    top = max([*values, limit or 0, 1])
    scale = (WIDTH - LABEL_WIDTH - 70) / top
    height = BAR_HEIGHT * len(items) + 10
    parts = [
        f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(items):
        y = 5 + index * BAR_HEIGHT
        over = limit is not None and value is not None and value > limit
        width = round((value or 0) * scale, 1)
        shown = "—" if value is None else f"{value:g}{unit}"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}" '
            f'fill="{"#c0392b" if over else "#2e6da4"}"/>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 15}" font-size="12">{escape(shown)}</text>'
        )
    if limit is not None:
        x = round(LABEL_WIDTH + limit * scale, 1)
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height}" stroke="#c0392b" stroke-dasharray="4 3"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(points: Sequence[tuple[str, float | None]], title: str, unit: str = "") -> Markup:
    """Values over ordered labels (months); a missing value breaks the line."""
    height, left, bottom = 180, 40, 30
    top_value = max([value or 0 for _, value in points] + [1])
    step = (WIDTH - left - 20) / max(len(points) - 1, 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        return round(left + index * step, 1), round(height - bottom - value * (height - bottom - 15) / top_value, 1)

    parts = [
        f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH - 10}" y2="{height - bottom}" stroke="#888"/>',
    ]
    segment: list[str] = []
    for index, (label, value) in enumerate(points):
        x, _ = xy(index, 0)
        parts.append(f'<text x="{x}" y="{height - 10}" text-anchor="middle" font-size="11">{escape(label)}</text>')
        if value is None:
            if len(segment) > 1:
                parts.append(f'<polyline fill="none" stroke="#2e6da4" stroke-width="2" points="{" ".join(segment)}"/>')
            segment = []
            continue
        x, y = xy(index, value)
        segment.append(f"{x},{y}")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="3" fill="#2e6da4"/>'
            f'<text x="{x}" y="{y - 6}" text-anchor="middle" font-size="11">{escape(f"{value:g}{unit}")}</text>'
        )
    if len(segment) > 1:
        parts.append(f'<polyline fill="none" stroke="#2e6da4" stroke-width="2" points="{" ".join(segment)}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
