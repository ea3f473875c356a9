"""A monorepo's score from its sub-projects' scores (docs/monorepo.md, "Roll-up").

The repository's overall score is the mean of its projects' overall scores weighted by
their shipped lines (non-blank lines of shipped Python source): a 20,000-line service
counts for more than a 200-line helper package, as it does for anyone depending on the
repository. Each pillar is the same weighted mean over the projects where that pillar was
measured. A project without a score leaves the mean and is listed as a reason the score is
partial. When no measured project ships a line (configuration-only packages), every
project weighs the same. The weakest project (lowest overall score; by name on a tie) is
named, since an average hides it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyreadiness.model import Pillar
from pyreadiness.score.aggregate import PillarScore
from pyreadiness.score.model import grade


@dataclass(frozen=True, kw_only=True)
class ProjectScore:
    name: str
    shipped_lines: int
    score: float | None
    pillars: tuple[PillarScore, ...]


@dataclass(frozen=True, kw_only=True)
class Rollup:
    score: float | None
    grade: str | None
    pillars: tuple[PillarScore, ...]
    partial: tuple[str, ...]
    weakest: str | None


def _weighted(pairs: Sequence[tuple[float, int]]) -> float | None:
    if not pairs:
        return None
    total = sum(lines for _, lines in pairs)
    if total <= 0:
        return round(sum(score for score, _ in pairs) / len(pairs), 1)
    return round(sum(score * lines for score, lines in pairs) / total, 1)


def roll_up(projects: Sequence[ProjectScore]) -> Rollup:
    measured = [p for p in projects if p.score is not None]
    partial = tuple(
        f"project {p.name}: no score could be measured" for p in projects if p.score is None
    )
    overall = _weighted([(p.score, p.shipped_lines) for p in measured if p.score is not None])
    pillars = []
    for pillar in Pillar:
        entries = [(p, s) for p in projects for s in p.pillars if s.pillar is pillar]
        if not entries:
            continue
        score = _weighted([(s.score, p.shipped_lines) for p, s in entries if s.score is not None])
        checks = sorted({c for _, s in entries for c in s.checks})
        pillars.append(
            PillarScore(
                pillar=pillar,
                score=score,
                grade=grade(score),
                weight=entries[0][1].weight,
                checks=tuple(checks),
            )
        )
    weakest = min(measured, key=lambda p: (p.score, p.name)).name if measured else None
    return Rollup(
        score=overall,
        grade=grade(overall),
        pillars=tuple(pillars),
        partial=partial,
        weakest=weakest,
    )
