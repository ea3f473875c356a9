"""The Report value handed to every reporter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pyreadiness.model import CheckResult, FailedPlugin, Finding, Pillar, ProfileDecision, RuleDoc
from pyreadiness.report.comparison import Comparison
from pyreadiness.score.aggregate import AppliedCap, PillarScore
from pyreadiness.score.gate import GateOutcome, GateThresholds

__all__ = ["SCHEMA_VERSION", "CheckEntry", "Report", "finding_sort_key"]

SCHEMA_VERSION = "1.0"


@dataclass(frozen=True, kw_only=True)
class CheckEntry:
    id: str
    pillar: Pillar
    title: str
    package: str
    weight: float
    result: CheckResult
    rules: Mapping[str, RuleDoc] = field(default_factory=dict)  # the checker's catalogue


@dataclass(frozen=True, kw_only=True)
class ProjectEntry:
    """One sub-project of a monorepo and its own report (paths repository-relative)."""

    name: str
    path: str  # its folder, relative to the repository root ("." for the root)
    declared_by: str  # "uv workspace", "hatch workspace", "pdm workspace", "packaging file"
    report: Report


@dataclass(frozen=True, kw_only=True)
class Report:
    tool_version: str
    target: str
    score: float | None
    grade: str | None
    partial: tuple[str, ...]
    gate: GateOutcome
    thresholds: GateThresholds
    pillars: tuple[PillarScore, ...]
    checks: tuple[CheckEntry, ...]
    findings: tuple[Finding, ...]  # most important first
    plugin_errors: tuple[FailedPlugin, ...]
    profile: ProfileDecision
    uncapped_score: float | None = None  # before the caps; equals score when none applied
    caps: tuple[AppliedCap, ...] = ()  # caps that lowered the score, lowest limit first
    files: int
    source_lines: int
    listed_by: str
    duration: float
    #: A monorepo's sub-projects, each with its report; the fields above are then the
    #: roll-up (docs/monorepo.md). Empty for a repository of one project.
    projects: tuple[ProjectEntry, ...] = ()
    weakest: str | None = None  # the sub-project with the lowest score
    #: What changed against ``--baseline`` (None without one); every format that can show it does.
    comparison: Comparison | None = None

    def check(self, check_id: str) -> CheckEntry | None:
        return next((c for c in self.checks if c.id == check_id), None)

    def labelled_checks(self) -> list[tuple[str, CheckEntry]]:
        """Every check with the label reporters show: its id, or ``project: id`` in a
        monorepo (whose checks are its projects'), ordered by project, pillar, id."""
        if not self.projects:
            return [(c.id, c) for c in sorted(self.checks, key=lambda c: (c.pillar.value, c.id))]
        return [
            (f"{p.name}: {label}", c)
            for p in self.projects
            for label, c in p.report.labelled_checks()
        ]


def finding_sort_key(f: Finding) -> tuple[int, str, str, int, str, str]:
    return (-f.severity.rank, f.check, f.path or "", f.line or 0, f.rule, f.message)
