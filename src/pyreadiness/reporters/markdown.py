"""GitHub-flavoured Markdown for ``$GITHUB_STEP_SUMMARY`` and pull-request comments.

Compact: the verdict in the heading, pillars, checks, what changed against a baseline, the
top findings, what could not be measured. Always under :data:`MAX_CHARS` (a PR comment takes
65,536 characters): the findings tables are cut first, saying how many were left out.
Text from findings is escaped so it cannot inject markup or @-mention anyone.
"""

from __future__ import annotations

import re

from pyreadiness.model import Finding, Severity, Status
from pyreadiness.report.comparison import Comparison, ScoreDelta, where
from pyreadiness.report.model import Report

MAX_CHARS = 60_000
TOP_FINDINGS = 25
MAX_CELL = 300

_STATUS = {
    Status.PASSED: "✅ passed",
    Status.FAILED: "❌ failed",
    Status.SKIPPED: "⚠️ skipped",
    Status.ERROR: "💥 error",
}
_MARKUP = re.compile(r"([\\`*_\[\]<>|~#])")


def cell(text: str, limit: int = MAX_CELL) -> str:
    """Plain text safe inside a table cell: one line, markup escaped, mentions defused."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    # An invisible word joiner (U+2060) after "@" keeps "@app.route" from notifying user "app".
    return _MARKUP.sub(r"\\\1", flat).replace("@", "@\u2060")


def code(text: str, limit: int = 200) -> str:
    """A code span inside a table cell: only pipes need escaping there (GFM tables)."""
    flat = " ".join(text.split())[:limit].replace("`", "'").replace("|", "\\|")
    return f"`{flat}`"


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _change(d: ScoreDelta) -> str:
    change = d.change
    if change is None:
        return "-" if d.before == d.after else "not measured" if d.after is None else "new"
    if change == 0:
        return "±0"
    return f"{change:+g}"


def _check_of(f: Finding) -> str:
    return f.check if f.project is None else f"{f.project}: {f.check}"


def _finding_rows(findings: list[Finding] | tuple[Finding, ...]) -> list[str]:
    return [
        f"| {f.severity.value} | {cell(_check_of(f))} | {code(where(f))} | "
        f"{cell(f.rule, 80)} | {cell(f.message)} |"
        for f in findings
    ]


_FINDINGS_HEAD = ["| Severity | Check | Where | Rule | Message |", "|---|---|---|---|---|"]


def _head(report: Report) -> list[str]:
    verdict = "✅ gate passed" if report.gate.passed else "❌ gate failed"
    grade = f" ({report.grade})" if report.grade else ""
    lines = [f"## pyreadiness: {_score(report.score)} / 100{grade} — {verdict}", ""]
    if report.partial:
        lines += [f"_Partial score: {len(report.partial)} gap(s), listed below._", ""]
    lines += [f"Judged as **{report.profile.profile.value}**: {cell(report.profile.evidence)}", ""]
    if report.caps:
        lines += [f"**Capped** from {_score(report.uncapped_score)} (weakest link):", ""]
        lines += [
            f"- at most {a.cap.limit:g}: {cell(a.cap.reason)} ({cell(a.check)}: "
            f"{cell(a.cap.evidence, 300)})"
            for a in report.caps
        ]
        lines.append("")
    lines += ["| Pillar | Score | Grade |", "|---|---:|:---:|"]
    lines += [
        f"| {p.pillar.value} | {_score(p.score)} | {p.grade or '-'} |" for p in report.pillars
    ]
    lines += _projects(report)
    lines += ["", "| Check | Pillar | Status | Score | Summary |", "|---|---|---|---:|---|"]
    for label, c in report.labelled_checks():
        r = c.result
        lines.append(
            f"| {cell(label)} | {c.pillar.value} | {_STATUS[r.status]} | {_score(r.score)} | "
            f"{cell(r.summary)} |"
        )
    return lines


def _projects(report: Report) -> list[str]:
    """A monorepo's sub-projects: the overall score above is their roll-up."""
    if not report.projects:
        return []
    lines = [
        "",
        f"Roll-up of {len(report.projects)} projects, weighted by shipped lines; "
        f"weakest: **{cell(report.weakest or '-')}**.",
        "",
    ]
    lines += [
        "| Project | Folder | Score | Grade | Shipped lines | Gate |",
        "|---|---|---:|:---:|---:|---|",
    ]
    for p in report.projects:
        r = p.report
        gate = "✅" if r.gate.passed else "❌"
        lines.append(
            f"| {cell(p.name)} | {code(p.path)} | {_score(r.score)} | {r.grade or '-'} | "
            f"{r.source_lines} | {gate} |"
        )
    return lines


