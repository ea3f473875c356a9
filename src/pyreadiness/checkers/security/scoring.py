"""The security score: bandit issue density and hard-coded secrets, every number named here.

Documented in docs/checks/security.md; change both together (and bump the checker version).
"""

from __future__ import annotations

from collections.abc import Iterable

from pyreadiness.checkers.security.bandit import BanditIssue, FileReport
from pyreadiness.checkers.security.secrets import SecretScan
from pyreadiness.model import Finding, ScoreComponent, Severity
from pyreadiness.score.model import decay

#: Points one bandit issue weighs: severity x confidence. LOW (an ``assert``, an ``import
#: subprocess``, ``try/except/pass``, ``random``) is a style signal a reviewer reads past,
#: not a risk: fifty of them weigh one high-severity issue.
SEVERITY_WEIGHT = {"HIGH": 10.0, "MEDIUM": 3.0, "LOW": 0.2}
CONFIDENCE_WEIGHT = {"HIGH": 1.0, "MEDIUM": 0.6, "LOW": 0.3}
#: Weighted points per KLOC that halve the bandit component (one high/high issue per KLOC);
#: below MIN_KLOC, weighted points (not per KLOC) that halve it.
HALF_LIFE = 10.0
#: Less shipped code than this is too little for a density: no issue found in 40 lines is
#: no evidence of care, so the component is left out; issues found still cost, counted
#: as if the code were this size (one high/high issue halves it, whatever the size).
MIN_KLOC = 1.0
BANDIT_WEIGHT = 1.0
SECRETS_WEIGHT = 1.0
#: A keyword-rule secret (a password-like key given a literal, a password in a URL) is a
#: guess: each costs this much of the secrets component, at most GENERIC_MAX_COST in all.
#: A format-anchored secret (a private key, an AWS secret key, a checksummed token) is
#: certain: it zeroes the component.
GENERIC_COST = 20.0
GENERIC_MAX_COST = 60.0

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


_WEIGHTS_TEXT = "high 10, medium 3, low 0.2; x confidence high 1, medium 0.6, low 0.3"


def too_little_code(source_lines: int) -> bool:
    return source_lines / 1000.0 < MIN_KLOC


def bandit_component(issues: list[BanditIssue], source_lines: int) -> ScoreComponent | None:
    """The bandit component, or None: too little code for a density and no issue found."""
    density = per_kloc(issues, source_lines)
    counts = ", ".join(
        f"{sum(1 for i in issues if i.severity == level)} {level.lower()}"
        for level in ("HIGH", "MEDIUM", "LOW")
    )
    kloc = source_lines / 1000.0
    if too_little_code(source_lines):
        if density <= 0:
            return None
        detail = (
            f"bandit: {counts} issues = {density:.2f} weighted points in {kloc:.2f} KLOC of "
            f"shipped code, too little for a density (below {MIN_KLOC:g} KLOC): every "
            f"{HALF_LIFE:g} points halve the score ({_WEIGHTS_TEXT})"
        )
    else:
        detail = (
            f"bandit: {counts} issues = {density:.2f} weighted points per KLOC "
            f"({kloc:.2f} KLOC of shipped code); every {HALF_LIFE:g} points per KLOC "
            f"halve the score ({_WEIGHTS_TEXT})"
        )
    return ScoreComponent(
        id="bandit",
        weight=BANDIT_WEIGHT,
        score=decay(density, half_at=HALF_LIFE),
        detail=detail,
    )


def left_out_reason(source_lines: int) -> str:
    return (
        f"bandit density left out: {source_lines} lines of shipped code are too few to "
        f"measure one (below {MIN_KLOC:g} KLOC), and bandit found no issue"
    )


def secrets_component(secrets: SecretScan) -> ScoreComponent:
    found = len(secrets.hits)
    certain = secrets.critical
    generic = found - certain
    score = 0.0 if certain else 100.0 - min(GENERIC_MAX_COST, GENERIC_COST * generic)
    return ScoreComponent(
        id="secrets",
        weight=SECRETS_WEIGHT,
        score=score,
        detail=(
            f"{found} hard-coded secret{'s' if found != 1 else ''} in {secrets.files} files "
            f"scanned ({secrets.suppressed} allowlisted): {certain} certain (a private key, "
            f"a provider token; any one scores 0), {generic} likely (a literal password-like "
            f"setting or URL password; {GENERIC_COST:g} points each, at most "
            f"{GENERIC_MAX_COST:g})"
        ),
    )


#: bandit's confidence as SARIF precision (bandit has no "very-high").
_PRECISION = {"HIGH": "high", "MEDIUM": "medium", "LOW": "low"}


def bandit_finding(check: str, issue: BanditIssue) -> Finding:
    text = issue.text  # quoted passwords were masked as bandit's output was parsed (bandit.mask)
    return Finding(
        check=check,
        rule=issue.test_id,
        severity=_SEVERITY[issue.severity],
        path=issue.path,
        line=issue.line,
        message=f"{text} [{issue.test_name}, confidence {issue.confidence.lower()}]",
        help=issue.more_info,
        column=issue.column,
        end_line=issue.end_line,
        end_column=issue.end_column,
        rule_name=issue.test_name,
        precision=_PRECISION.get(issue.confidence, "low"),
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
