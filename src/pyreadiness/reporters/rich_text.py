"""The terminal report: what a developer reads before a push.

Order of reading: overall score, pillars, checks, where the points went, the findings that
matter most, what could not be measured, and last the gate's verdict.
"""

from __future__ import annotations

import io
import os
import sys

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pyreadiness.model import Finding, Severity, Status
from pyreadiness.report.model import Report

TOP_FINDINGS = 15
#: Width of the report off a terminal (a CI log, a pipe, a file): wide enough that no line
#: is hard-wrapped, so each finding and each URL stays whole on its line; log viewers wrap
#: softly themselves. A terminal gets its own width; COLUMNS, when set, always wins.
UNWRAPPED_WIDTH = 10_000


def stdout_width(terminal_width: int) -> int:
    """The width to render stdout's report at, given the width a terminal would have."""
    if os.environ.get("COLUMNS", "").isdigit() or sys.stdout.isatty():
        return terminal_width
    return UNWRAPPED_WIDTH


_STATUS_STYLE = {
    Status.PASSED: "green",
    Status.FAILED: "red",
    Status.SKIPPED: "yellow",
    Status.ERROR: "bold red",
}
_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "dim",
}
_GRADE_STYLE = {"A": "bold green", "B": "green", "C": "yellow", "D": "dark_orange", "F": "bold red"}


def _score_text(score: float | None) -> str:
    return "  -  " if score is None else f"{score:5.1f}"


def _bar(score: float | None, width: int = 20) -> Text:
    if score is None:
        return Text("not measured", style="dim")
    filled = round(score / 100 * width)
    style = "green" if score >= 80 else "yellow" if score >= 60 else "red"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def _grade(grade: str | None) -> Text:
    return Text(grade or "-", style=_GRADE_STYLE.get(grade or "", "dim"))


def top_findings(report: Report, top: int, per_rule: int = 2) -> list[Finding]:
    """The most severe findings, at most ``per_rule`` of each rule, so one noisy rule does not
    hide every other problem (the JSON report keeps them all)."""
    seen: dict[tuple[str, str], int] = {}
    out: list[Finding] = []
    for f in report.findings:  # already most severe first
        if f.severity is Severity.INFO:
            continue
        key = (f.check, f.rule)
        if seen.get(key, 0) >= per_rule:
            continue
        seen[key] = seen.get(key, 0) + 1
        out.append(f)
        if len(out) >= top:
            break
    return out


def cap_lines(report: Report) -> list[str]:
    """One line per cap that lowered the overall score (the first one set it)."""
    if not report.caps:
        return []
    lines = [f"Capped from {_score_text(report.uncapped_score).strip()} (weakest link):"]
    lines += [
        f"  at most {a.cap.limit:g}: {a.cap.reason} ({a.check}: {a.cap.evidence})"
        for a in report.caps
    ]
    return lines


