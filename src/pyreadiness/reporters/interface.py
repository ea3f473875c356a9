"""Output formats: a closed enum, dispatched exhaustively (mypy fails on an unhandled member)."""

from __future__ import annotations

import enum

from pyreadiness.compat import assert_never
from pyreadiness.report.model import Report


class Format(str, enum.Enum):
    RICH = "rich"
    JSON = "json"


def render(report: Report, fmt: Format, *, color: bool = False, width: int = 100) -> str:
    """The report as text in the given format."""
    if fmt is Format.RICH:
        from pyreadiness.reporters.rich_text import render_rich

        return render_rich(report, color=color, width=width)
    if fmt is Format.JSON:
        from pyreadiness.reporters.json_report import render_json

        return render_json(report)
    return assert_never(fmt)
