"""docs/scoring.md cannot drift from the model: its tables are compared with the constants."""

from __future__ import annotations

from pyreadiness.model import Pillar, Profile
from pyreadiness.score.model import CAP_LIMITS, GRADE_BANDS, PROFILE_PILLAR_WEIGHTS, grade
from tests.helpers import ROOT

DOC = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")


def _table_after(marker: str) -> list[list[str]]:
    """The Markdown table that follows ``marker``: its header and body rows, cell by cell."""
    lines = DOC[DOC.index(marker) :].splitlines()[1:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return [rows[0], *rows[2:]]  # drop the --- separator


def test_weights_table_matches_every_profile_and_pillar() -> None:
    header, *body = _table_after("<!-- weights-table")
    profiles = [Profile(name) for name in header[1:-1]]
    assert set(profiles) == set(Profile)
    documented = {
        profile: {Pillar(row[0]): float(row[1 + i]) for row in body}
        for i, profile in enumerate(profiles)
    }
    assert documented == PROFILE_PILLAR_WEIGHTS
    assert all(row[-1] for row in body), "every weight row says why"


def test_caps_table_matches_the_cap_limits() -> None:
    _, *body = _table_after("<!-- caps-table")
    assert {row[0]: float(row[1]) for row in body} == CAP_LIMITS
    assert all(row[2] and row[3] for row in body), "every cap says when it fires and why"


def test_grades_table_matches_the_bands() -> None:
    _, *body = _table_after("| grade | score |")
    floors = {letter: floor for floor, letter in GRADE_BANDS}
    for letter, text in body:
        assert text.startswith(f"{floors[letter]:g} ") or (letter == "F" and "under 60" in text)


def test_every_profile_weighs_security_and_testing_most() -> None:
    # Principle: what hurts an adopter first weighs most, whatever the role.
    for weights in PROFILE_PILLAR_WEIGHTS.values():
        top = max(weights.values())
        assert weights[Pillar.SECURITY] == weights[Pillar.TESTING] == top


def test_each_cap_is_the_top_of_the_grade_it_states() -> None:
    assert (grade(CAP_LIMITS["no-tests"]), grade(CAP_LIMITS["no-tests"] + 0.1)) == ("F", "D")
    assert (grade(CAP_LIMITS["no-ci"]), grade(CAP_LIMITS["no-ci"] + 0.1)) == ("D", "C")
