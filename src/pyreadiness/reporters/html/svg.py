"""Inline SVG charts: bars, sparklines and a heat map, drawn from numbers only.

Labels that come from a repository (a fleet's repository names) are escaped here; each
chart carries a class its elements can be counted by (tests count them in a browser).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

#: Score -> fill colour, the same bands as the grades (A/B green, C yellow, D orange, F red).
_BANDS = ((90.0, "#2e7d32"), (80.0, "#66bb6a"), (70.0, "#fbc02d"), (60.0, "#fb8c00"))
_FAIL = "#e53935"
NOT_MEASURED = "#bdbdbd"


def colour(score: float | None) -> str:
    if score is None:
        return NOT_MEASURED
    return next((c for floor, c in _BANDS if score >= floor), _FAIL)


def bar_chart(items: Sequence[tuple[str, float | None]], *, css_id: str, width: int = 420) -> str:
    """One horizontal bar per item (label, score 0-100); not measured: a grey outline."""
    label_w, row_h = 130, 24
    bar_w = width - label_w - 60
    parts = [
        f'<svg id="{css_id}" class="bars" role="img" width="{width}" '
        f'height="{row_h * len(items) + 4}" viewBox="0 0 {width} {row_h * len(items) + 4}">'
    ]
    for i, (label, score) in enumerate(items):
        y = i * row_h + 2
        parts.append(
            f'<text x="0" y="{y + 16}" class="label">{escape(label)}</text>'
            f'<rect class="bar-track" x="{label_w}" y="{y + 4}" width="{bar_w}" height="14" '
            'rx="3"/>'
        )
        if score is None:
            parts.append(f'<text x="{label_w + 6}" y="{y + 16}" class="na">not measured</text>')
            continue
        parts.append(
            f'<rect class="bar-fill" x="{label_w}" y="{y + 4}" '
            f'width="{bar_w * max(0.0, min(score, 100.0)) / 100:.1f}" height="14" rx="3" '
            f'fill="{colour(score)}"><title>{escape(label)}: {score:g}</title></rect>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 16}" class="value">{score:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def sparkline(values: Sequence[float], *, width: int = 90, height: int = 22) -> str:
    """A repository's overall score over its stored runs (0-100 on a fixed scale)."""
    if not values:
        return '<svg class="trend empty" width="0" height="0"></svg>'
    step = width / max(1, len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (height - 4) * v / 100:.1f}" for i, v in enumerate(values)
    )
    last_x = (len(values) - 1) * step
    last_y = height - 2 - (height - 4) * values[-1] / 100
    return (
        f'<svg class="trend" width="{width + 4}" height="{height}" role="img">'
        f"<title>{' → '.join(f'{v:g}' for v in values)}</title>"
        f'<polyline fill="none" stroke="#1565c0" stroke-width="1.5" points="{points}"/>'
        f'<circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="{colour(values[-1])}"/>'
        "</svg>"
    )


def heat_map(
    names: Sequence[str], pillars: Sequence[str], scores: Sequence[Sequence[float | None]]
) -> str:
    """Repositories (rows) x pillars (columns), each cell coloured by its score."""
    cell_w, cell_h, label_w, head_h = 86, 22, 180, 24
    width = label_w + cell_w * len(pillars)
    height = head_h + cell_h * len(names)
    parts = [
        f'<svg id="heatmap" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
    ]
    for j, pillar in enumerate(pillars):
        x = label_w + j * cell_w + cell_w / 2
        parts.append(f'<text x="{x:g}" y="16" class="head">{escape(pillar)}</text>')
    for i, (name, row) in enumerate(zip(names, scores, strict=True)):
        y = head_h + i * cell_h
        shown = name if len(name) <= 26 else name[:25] + "…"
        parts.append(f'<text x="0" y="{y + 15}" class="label">{escape(shown)}</text>')
        for j, score in enumerate(row):
            x = label_w + j * cell_w
            text = "-" if score is None else f"{score:g}"
            parts.append(
                f'<rect class="cell" x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{colour(score)}"><title>{escape(name)} / {escape(pillars[j])}: {text}'
                f'</title></rect><text x="{x + cell_w / 2 - 1:g}" y="{y + 15}" '
                f'class="cell-text">{text}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
