"""JUnit XML for CI test-report views (GitLab, Jenkins, Azure DevOps, GitHub test reporters).

One ``<testcase classname="pyreadiness.<pillar>" name="<check>">`` per check: a failed check
is a ``<failure>`` carrying its summary and findings, a skipped one ``<skipped>`` with the
reason, a broken one ``<error>``; a plugin that failed to load is an ``<error>`` case in
``pyreadiness.plugins``. Built with ElementTree, so every text is escaped; characters XML 1.0
cannot carry at all are dropped. No timings: the same tree gives the same file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pyreadiness.model import Finding, Status
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


def junit_tree(report: Report) -> ET.Element:
    by_check: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_check.setdefault(f.check, []).append(f)
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
    for c in sorted(report.checks, key=lambda c: (c.pillar.value, c.id)):
        r = c.result
        case = ET.SubElement(
            suite, "testcase", classname=f"pyreadiness.{c.pillar.value}", name=c.id
        )
        counts["tests"] += 1
        score = "not measured" if r.score is None else f"score {r.score:g}"
        findings = by_check.get(c.id, [])
        if r.status is Status.FAILED:
            counts["failures"] += 1
            failure = ET.SubElement(
                case, "failure", message=_clean(f"{score}: {r.summary}"), type="failed"
            )
            failure.text = _clean(_finding_lines(findings) or r.summary)
        elif r.status is Status.SKIPPED:
            counts["skipped"] += 1
            ET.SubElement(case, "skipped", message=_clean(r.reason or r.summary))
        elif r.status is Status.ERROR:
            counts["errors"] += 1
            error = ET.SubElement(case, "error", message=_clean(r.reason or r.summary))
            error.text = _clean(r.summary)
        if r.status is not Status.FAILED and findings:
            ET.SubElement(case, "system-out").text = _clean(_finding_lines(findings))
    for e in report.plugin_errors:
        case = ET.SubElement(suite, "testcase", classname="pyreadiness.plugins", name=e.name)
        counts["tests"] += 1
        counts["errors"] += 1
        ET.SubElement(case, "error", message=_clean(f"{e.package}: {e.reason}"))
    totals = {key: str(count) for key, count in counts.items()}
    for key, total in totals.items():
        suite.set(key, total)
    suites = ET.Element("testsuites", {"name": "pyreadiness", **totals})
    suites.append(suite)
    return suites


def render_junit(report: Report) -> str:
    root = junit_tree(report)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
