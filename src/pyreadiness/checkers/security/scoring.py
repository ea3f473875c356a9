"""The security score: bandit issue density and hard-coded secrets, every number named here.

Documented in docs/checks/security.md; change both together (and bump the checker version).
"""

from __future__ import annotations

from collections.abc import Iterable

from pyreadiness.checkers.security.bandit import BanditIssue, FileReport
from pyreadiness.checkers.security.secrets import SecretScan
from pyreadiness.model import Finding, ScoreComponent, Severity
from pyreadiness.score.model import decay

#: Points one bandit issue weighs: severity x confidence.
SEVERITY_WEIGHT = {"HIGH": 10.0, "MEDIUM": 3.0, "LOW": 1.0}
CONFIDENCE_WEIGHT = {"HIGH": 1.0, "MEDIUM": 0.6, "LOW": 0.3}
#: Weighted points per KLOC that halve the bandit component (one high/high issue per KLOC).
HALF_LIFE = 10.0
#: Smaller code bases count as this many KLOC, so one issue in 40 lines is not a catastrophe.
MIN_KLOC = 1.0
BANDIT_WEIGHT = 1.0
SECRETS_WEIGHT = 1.0

_SEVERITY = {"HIGH": Severity.HIGH, "MEDIUM": Severity.MEDIUM, "LOW": Severity.LOW}
PARSE_HELP = (
    "Fix the syntax error (or the encoding): bandit, like Python, cannot read this file, "
    "so it was not checked."
)


def issue_points(issue: BanditIssue) -> float:
    return SEVERITY_WEIGHT[issue.severity] * CONFIDENCE_WEIGHT[issue.confidence]


def per_kloc(issues: Iterable[BanditIssue], source_lines: int) -> float:
    kloc = max(source_lines / 1000.0, MIN_KLOC)
    return sum(issue_points(i) for i in issues) / kloc


def bandit_component(issues: list[BanditIssue], source_lines: int) -> ScoreComponent:
    density = per_kloc(issues, source_lines)
    counts = ", ".join(
        f"{sum(1 for i in issues if i.severity == level)} {level.lower()}"
        for level in ("HIGH", "MEDIUM", "LOW")
    )
    kloc = source_lines / 1000.0
    floor = f", counted as {MIN_KLOC:g}" if kloc < MIN_KLOC else ""
    return ScoreComponent(
        id="bandit",
        weight=BANDIT_WEIGHT,
        score=decay(density, half_at=HALF_LIFE),
        detail=(
            f"bandit: {counts} issues = {density:.2f} weighted points per KLOC "
            f"({kloc:.2f} KLOC of shipped code{floor}); every {HALF_LIFE:g} points per KLOC "
            "halve the score (high 10, medium 3, low 1; x confidence high 1, medium 0.6, "
            "low 0.3)"
        ),
    )


def secrets_component(secrets: SecretScan) -> ScoreComponent:
    found = len(secrets.hits)
    return ScoreComponent(
        id="secrets",
        weight=SECRETS_WEIGHT,
        score=0.0 if found else 100.0,
        detail=(
            f"{found} hard-coded secret{'s' if found != 1 else ''} in {secrets.files} files "
            f"scanned ({secrets.suppressed} allowlisted); any one scores 0"
        ),
    )


def bandit_finding(check: str, issue: BanditIssue) -> Finding:
    return Finding(
        check=check,
        rule=issue.test_id,
        severity=_SEVERITY[issue.severity],
        path=issue.path,
        line=issue.line,
        message=f"{issue.text} [{issue.test_name}, confidence {issue.confidence.lower()}]",
        help=issue.more_info,
    )


def parse_finding(check: str, report: FileReport, line: int | None, detail: str) -> Finding:
    reason = report.error or "unknown error"
    return Finding(
        check=check,
        rule="syntax-error" if "syntax error" in reason.lower() else "not-scanned",
        severity=Severity.LOW,
        path=report.path,
        line=line,
        message=f"bandit could not scan this file: {reason}{detail}",
        help=PARSE_HELP,
    )
