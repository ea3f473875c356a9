"""Aggregate check scores into pillar scores and the overall score.

A pillar's score is the weighted mean of its checks that were measured (passed or failed);
the overall score is the weighted mean of the pillars that have a score. Skipped and error
checks leave the aggregate, and every such omission is listed as a reason the score is partial.

Then the weakest link (principle 5): a check may return caps, clear-cut evidence of absence
(no tests at all, no CI that runs anything). The overall score is at most the lowest cap's
limit, the grade follows the capped score, and every cap that lowered it is reported with
its evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyreadiness.model import CheckResult, Pillar, ScoreCap, Status
from pyreadiness.score.model import grade


@dataclass(frozen=True, kw_only=True)
class PillarScore:
    pillar: Pillar
    score: float | None
    grade: str | None
    weight: float
    checks: tuple[str, ...]  # every check of the pillar, measured or not


@dataclass(frozen=True, kw_only=True)
class AppliedCap:
    """A cap that lowered the overall score, and the check whose evidence set it."""

    check: str
    cap: ScoreCap


@dataclass(frozen=True, kw_only=True)
class Aggregate:
    score: float | None  # after caps
    grade: str | None
    pillars: tuple[PillarScore, ...]
    partial: tuple[str, ...]  # why the score does not cover everything
    uncapped_score: float | None = None  # the weighted mean before any cap
    caps: tuple[AppliedCap, ...] = ()  # lowest limit first; empty when none lowered it


def _mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    total = sum(w for _, w in pairs)
    if total <= 0:
        return None
    return round(sum(s * w for s, w in pairs) / total, 1)


def aggregate(
    results: Sequence[CheckResult],
    pillar_of: Mapping[str, Pillar],
    check_weights: Mapping[str, float],
    pillar_weights: Mapping[Pillar, float],
) -> Aggregate:
    partial: list[str] = []
    by_pillar: dict[Pillar, list[CheckResult]] = {}
    for result in results:
        by_pillar.setdefault(pillar_of[result.check], []).append(result)
        if result.status in (Status.SKIPPED, Status.ERROR):
            partial.append(f"{result.check} {result.status.value}: {result.reason}")
        elif result.reason:
            partial.append(f"{result.check} partial: {result.reason}")

    pillars: list[PillarScore] = []
    for pillar in Pillar:
        members = sorted(by_pillar.get(pillar, []), key=lambda r: r.check)
        if not members:
            continue
        measured = [
            (r.score, check_weights.get(r.check, 1.0))
            for r in members
            if r.status in (Status.PASSED, Status.FAILED) and r.score is not None
        ]
        score = _mean(measured)
        if score is None:
            partial.append(f"pillar {pillar.value}: no check could be measured")
        pillars.append(
            PillarScore(
                pillar=pillar,
                score=score,
                grade=grade(score),
                weight=pillar_weights.get(pillar, 0.0),
                checks=tuple(r.check for r in members),
            )
        )
    uncapped = _mean([(p.score, p.weight) for p in pillars if p.score is not None])
    if uncapped is None and any(p.score is not None for p in pillars):
        partial.append("no overall score: every measured pillar weighs 0 for this profile")
    caps = applied_caps(results, uncapped)
    overall = min(uncapped, caps[0].cap.limit) if uncapped is not None and caps else uncapped
    return Aggregate(
        score=overall,
        grade=grade(overall),
        pillars=tuple(pillars),
        partial=tuple(partial),
        uncapped_score=uncapped,
        caps=caps,
    )


def applied_caps(results: Sequence[CheckResult], score: float | None) -> tuple[AppliedCap, ...]:
    """Every cap whose limit is below the score, lowest first (the first one binds).

    Caps come only from measured checks: a check that could not run has no evidence of
    anything, and a missed detection must never cap a score.
    """
    if score is None:
        return ()
    found = [
        AppliedCap(check=r.check, cap=cap)
        for r in results
        if r.status in (Status.PASSED, Status.FAILED)
        for cap in r.caps
        if cap.limit < score
    ]
    return tuple(sorted(found, key=lambda a: (a.cap.limit, a.check, a.cap.id)))
