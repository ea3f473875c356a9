"""The gate: thresholds on the overall and pillar scores that decide the exit code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pyreadiness.model import Pillar
from pyreadiness.score.aggregate import Aggregate


@dataclass(frozen=True, kw_only=True)
class GateThresholds:
    fail_under: float | None = None
    pillar_minimums: Mapping[Pillar, float] = field(default_factory=dict)
    #: A check that errors leaves the aggregate, so an error could lift a failing score
    #: over the threshold (a file that crashes a parser hid a leaked key's finding): an
    #: errored check fails the gate unless the user allows errors explicitly.
    allow_errors: bool = False

    @property
    def empty(self) -> bool:
        return self.fail_under is None and not self.pillar_minimums


@dataclass(frozen=True, kw_only=True)
class GateOutcome:
    passed: bool
    reasons: tuple[str, ...]


def error_failures(errors: Mapping[str, str], thresholds: GateThresholds) -> list[str]:
    """Why errored checks fail a gate (nothing when the user allows errors)."""
    if thresholds.allow_errors:
        return []
    return [
        f"check {check_id} errored, so its score is missing: {reason} "
        "(--allow-errors or allow-errors = true to gate without it)"
        for check_id, reason in sorted(errors.items())
    ]


def evaluate(
    agg: Aggregate, thresholds: GateThresholds, errors: Mapping[str, str] | None = None
) -> GateOutcome:
    """Compare scores with thresholds. A threshold on something unmeasured fails: honest scores.

    ``errors`` (check id -> reason) fail a gate that has thresholds unless allowed.
    """
    failures: list[str] = []
    if thresholds.fail_under is not None:
        if agg.score is None:
            failures.append(
                f"overall score could not be measured (needs {thresholds.fail_under:g})"
            )
        elif agg.score < thresholds.fail_under:
            failures.append(f"overall score {agg.score:g} is below {thresholds.fail_under:g}")
    scores = {p.pillar: p.score for p in agg.pillars}
    for pillar, minimum in sorted(thresholds.pillar_minimums.items(), key=lambda kv: kv[0].value):
        score = scores.get(pillar)
        if score is None:
            failures.append(f"pillar {pillar.value} could not be measured (needs {minimum:g})")
        elif score < minimum:
            failures.append(f"pillar {pillar.value} score {score:g} is below {minimum:g}")
    if not thresholds.empty:
        failures += error_failures(errors or {}, thresholds)
    if failures:
        return GateOutcome(passed=False, reasons=tuple(failures))
    if thresholds.empty:
        return GateOutcome(passed=True, reasons=("no thresholds set",))
    met = []
    if thresholds.fail_under is not None:
        met.append(f"overall score {agg.score:g} >= {thresholds.fail_under:g}")
    for pillar, minimum in sorted(thresholds.pillar_minimums.items(), key=lambda kv: kv[0].value):
        met.append(f"pillar {pillar.value} {scores[pillar]:g} >= {minimum:g}")
    return GateOutcome(passed=True, reasons=tuple(met))