def build_renderables(report: Report, top: int = TOP_FINDINGS) -> Group:
    parts: list[object] = []
    header = Text.assemble(
        ("pyreadiness ", "bold"),
        report.tool_version,
        "  ",
        (report.target, "cyan"),
        f"  ({report.files} files, {report.source_lines} lines of shipped source)",
    )
    parts.append(header)
    overall = Text.assemble(
        "\nOverall ",
        (_score_text(report.score).strip(), "bold"),
        " / 100  grade ",
        _grade(report.grade),
    )
    if report.partial:
        overall.append(f"   (partial: {len(report.partial)} gap(s) listed below)", style="yellow")
    parts.append(overall)
    parts.append(
        Text(f"Judged as {report.profile.profile.value}: {report.profile.evidence}", style="dim")
    )
    for line in cap_lines(report):
        parts.append(Text(line, style="bold red"))

    pillars = Table(title=None, box=None, pad_edge=False, show_edge=False)
    pillars.add_column("Pillar")
    pillars.add_column("Score", justify="right")
    pillars.add_column("Grade")
    pillars.add_column("Weight", justify="right")
    pillars.add_column("")
    for p in report.pillars:
        pillars.add_row(
            p.pillar.value, _score_text(p.score), _grade(p.grade), f"{p.weight:g}", _bar(p.score)
        )
    parts.append(Text(""))
    parts.append(pillars)
    if report.projects:
        parts.append(Text(""))
        parts.append(_projects(report))

    checks = Table(box=None, pad_edge=False, show_edge=False)
    checks.add_column("Check")
    checks.add_column("Pillar")
    checks.add_column("Status")
    checks.add_column("Score", justify="right")
    checks.add_column("Summary", overflow="fold")
    for label, c in report.labelled_checks():
        r = c.result
        checks.add_row(
            label,
            c.pillar.value,
            Text(r.status.value, style=_STATUS_STYLE[r.status]),
            _score_text(r.score),
            escape(r.summary),
        )
    parts.append(Text(""))
    parts.append(checks)

    lost = Table(box=None, pad_edge=False, show_edge=False, title_justify="left")
    lost.add_column("Check")
    lost.add_column("Component")
    lost.add_column("Score", justify="right")
    lost.add_column("Weight", justify="right")
    lost.add_column("Measured", overflow="fold")
    rows = 0
    for label, c in sorted(report.labelled_checks(), key=lambda lc: lc[0]):
        for comp in c.result.components:
            if comp.score < 100:
                lost.add_row(
                    label, comp.id, f"{comp.score:g}", f"{comp.weight:g}", escape(comp.detail)
                )
                rows += 1
    if rows:
        parts.append(Text("\nWhere the points went", style="bold"))
        parts.append(lost)

    shown = top_findings(report, top)
    if shown:
        parts.append(Text(f"\nTop findings ({len(shown)} of {len(report.findings)})", style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        for f in shown:
            where = f.path or "(repository)"
            if f.path and f.line:
                where = f"{f.path}:{f.line}"
            body = Text.assemble((where, "cyan"), "  ", (f.rule, "bold"), "  ", f.message)
            if f.help:
                body.append(f"\nfix: {f.help}", style="dim")
            check = f.check if f.project is None else f"{f.project}: {f.check}"
            grid.add_row(
                Text(f.severity.value.upper(), style=_SEVERITY_STYLE[f.severity]), check, body
            )
        parts.append(grid)

    if report.partial or report.plugin_errors:
        parts.append(Text("\nNot measured (left out of the score)", style="bold yellow"))
        for reason in report.partial:
            parts.append(Text(f"  - {reason}"))
        for err in report.plugin_errors:
            parts.append(
                Text(f"  - plugin {err.name} ({err.package}) failed to load: {err.reason}")
            )

    verdict = "PASSED" if report.gate.passed else "FAILED"
    style = "bold green" if report.gate.passed else "bold red"
    parts.append(Text.assemble("\nGate ", (verdict, style), ": ", "; ".join(report.gate.reasons)))
    return Group(*parts)  # type: ignore[arg-type]


def _projects(report: Report) -> Table:
    """A monorepo's sub-projects: the overall score is their roll-up by shipped lines."""
    table = Table(
        title=f"Projects (roll-up weighted by shipped lines; weakest: {report.weakest or '-'})",
        title_justify="left",
        box=None,
        pad_edge=False,
        show_edge=False,
    )
    for column in ("Project", "Folder", "Score", "Grade", "Shipped lines", "Gate"):
        table.add_column(
            column, justify="right" if column in ("Score", "Shipped lines") else "left"
        )
    for p in report.projects:
        r = p.report
        table.add_row(
            escape(p.name),
            escape(p.path),
            _score_text(r.score),
            _grade(r.grade),
            str(r.source_lines),
            Text("passed", "green") if r.gate.passed else Text("failed", "red"),
        )
    return table


def render_rich(
    report: Report, *, color: bool = False, width: int = 100, terminal: bool = False
) -> str:
    buf = io.StringIO()
    if terminal:
        # What a console on stdout would decide (width, colour system, NO_COLOR), applied
        # to a buffer, so the terminal report is the same text every other caller gets.
        # Off a terminal (a CI log, a pipe) no hard wrap: see UNWRAPPED_WIDTH.
        probe = Console()
        console = Console(
            file=buf,
            width=stdout_width(probe.width),
            force_terminal=probe.is_terminal,
            no_color=probe.no_color,
            color_system=probe.color_system,  # type: ignore[arg-type]
        )
    else:
        console = Console(
            file=buf,
            width=width,
            force_terminal=color,
            no_color=not color,
            color_system="auto" if color else None,
        )
    console.print(build_renderables(report))
    return buf.getvalue()
