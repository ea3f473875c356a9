"""Output formats: a closed enum, dispatched exhaustively (mypy fails on an unhandled member)."""

from __future__ import annotations

import enum

from pyreadiness.compat import assert_never
from pyreadiness.report.model import Report

__all__ = ["Format", "render"]


class Format(str, enum.Enum):
    RICH = "rich"
    JSON = "json"
    MARKDOWN = "markdown"
    SARIF = "sarif"
    JUNIT = "junit"
    CODEQUALITY = "codequality"  # GitLab Code Quality
    GITHUB = "github"  # GitHub Actions workflow commands (annotations)
    CONCISE = "concise"  # one finding per line, like ruff's concise output
    HTML = "html"  # one self-contained offline page


def render(
    report: Report,
    fmt: Format,
    *,
    color: bool = False,
    width: int = 100,
    terminal: bool = False,
) -> str:
    """The report as text in the given format.

    ``report.comparison`` (from ``--baseline``) adds what changed to the formats that can
    show it. ``terminal`` renders the rich report as this process's terminal shows it (its
    width and colours; ``color`` and ``width`` are then ignored).
    """
    comparison = report.comparison
    if fmt is Format.RICH:
        from pyreadiness.reporters.rich_text import render_rich

        return render_rich(report, color=color, width=width, terminal=terminal)
    if fmt is Format.JSON:
        from pyreadiness.reporters.json_report import render_json

        return render_json(report, comparison)
    if fmt is Format.MARKDOWN:
        from pyreadiness.reporters.markdown import render_markdown

        return render_markdown(report, comparison)
    if fmt is Format.SARIF:
        from pyreadiness.reporters.sarif import render_sarif

        return render_sarif(report, comparison)
    if fmt is Format.JUNIT:
        from pyreadiness.reporters.junit import render_junit

        return render_junit(report)
    if fmt is Format.CODEQUALITY:
        from pyreadiness.reporters.codequality import render_codequality

        return render_codequality(report)
    if fmt is Format.GITHUB:
        from pyreadiness.reporters.github import render_github

        return render_github(report)
    if fmt is Format.CONCISE:
        from pyreadiness.reporters.concise import render_concise

        return render_concise(report)
    if fmt is Format.HTML:
        from pyreadiness.reporters.html.report_page import render_html

        return render_html(report)
    return assert_never(fmt)
