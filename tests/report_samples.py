"""Hand-built reports for the format and baseline tests: every status, severity and oddity."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pyreadiness.model import (
    CheckResult,
    FailedPlugin,
    Finding,
    Pillar,
    Profile,
    ProfileDecision,
    ScoreComponent,
    Severity,
    Status,
)
from pyreadiness.report.model import CheckEntry, Report, finding_sort_key
from pyreadiness.score.aggregate import PillarScore
from pyreadiness.score.gate import GateOutcome, GateThresholds

ROOT = Path(__file__).resolve().parent.parent
# ../shared/data beside the checkout; from a worktree under wt/, one folder further up.
SARIF_SCHEMA = next(
    (
        p / "shared" / "data" / "sarif-schema-2.1.0.json"
        for p in ROOT.parents
        if (p / "shared" / "data" / "sarif-schema-2.1.0.json").is_file()
    ),
    ROOT.parent / "shared" / "data" / "sarif-schema-2.1.0.json",
)

APP = """import os


def run(command):
    return eval(command)
"""

FINDINGS = (
    Finding(
        check="lint",
        rule="F401",
        severity=Severity.LOW,
        message="`os` imported but unused",
        path="pkg/app.py",
        line=1,
        help="https://docs.astral.sh/ruff/rules/unused-import",
    ),
    Finding(
        check="security",
        rule="security/B307",
        severity=Severity.HIGH,
        message="Use of possibly insecure function eval at line 5 | <script>@admin</script>",
        path="pkg/app.py",
        line=5,
        help="Use ast.literal_eval.",
    ),
    Finding(
        check="security",
        rule="security/no-policy",
        severity=Severity.MEDIUM,
        message="no SECURITY.md: reporters of a vulnerability do not know where to go",
    ),
    Finding(
        check="tests",
        rule="no-coverage",
        severity=Severity.INFO,
        message="coverage is not measured\x00\x07 (control characters)",
        path="pyproject.toml",
    ),
    Finding(
        check="vulnerabilities",
        rule="known-vulnerability",
        severity=Severity.CRITICAL,
        message="demo 1.0 has 1 known vulnerability",
        path="pyproject.toml",
        line=3,
    ),
)


def _result(check: str, status: Status, score: float | None, summary: str) -> CheckResult:
    return CheckResult(
        check=check,
        status=status,
        score=score,
        summary=summary,
        reason="" if status in (Status.PASSED, Status.FAILED) else f"{check} could not run",
        findings=tuple(f for f in FINDINGS if f.check == check),
        components=(ScoreComponent(id="x", weight=1.0, score=score or 0.0, detail="measured"),),
    )


def write_tree(root: Path) -> Path:
    (root / "pkg").mkdir(parents=True, exist_ok=True)
    (root / "pkg" / "app.py").write_text(APP, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "demo"\ndependencies = ["demo==1.0"]\n', encoding="utf-8"
    )
    return root


def sample_report(
    root: Path,
    *,
    findings: tuple[Finding, ...] = FINDINGS,
    score: float | None = 61.5,
    gate: GateOutcome | None = None,
) -> Report:
    entries = (
        CheckEntry(
            id="lint",
            pillar=Pillar.MAINTAINABILITY,
            title="Lint",
            package="pyreadiness",
            weight=1.0,
            result=_result("lint", Status.FAILED, 55.0, "1 finding | <b>bold</b>"),
        ),
        CheckEntry(
            id="security",
            pillar=Pillar.SECURITY,
            title="Security",
            package="pyreadiness",
            weight=1.0,
            result=_result("security", Status.PASSED, 80.0, "2 findings"),
        ),
        CheckEntry(
            id="vulnerabilities",
            pillar=Pillar.SECURITY,
            title="Vulnerabilities",
            package="pyreadiness",
            weight=1.0,
            result=_result("vulnerabilities", Status.FAILED, 40.0, "1 vulnerable pin"),
        ),
        CheckEntry(
            id="tests",
            pillar=Pillar.TESTING,
            title="Tests",
            package="pyreadiness",
            weight=1.0,
            result=_result("tests", Status.SKIPPED, None, "skipped: tests could not run"),
        ),
        CheckEntry(
            id="typing",
            pillar=Pillar.MAINTAINABILITY,
            title="Typing",
            package="pyreadiness",
            weight=1.0,
            result=_result("typing", Status.ERROR, None, "error: typing could not run"),
        ),
    )
    pillars = (
        PillarScore(
            pillar=Pillar.MAINTAINABILITY,
            score=55.0,
            grade="F",
            weight=20.0,
            checks=("lint", "typing"),
        ),
        PillarScore(
            pillar=Pillar.SECURITY,
            score=60.0,
            grade="D",
            weight=25.0,
            checks=("security", "vulnerabilities"),
        ),
        PillarScore(pillar=Pillar.TESTING, score=None, grade=None, weight=25.0, checks=("tests",)),
    )
    return Report(
        tool_version="0.1.0",
        target=root.as_posix(),
        score=score,
        grade="D",
        partial=("tests skipped: tests could not run", "typing error: typing could not run"),
        gate=gate or GateOutcome(passed=True, reasons=("no thresholds set",)),
        thresholds=GateThresholds(),
        pillars=pillars,
        checks=entries,
        findings=tuple(sorted(findings, key=finding_sort_key)),
        plugin_errors=(FailedPlugin(name="broken", package="thirdparty", reason="ImportError"),),
        profile=ProfileDecision(profile=Profile.LIBRARY, evidence="sample"),
        files=2,
        source_lines=5,
        listed_by="walk",
        duration=0.1,
    )


def sarif_validator() -> Any:
    """A draft-04 validator for the official SARIF 2.1.0 schema, or None when it is absent."""
    import jsonschema

    if not SARIF_SCHEMA.is_file():
        return None
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


SARIF_MISSING = (
    f"official SARIF 2.1.0 schema not found at {SARIF_SCHEMA} (it lives in ../shared/data "
    "beside the project; this checkout does not have that folder)"
)


_ANNOTATION = re.compile(
    r"::(error|warning|notice) ((?:[a-zA-Z]+=[^,:\r\n]*)(?:,[a-zA-Z]+=[^,:\r\n]*)*)::([^\r\n]*)"
)
_CONCISE = re.compile(
    # A path may hold ':' (as in ruff's concise output): the shortest one that fits.
    r"(?P<path>[^\r\n]+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<rule>\S+) "
    r"\[(?P<severity>info|low|medium|high|critical)\] (?P<message>[^\r\n]+)"
)
_VERDICT = re.compile(r"\d+ findings?; score [^;]+; gate (passed|failed): .*")


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_annotations(text: str) -> list[tuple[str, dict[str, str], str]]:
    """GitHub workflow commands, unescaped as the runner does; fails on any other line."""
    out = []
    for line in text.split("\n")[:-1]:
        m = _ANNOTATION.fullmatch(line)
        assert m, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        out.append((m.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(m.group(3))))
    assert text.endswith("\n") or not text
    return out


def parse_concise(text: str) -> tuple[list[re.Match[str]], str]:
    """Concise lines (one per finding) and the verdict line; fails on anything else."""
    *lines, verdict = text.split("\n")[:-1]
    matches = [_CONCISE.fullmatch(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m]
    assert _VERDICT.fullmatch(verdict), verdict
    return [m for m in matches if m], verdict
