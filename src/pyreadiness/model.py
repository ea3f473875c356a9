"""The core model: the values every stage shares (checkers, scoring, reports, cache).

Nothing here imports another pyreadiness module: it is the bottom layer
(docs/architecture.md, "Layers"). Results are frozen, keyword-only values. A check that
could not run is data (``Status.SKIPPED`` / ``Status.ERROR`` with a ``reason``), never
``None``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "PASS_MARK",
    "CheckResult",
    "FailedPlugin",
    "Finding",
    "MetricValue",
    "Pillar",
    "Profile",
    "ProfileDecision",
    "ScoreCap",
    "ScoreComponent",
    "Severity",
    "Status",
    "errored",
    "scored",
    "skipped",
]

# Metric values stay JSON-friendly so reports are deterministic and schema-checked.
MetricValue = int | float | bool | str | None | Sequence[str]

#: A check whose score is at or above this mark passes; below it fails.
PASS_MARK = 70.0


class Pillar(str, enum.Enum):
    MAINTAINABILITY = "maintainability"
    SECURITY = "security"
    DEPENDENCIES = "dependencies"
    TESTING = "testing"
    DELIVERY = "delivery"
    OPERABILITY = "operability"
    GOVERNANCE = "governance"  # licence, project governance, packaging metadata


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # could not be measured here (tool missing, offline, nothing to check)
    ERROR = "error"  # the checker or its tool broke


class Severity(str, enum.Enum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One thing the repository should fix, at a place where possible.

    ``path`` is relative to the scanned root with forward slashes; findings about the
    repository as a whole name the most relevant file (``pyproject.toml``, a workflow)
    or leave ``path`` as ``None``.
    """

    check: str
    rule: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    help: str = ""  # how to fix, or the tool's documentation link
    # Where the tool places it more precisely (1-based; columns count characters as the
    # tool does). Only set when the tool says: SARIF viewers then underline the span.
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    # One finding summarising many occurrences in a file ("3 of 7 functions ..."): its
    # message carries counts and examples that change as the group grows, so its identity
    # (baseline fingerprint, SARIF partialFingerprints) is check, rule and path alone.
    grouped: bool = False
    # The rule's readable name when the tool gives one (ruff's "unused-import", bandit's
    # "blacklist", mypy's error code), and how sure the tool is (SARIF precision:
    # "very-high", "high", "medium" or "low"), from bandit's confidence or the secret rule.
    rule_name: str = ""
    precision: str | None = None
    #: The sub-project of a monorepo the finding belongs to (its name); None in a repository
    #: of one project. ``path`` is then relative to the repository root, not the project's.
    project: str | None = None


#: SARIF's precision levels, most certain first.
PRECISIONS = ("very-high", "high", "medium", "low")


@dataclass(frozen=True, kw_only=True)
class RuleDoc:
    """What one rule of a checker flags: ``pyreadiness explain CHECK/RULE`` prints it, SARIF
    gives it to code scanning as the rule's name, description and help."""

    title: str  # a readable name, e.g. "Functions without complete annotations"
    why: str  # why it matters to someone adopting the repository
    fix: str  # what to do about it
    precision: str = "high"  # one of PRECISIONS: how often a finding of it is a true one


@dataclass(frozen=True, kw_only=True)
class ScoreComponent:
    """One weighted part of a check's score: every lost point is traceable to one of these."""

    id: str
    weight: float
    score: float  # 0..100
    detail: str  # what was measured, e.g. "12 findings per KLOC (limit 20)"


@dataclass(frozen=True, kw_only=True)
class ScoreCap:
    """Clear-cut evidence of absence that limits the overall score (the weakest link).

    A checker returns one only on unambiguous evidence (no test file at all, no CI system
    that runs anything): a missed detection must never trigger a cap. The overall score is
    at most the lowest ``limit`` of all caps; the report lists each with its evidence.
    """

    id: str  # e.g. "no-tests"
    limit: float  # the overall score is at most this
    reason: str  # one line for the report, e.g. "no tests at all"
    evidence: str  # what was looked at, e.g. "0 test files among 212 Python files"


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    check: str
    status: Status
    score: float | None
    summary: str
    reason: str = ""  # why skipped/error, or why the score is partial
    metrics: Mapping[str, MetricValue] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    components: tuple[ScoreComponent, ...] = ()
    caps: tuple[ScoreCap, ...] = ()
    duration: float = 0.0  # seconds; excluded from deterministic output
    cached: bool = False


def skipped(check: str, reason: str, **metrics: MetricValue) -> CheckResult:
    """A check that could not be measured: leaves the aggregate, says why."""
    return CheckResult(
        check=check,
        status=Status.SKIPPED,
        score=None,
        summary=f"skipped: {reason}",
        reason=reason,
        metrics=metrics,
    )


def errored(check: str, reason: str) -> CheckResult:
    return CheckResult(
        check=check,
        status=Status.ERROR,
        score=None,
        summary=f"error: {reason}",
        reason=reason,
    )


def scored(
    check: str,
    *,
    components: Sequence[ScoreComponent],
    summary: str,
    metrics: Mapping[str, MetricValue] | None = None,
    findings: Sequence[Finding] = (),
    reason: str = "",
    caps: Sequence[ScoreCap] = (),
) -> CheckResult:
    """Build a measured result whose score is the weighted mean of its components."""
    total_weight = sum(c.weight for c in components)
    if total_weight <= 0:
        raise ValueError(f"{check}: no weighted score components")
    score = round(sum(c.score * c.weight for c in components) / total_weight, 1)
    score = min(100.0, max(0.0, score))
    return CheckResult(
        check=check,
        status=Status.PASSED if score >= PASS_MARK else Status.FAILED,
        score=score,
        summary=summary,
        reason=reason,
        metrics=dict(metrics or {}),
        findings=tuple(findings),
        components=tuple(components),
        caps=tuple(caps),
    )


@dataclass(frozen=True, kw_only=True)
class FailedPlugin:
    """A plugin that could not be loaded: listed in the report, never fatal."""

    name: str
    package: str
    reason: str


class Profile(str, enum.Enum):
    """The role a repository plays: components and weights that depend on role say so.

    Detected from evidence (``discover/profile.py``) or set with
    ``[tool.pyreadiness] profile = "..."``.
    """

    LIBRARY = "library"  # installed next to other code by its users
    APPLICATION = "application"  # an application or service: deployed and run as it is
    CLI = "cli"  # a command-line tool, installed to be run
    SCRIPTS = "scripts"  # a collection of scripts or notebooks, not packaged
    MONOREPO = "monorepo"  # several projects of these kinds in one repository


@dataclass(frozen=True, kw_only=True)
class ProfileDecision:
    """Which profile a repository was judged by, and the evidence for it."""

    profile: Profile
    evidence: str  # e.g. "pyproject.toml declares a build backend (hatchling)"
    configured: bool = False  # True when [tool.pyreadiness] profile set it
