"""Every weight, band and curve of the scoring model, in one place (see docs/scoring.md)."""

from __future__ import annotations

import math

from pyreadiness.model import Pillar, Profile

__all__ = [
    "CAP_LIMITS",
    "DEFAULT_PILLAR_WEIGHTS",
    "GRADE_BANDS",
    "PROFILE_PILLAR_WEIGHTS",
    "decay",
    "grade",
    "linear",
    "pillar_weights_for",
    "ratio",
]

#: How much each pillar weighs in the overall score, by the repository's profile (principle 3:
#: judge by role). One row per pillar, one column per profile, as in docs/scoring.md ("Pillar
#: weights by profile", which says why for every number; a test keeps the two equal).
#: Weights are relative: a pillar with no measured check leaves the mean and the remaining
#: weights are renormalised (the report then says "partial"). A weight of 0 shows the pillar
#: but keeps it out of the overall score.
WEIGHT_COLUMNS: tuple[Profile, ...] = (
    Profile.LIBRARY,
    Profile.CLI,
    Profile.APPLICATION,
    Profile.SCRIPTS,
    Profile.MONOREPO,
)
WEIGHT_ROWS: dict[Pillar, tuple[float, ...]] = {
    # What hurts an adopter first and worst, whatever the role.
    Pillar.SECURITY: (25.0, 25.0, 25.0, 25.0, 25.0),
    Pillar.TESTING: (25.0, 25.0, 25.0, 25.0, 25.0),
    Pillar.MAINTAINABILITY: (20.0, 20.0, 20.0, 20.0, 20.0),
    # CI gates keep the rest true: a gate outranks a snapshot (principle 2).
    Pillar.DELIVERY: (20.0, 20.0, 20.0, 20.0, 20.0),
    Pillar.DEPENDENCIES: (15.0, 15.0, 15.0, 15.0, 15.0),
    # An adopter of something published depends on its maintainers' process; a service's
    # and a script's governance is mostly their organisation's.
    Pillar.GOVERNANCE: (15.0, 10.0, 5.0, 5.0, 15.0),
    # Running in production is a service's concern, a little a CLI's, never a library's.
    Pillar.OPERABILITY: (0.0, 5.0, 15.0, 0.0, 5.0),
}
PROFILE_PILLAR_WEIGHTS: dict[Profile, dict[Pillar, float]] = {
    profile: {pillar: row[column] for pillar, row in WEIGHT_ROWS.items()}
    for column, profile in enumerate(WEIGHT_COLUMNS)
}

#: The weights used when no profile is known (a library: the most common thing scanned).
DEFAULT_PILLAR_WEIGHTS: dict[Pillar, float] = PROFILE_PILLAR_WEIGHTS[Profile.LIBRARY]


def pillar_weights_for(profile: Profile) -> dict[Pillar, float]:
    return dict(PROFILE_PILLAR_WEIGHTS[profile])


#: Grade bands: the lowest score that earns each grade.
GRADE_BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "A"),
    (80.0, "B"),
    (70.0, "C"),
    (60.0, "D"),
    (0.0, "F"),
)


#: Weakest-link caps (principle 5): the most the overall score can be when a checker finds
#: clear-cut evidence of absence. Each limit states a grade: no tests at all is at most F, no
#: CI system that runs anything at most D, no licence at most the floor of D. Checkers return
#: a ScoreCap with the limit of their id (docs/scoring.md, "Caps").
CAP_LIMITS: dict[str, float] = {
    "no-tests": 59.9,  # at most F: nothing proves the code works or can be changed safely
    "no-ci": 69.9,  # at most D: nothing keeps the code good between one change and the next
    # At most the floor of D, on code meant for others (library, CLI, monorepo): nobody may
    # legally use it; the project checker's choice (docs/checks/project.md).
    "no-licence": 60.0,
}


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
