"""The Report value handed to every reporter."""

from __future__ import annotations

from dataclasses import dataclass

from pyreadiness.model import CheckResult, FailedPlugin, Finding, Pillar, ProfileDecision
from pyreadiness.report.comparison import Comparison
from pyreadiness.score.aggregate import PillarScore
from pyreadiness.score.gate import GateOutcome, GateThresholds
from pyreadiness.suppress.model import Suppressed

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
    files: int
    source_lines: int
    listed_by: str
    duration: float
    #: What changed against ``--baseline`` (None without one); every format that can show it does.
    comparison: Comparison | None = None
    #: Findings the repository accepted (config or inline), with reasons: listed, not to fix.
    suppressed: tuple[Suppressed, ...] = ()
    #: Things about the run its user should know (an exclude pattern that matched nothing).
    warnings: tuple[str, ...] = ()

    def check(self, check_id: str) -> CheckEntry | None:
        return next((c for c in self.checks if c.id == check_id), None)


def finding_sort_key(f: Finding) -> tuple[int, str, str, int, str, str]:
    return (-f.severity.rank, f.check, f.path or "", f.line or 0, f.rule, f.message)