def _baseline(comparison: Comparison, budget: int) -> list[str]:
    c = comparison
    lines = ["", "### Changes since baseline", ""]
    lines.append(
        f"Overall {_score(c.overall.before)} → {_score(c.overall.after)} ({_change(c.overall)}); "
        f"tolerance {c.tolerance:g} points. {len(c.new)} new, {len(c.fixed)} fixed, "
        f"{c.unchanged} unchanged finding(s)."
    )
    lines += ["", "| Pillar | Baseline | Now | Change |", "|---|---:|---:|---:|"]
    for d in c.pillars:
        lines.append(f"| {d.name} | {_score(d.before)} | {_score(d.after)} | {_change(d)} |")
    if c.new:
        lines += ["", f"**New findings ({len(c.new)})**", "", *_FINDINGS_HEAD]
        lines += _fit(_finding_rows(c.new), budget // 2, len(c.new))
    if c.fixed:
        lines += ["", f"**Fixed findings ({len(c.fixed)})**", ""]
        fixed = [f"- {cell(b.rule, 80)} at {code(where(b))}: {cell(b.message)}" for b in c.fixed]
        lines += _fit(fixed, budget // 4, len(c.fixed))
    return lines


def _fit(rows: list[str], budget: int, total: int) -> list[str]:
    kept: list[str] = []
    used = 0
    for row in rows:
        if used + len(row) + 1 > budget:
            break
        kept.append(row)
        used += len(row) + 1
    if len(kept) < total:
        kept.append(f"\n_… {total - len(kept)} more not shown (see the JSON or SARIF report)._")
    return kept


def _tail(report: Report) -> list[str]:
    lines: list[str] = []
    if report.partial or report.plugin_errors:
        lines += ["", "### Not measured (left out of the score)", ""]
        lines += [f"- {cell(reason, 500)}" for reason in report.partial]
        lines += [
            f"- plugin {cell(e.name)} ({cell(e.package)}) failed to load: {cell(e.reason)}"
            for e in report.plugin_errors
        ]
    lines += ["", "### Gate", ""]
    lines += [f"- {cell(reason, 500)}" for reason in report.gate.reasons[:50]]
    if len(report.gate.reasons) > 50:
        lines.append(f"- … {len(report.gate.reasons) - 50} more")
    return lines


def render_markdown(report: Report, comparison: Comparison | None = None) -> str:
    head, tail = _head(report), _tail(report)
    budget = MAX_CHARS - sum(len(x) + 1 for x in head + tail) - 500
    body: list[str] = []
    if comparison is not None:
        body = _baseline(comparison, budget)
        budget -= sum(len(x) + 1 for x in body)
    shown = [f for f in report.findings if f.severity is not Severity.INFO][:TOP_FINDINGS]
    if shown:
        body += ["", f"### Top findings ({len(shown)} of {len(report.findings)})", ""]
        body += [*_FINDINGS_HEAD, *_fit(_finding_rows(shown), max(budget, 0), len(shown))]
    text = "\n".join([*head, *body, *tail]) + "\n"
    return text[:MAX_CHARS]
