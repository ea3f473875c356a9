"""An SVG badge for a README: "readiness | 87 B", coloured by grade.

Flat, shields-style, text only from our own numbers and letters (never a repository
string), so it needs no escaping; widths come from an approximate glyph width, which is
enough for a dozen characters of Verdana 11px.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyreadiness.errors import UsageError

#: Grade -> colour (shields.io's palette, so the badge sits well beside the usual ones).
GRADE_COLOURS = {
    "A": "#4c1",
    "B": "#97ca00",
    "C": "#dfb317",
    "D": "#fe7d37",
    "F": "#e05d44",
}
NOT_MEASURED_COLOUR = "#9f9f9f"
LABEL = "readiness"
_CHAR_WIDTH = 6.5
_PADDING = 10


def _width(text: str) -> int:
    return round(len(text) * _CHAR_WIDTH) + _PADDING


def render_badge(score: float | None, grade: str | None) -> str:
    value = "not measured" if score is None else f"{score:.0f} {grade or ''}".strip()
    colour = GRADE_COLOURS.get(grade or "", NOT_MEASURED_COLOUR)
    left, right = _width(LABEL), _width(value)
    total = left + right
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{LABEL}: {value}">'
        f"<title>{LABEL}: {value}</title>"
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" '
        'font-size="11">'
        f'<text x="{left / 2:g}" y="14">{LABEL}</text>'
        f'<text x="{left + right / 2:g}" y="14">{value}</text>'
        "</g></svg>\n"
    )


def _from_report(data: Any, where: str) -> str:
    if not isinstance(data, dict) or "score" not in data or "grade" not in data:
        raise UsageError(f"{where}: not a pyreadiness JSON report (no score and grade)")
    score, grade = data["score"], data["grade"]
    if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))):
        raise UsageError(f"{where}: 'score' is not a number")
    if grade is not None and grade not in GRADE_COLOURS:
        raise UsageError(f"{where}: unknown grade {grade!r}")
    return render_badge(None if score is None else float(score), grade)


def badge_from_report_file(path: Path) -> str:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"--report {path}: no such file") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"--report {path}: cannot read a JSON report: {exc}") from None
    return _from_report(data, f"--report {path}")
