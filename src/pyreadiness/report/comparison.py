"""What changed against a baseline: the values a Report carries when ``--baseline`` is given.

They live with the report, below ``baseline/`` that computes them and ``reporters/`` that
show them, so the report never imports the stage that fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyreadiness.model import Finding, Severity

__all__ = ["BaselineFinding", "Comparison", "ScoreDelta", "where"]


@dataclass(frozen=True, kw_only=True)
class BaselineFinding:
    """A finding the baseline accepted, by fingerprint, with enough to name it when fixed."""

    fingerprint: str
    check: str
    rule: str
    severity: Severity
    path: str | None
    line: int | None
    message: str


@dataclass(frozen=True, kw_only=True)
class ScoreDelta:
    name: str  # "overall", a pillar id or a check id
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass(frozen=True, kw_only=True)
class Comparison:
    tolerance: float
    overall: ScoreDelta
    pillars: tuple[ScoreDelta, ...]
    checks: tuple[ScoreDelta, ...]
    new: tuple[Finding, ...]  # in report order
    fixed: tuple[BaselineFinding, ...]
    unchanged: int
    regressions: tuple[str, ...]  # why the baseline gate fails; empty when it passes
    new_fingerprints: tuple[str, ...] = ()  # aligned with ``new``

    @property
    def passed(self) -> bool:
        return not self.regressions


def where(f: Finding | BaselineFinding) -> str:
    if f.path and f.line:
        return f"{f.path}:{f.line}"
    return f.path or "(repository)"
