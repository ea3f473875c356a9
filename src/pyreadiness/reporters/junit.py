"""JUnit XML for CI test-report views (GitLab, Jenkins, Azure DevOps, GitHub test reporters).

Red tests mean exactly what the gate means, so a merge request never shows failed tests on a
green pipeline: one ``<testcase classname="pyreadiness" name="gate">`` fails when the gate
fails (its reasons in the message), and one ``<testcase classname="pyreadiness.<pillar>"
name="<check>">`` per check fails only when its pillar is below its ``--min`` threshold. A
check's score and findings are in its ``<system-out>`` either way; a check that could not be
measured is ``<skipped>`` with the reason, a broken one ``<error>``; a plugin that failed to
load is an ``<error>`` case in ``pyreadiness.plugins``. Built with ElementTree, so every text
is escaped; characters XML 1.0 cannot carry at all are dropped. The ``time`` attributes (the
common JUnit XSD requires them) are the checks' durations, the only part that differs between
two runs of the same tree (as ``timings`` in the JSON report). ``skipped`` is counted on
``<testsuite>`` only: the XSD does not allow it on ``<testsuites>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pyreadiness.model import Finding, Pillar, Status
from pyreadiness.report.comparison import where
from pyreadiness.report.model import Report

# Control characters XML 1.0 forbids even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_FINDINGS_PER_CASE = 200


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _finding_lines(findings: list[Finding]) -> str:
    lines = [
        f"{f.severity.value.upper()} {where(f)} {f.rule}: {f.message}"
        + (f"\n    fix: {f.help}" if f.help else "")
        for f in findings[:MAX_FINDINGS_PER_CASE]
    ]
    if len(findings) > MAX_FINDINGS_PER_CASE:
        lines.append(f"... and {len(findings) - MAX_FINDINGS_PER_CASE} more findings")
    return "\n".join(lines)


def _seconds(value: float) -> str:
    return f"{max(0.0, value):.3f}"


def _below_minimum(report: Report) -> dict[Pillar, str]:
    """Pillars the gate fails on, with the reason as the gate words it."""
    out: dict[Pillar, str] = {}
    for p in report.pillars:
        minimum = report.thresholds.pillar_minimums.get(p.pillar)
        if minimum is None:
            continue
        if p.score is None:
            out[p.pillar] = f"{p.pillar.value} not measured (minimum {minimum:g})"
        elif p.score < minimum:
            out[p.pillar] = f"{p.pillar.value} {p.score:g} is below its minimum {minimum:g}"
    return out


def _gate_case(suite: ET.Element, report: Report, counts: dict[str, int]) -> None:
    case = ET.SubElement(
        suite, "testcase", classname="pyreadiness", name="gate", time=_seconds(0.0)
    )
    counts["tests"] += 1
    reasons = "; ".join(report.gate.reasons)
    if report.gate.passed:
        ET.SubElement(case, "system-out").text = _clean(reasons)
    else:
        counts["failures"] += 1
        failure = ET.SubElement(case, "failure", message=_clean(reasons), type="gate")
        failure.text = _clean("\n".join(report.gate.reasons))


def _check_cases(suite: ET.Element, report: Report, classname: str, counts: dict[str, int]) -> None:
    by_check: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_check.setdefault(f.check, []).append(f)
    below = _below_minimum(report)
    for c in sorted(report.checks, key=lambda c: (c.pillar.value, c.id)):
        r = c.result
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{classname}.{c.pillar.value}",
            name=c.id,
            time=_seconds(r.duration),
        )
        counts["tests"] += 1
        score = "not measured" if r.score is None else f"score {r.score:g}"
        findings = by_check.get(c.id, [])
        measured = r.status in (Status.PASSED, Status.FAILED)
        if measured and c.pillar in below:
            counts["failures"] += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=_clean(f"{below[c.pillar]}; {c.id} {score}: {r.summary}"),
                type="gate",
            )
            failure.text = _clean(_finding_lines(findings) or r.summary)
        elif r.status is Status.SKIPPED:
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=_clean(r.reason or r.summary))
        elif r.status is Status.ERROR:
            counts["errors"] += 1
            error = ET.SubElement(case, "error", message=_clean(r.reason or r.summary))
            error.text = _clean(r.summary)
        elif measured:
            out = f"{score}: {r.summary}\n{_finding_lines(findings)}".rstrip()
            ET.SubElement(case, "system-out").text = _clean(out)
        if not measured and findings:
            ET.SubElement(case, "system-out").text = _clean(_finding_lines(findings))


def junit_tree(report: Report) -> ET.Element:
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    suite = ET.Element("testsuite", name="pyreadiness")
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("pyreadiness.version", report.tool_version),
        ("score", "" if report.score is None else f"{report.score:g}"),
        ("grade", report.grade or ""),
        ("gate", "passed" if report.gate.passed else "failed"),
    ):
        ET.SubElement(props, "property", name=name, value=value)
    _gate_case(suite, report, counts)
    # A monorepo's checks are its projects': classname pyreadiness.<project>.<pillar>.
    for project in report.projects or (None,):
        if project is None:
            _check_cases(suite, report, "pyreadiness", counts)
        else:
            _check_cases(suite, project.report, f"pyreadiness.{project.name}", counts)
    for e in report.plugin_errors:
        case = ET.SubElement(
            suite, "testcase", classname="pyreadiness.plugins", name=e.name, time=_seconds(0.0)
        )
        counts["tests"] += 1
        counts["errors"] += 1
        ET.SubElement(case, "error", message=_clean(f"{e.package}: {e.reason}"))
    totals = {key: str(count) for key, count in counts.items()}
    for key, total in totals.items():
        suite.set(key, total)
    elapsed = _seconds(report.duration)
    suite.set("time", elapsed)
    suites = ET.Element(
        "testsuites",
        {
            "name": "pyreadiness",
            "tests": totals["tests"],
            "failures": totals["failures"],
            "errors": totals["errors"],
            "time": elapsed,
        },
    )
    suites.append(suite)
    return suites


def render_junit(report: Report) -> str:
    root = junit_tree(report)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
