"""Tiny server-side SVG charts (no client chart library): horizontal bars and a line over months.

Labels are escaped; the SVG goes into the page inline, with the data table right under it, and takes its colours
from the stylesheet's state colours (svg.chart .bar, .over, .limit, .line, .point, .axis). Charts are 360 px wide,
so a 390 px phone shows them at full size: their 12 px text is never scaled down to an unreadable size.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 360
BAR_HEIGHT = 22
LABEL_WIDTH = 100
LABEL_CHARACTERS = 8  # at 12 px a Chinese character is 12 px wide: eight fill the label column
VALUE_WIDTH = 48  # room after the longest bar for its number
LABEL_SPACING = 52  # the least room a month label ("2026-07") needs on the line chart


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def _open(title: str, height: int) -> str:
    return (
        f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}"><title>{escape(title)}</title>'
    )


def bar_chart(
    items: Sequence[tuple[str, float | None]], title: str, unit: str = "", limit: float | None = None
) -> Markup:
    """One bar per (label, value) with its number at its end; a value over `limit` is drawn in the danger colour
    with a limit line. A long label is shortened, whole in its tooltip and in the table under the chart."""
    values = [value or 0 for _, value in items]
    top = max([*values, limit or 0, 1])
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / top
    height = BAR_HEIGHT * len(items) + 10
    parts = [_open(title, height)]
    for index, (label, value) in enumerate(items):
        y = 5 + index * BAR_HEIGHT
        over = limit is not None and value is not None and value > limit
        width = round((value or 0) * scale, 1)
        shown = "—" if value is None else f"{value:g}{unit}"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"<title>{escape(label)}</title>{escape(_short(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}" '
            f'class="{"bar over" if over else "bar"}"/>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 15}" font-size="12">{escape(shown)}</text>'
        )
    if limit is not None:
        x = round(LABEL_WIDTH + limit * scale, 1)
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height}" class="limit" stroke-dasharray="4 3"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(points: Sequence[tuple[str, float | None]], title: str, unit: str = "") -> Markup:
    """Values over ordered labels (months); a missing value breaks the line. Where the points are closer than a
    label needs, every other (or third...) point is labelled, and always the last one, the month HR looks at."""
    height, left, right, bottom = 180, 28, 28, 30
    top_value = max([value or 0 for _, value in points] + [1])
    step = (WIDTH - left - right) / max(len(points) - 1, 1)
    every = max(1, -(-LABEL_SPACING // int(step or 1)))

    def xy(index: int, value: float) -> tuple[float, float]:
        return round(left + index * step, 1), round(height - bottom - value * (height - bottom - 15) / top_value, 1)

    parts = [
        _open(title, height),
        f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH - 10}" y2="{height - bottom}" class="axis"/>',
    ]
    segment: list[str] = []
    for index, (label, value) in enumerate(points):
        labelled = (len(points) - 1 - index) % every == 0
        x, _ = xy(index, 0)
        if labelled:
            parts.append(f'<text x="{x}" y="{height - 10}" text-anchor="middle" font-size="11">{escape(label)}</text>')
        if value is None:
            if len(segment) > 1:
                parts.append(f'<polyline class="line" fill="none" stroke-width="2" points="{" ".join(segment)}"/>')
            segment = []
            continue
        x, y = xy(index, value)
        segment.append(f"{x},{y}")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="3" class="point"><title>{escape(f"{label}: {value:g}{unit}")}</title></circle>'
        )
        if labelled:
            parts.append(
                f'<text x="{x}" y="{y - 6}" text-anchor="middle" font-size="11">{escape(f"{value:g}{unit}")}</text>'
            )
    if len(segment) > 1:
        parts.append(f'<polyline class="line" fill="none" stroke-width="2" points="{" ".join(segment)}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
