"""Every weight, band and curve of the scoring model, in one place (see docs/scoring.md)."""

from __future__ import annotations

import math

from pyreadiness.model import Pillar

__all__ = ["DEFAULT_PILLAR_WEIGHTS", "GRADE_BANDS", "decay", "grade", "linear", "ratio"]

#: How much each pillar weighs in the overall score. A pillar with no measured check leaves
#: the mean and the remaining weights are renormalised (the report then says "partial").
#: Security and testing weigh most: they are what an enterprise adopter is hurt by first.
DEFAULT_PILLAR_WEIGHTS: dict[Pillar, float] = {
    Pillar.SECURITY: 25.0,
    Pillar.TESTING: 25.0,
    Pillar.MAINTAINABILITY: 20.0,
    Pillar.DEPENDENCIES: 15.0,
    Pillar.DELIVERY: 15.0,
    Pillar.OPERABILITY: 10.0,  # no built-in checker yet: leaves the mean until one exists
    Pillar.GOVERNANCE: 10.0,  # no built-in checker yet: leaves the mean until one exists
}

#: Grade bands: the lowest score that earns each grade.
GRADE_BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "A"),
    (80.0, "B"),
    (70.0, "C"),
    (60.0, "D"),
    (0.0, "F"),
)


def grade(score: float | None) -> str | None:
    if score is None:
        return None
    for floor, letter in GRADE_BANDS:
        if score >= floor:
            return letter
    return "F"


# -- curves shared by checkers: each maps a measurement to 0..100 -------------------------------


def linear(value: float, *, zero_at: float, full_at: float) -> float:
    """100 at ``full_at``, 0 at ``zero_at``, straight line between, clamped."""
    if full_at == zero_at:
        return 100.0 if value >= full_at else 0.0
    frac = (value - zero_at) / (full_at - zero_at)
    return round(100.0 * min(1.0, max(0.0, frac)), 1)


def decay(value: float, *, half_at: float) -> float:
    """100 at 0, halving every ``half_at`` units: for densities of bad things (per KLOC).

    Exponential rather than linear so that a few problems cost noticeably but a very bad
    repository does not hit zero at an arbitrary cliff.
    """
    if value <= 0:
        return 100.0
    return round(100.0 * math.pow(0.5, value / half_at), 1)


def ratio(part: float, whole: float) -> float:
    """``part / whole`` as 0..100, or 100 when there is nothing to measure."""
    if whole <= 0:
        return 100.0
    return round(100.0 * min(1.0, part / whole), 1)
