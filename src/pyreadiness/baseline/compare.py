"""Gate a report against a baseline: fail only on score drops beyond a tolerance or new findings.

Findings are matched as a multiset of fingerprints: if the baseline accepted two identical
findings and there are now three, one is new. Score checks cover the overall score and each
pillar the baseline measured; a pillar (or the overall score) the baseline measured that can
no longer be measured fails too -- an unmeasured score is never a pass.

Any thresholds (``--fail-under``, ``--min``, ``[tool.pyreadiness]``) still apply on top.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from pyreadiness.baseline.changed_lines import ChangedLines, narrowed
from pyreadiness.baseline.fingerprint import fingerprints
from pyreadiness.baseline.model import Baseline
from pyreadiness.model import Finding
from pyreadiness.report.comparison import BaselineFinding, Comparison, ScoreDelta, where
from pyreadiness.report.model import Report
from pyreadiness.score.gate import GateOutcome

DEFAULT_TOLERANCE = 2.0

#: New findings named one by one in the gate's reasons; the rest are counted.
NAMED_IN_REASONS = 20

# Scores carry one decimal; this keeps 0.1-step comparisons exact.
_EPSILON = 1e-9


def _deltas(before: dict[str, float | None], after: dict[str, float | None]) -> list[ScoreDelta]:
    names = sorted(set(before) | set(after))
    return [ScoreDelta(name=n, before=before.get(n), after=after.get(n)) for n in names]


def _score_regression(label: str, d: ScoreDelta, tolerance: float) -> str | None:
    if d.before is None:
        return None  # not measured in the baseline: nothing was promised
    if d.after is None:
        return f"{label} could not be measured (baseline {d.before:g})"
    if d.before - d.after > tolerance + _EPSILON:
        return (
            f"{label} score {d.after:g} dropped {d.before - d.after:.1f} points below the "
            f"baseline {d.before:g} (tolerance {tolerance:g})"
        )
    return None


def compare(
    report: Report,
    baseline: Baseline,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    in_scope: Callable[[Finding], bool] | None = None,
) -> Comparison:
    """Compare ``report`` (all its findings) with ``baseline``.

    ``in_scope`` (from ``--new-since``) limits which new findings count: findings outside
    the changed lines are neither new nor fixed, they are simply not judged.
    """
    prints = fingerprints(report.findings, Path(report.target))
    accepted = Counter(b.fingerprint for b in baseline.findings)
    new: list[Finding] = []
    new_prints: list[str] = []
    unchanged = 0
    for f, fp in zip(report.findings, prints, strict=True):
        if accepted[fp] > 0:
            accepted[fp] -= 1
            unchanged += 1
        elif in_scope is None or in_scope(f):
            new.append(f)
            new_prints.append(fp)
    fixed: list[BaselineFinding] = []
    for b in baseline.findings:
        if accepted[b.fingerprint] > 0:
            accepted[b.fingerprint] -= 1
            fixed.append(b)

    overall = ScoreDelta(name="overall", before=baseline.score, after=report.score)
    pillars = _deltas(dict(baseline.pillars), {p.pillar.value: p.score for p in report.pillars})
    checks = _deltas(dict(baseline.checks), {c.id: c.result.score for c in report.checks})

    regressions: list[str] = []
    for label, delta in [("overall", overall)] + [(f"pillar {d.name}", d) for d in pillars]:
        reason = _score_regression(label, delta, tolerance)
        if reason:
            regressions.append(reason)
    if new:
        regressions.append(f"{len(new)} new finding(s) not in the baseline")
        for f in new[:NAMED_IN_REASONS]:
            regressions.append(f"new: {f.rule} at {where(f)}: {f.message}")
        if len(new) > NAMED_IN_REASONS:
            regressions.append(f"... and {len(new) - NAMED_IN_REASONS} more new finding(s)")
    return Comparison(
        tolerance=tolerance,
        overall=overall,
        pillars=tuple(pillars),
        checks=tuple(checks),
        new=tuple(new),
        fixed=tuple(fixed),
        unchanged=unchanged,
        regressions=tuple(regressions),
        new_fingerprints=tuple(new_prints),
    )


def combined_gate(report: Report, comparison: Comparison) -> GateOutcome:
    """The report's own threshold gate and the baseline gate: both must pass."""
    own: Sequence[str] = () if report.thresholds.empty else report.gate.reasons
    if not report.gate.passed or not comparison.passed:
        failures = [] if report.gate.passed else list(report.gate.reasons)
        return GateOutcome(passed=False, reasons=(*failures, *comparison.regressions))
    met = (
        f"no new findings and no score drop beyond {comparison.tolerance:g} points "
        "against the baseline"
    )
    return GateOutcome(passed=True, reasons=(*own, met))


def with_baseline_gate(report: Report, comparison: Comparison) -> Report:
    """The report gated on the baseline too, carrying the comparison every format shows."""
    return replace(report, gate=combined_gate(report, comparison), comparison=comparison)


def adopt(
    report: Report,
    *,
    baseline: Baseline | None,
    tolerance: float = DEFAULT_TOLERANCE,
    scope: ChangedLines | None = None,
) -> Report:
    """Apply ``--baseline`` (to the gate, and ``Report.comparison``) and ``--new-since`` (to
    the findings shown).

    The comparison sees every finding, so a baseline finding outside the changed lines is
    not mistaken for fixed; only new findings inside the changed lines count.
    """
    if baseline is not None:
        in_scope = scope.keeps if scope is not None else None
        comparison = compare(report, baseline, tolerance=tolerance, in_scope=in_scope)
        report = with_baseline_gate(report, comparison)
    if scope is not None:
        report = narrowed(report, scope)
    return report
