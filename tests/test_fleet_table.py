"""The league table's order and the fleet's most common missing controls, exactly."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pyreadiness.errors import UsageError
from pyreadiness.fleet.scan import ScanOutcome
from pyreadiness.fleet.table import FleetRow, build_row, missing_controls, sort_rows


def _report(score: float, components: dict[str, float], rules: list[str]) -> dict[str, Any]:
    return {
        "score": score,
        "grade": "C",
        "gate": {"passed": score >= 50, "reasons": [] if score >= 50 else ["overall < 50"]},
        "pillars": [{"id": "testing", "score": score}, {"id": "security", "score": 100 - score}],
        "checks": [
            {"id": "ci", "components": [{"id": k, "score": v} for k, v in components.items()]}
        ],
        "findings": [{"rule": r} for r in rules],
    }


def _row(name: str, report: dict[str, Any] | None, previous: float | None = None) -> FleetRow:
    outcome = ScanOutcome(
        name=name, source=f"/{name}", ref=None, commit=None, recorded_at="t",
        status="scored" if report else "error", reason=None if report else "cannot clone",
        report_json=json.dumps(report) if report else None,
    )  # fmt: skip
    return build_row(outcome, previous)


ROWS = [
    _row("a", _report(80, {"present": 100, "tests": 69.9, "lint": 0}, ["R1", "R1", "R2"]), 70),
    _row("b", _report(40, {"present": 0, "tests": 50, "lint": 70}, ["R1"])),
    _row("c", _report(60, {"present": 100, "tests": 10, "lint": 0}, [])),
    _row("d", None),
]


def test_missing_controls_count_repositories_not_occurrences() -> None:
    assert [(c.kind, c.id, c.repositories) for c in missing_controls(ROWS)] == [
        ("component", "ci/tests", 3),  # 69.9 is below the pass mark (70)
        ("component", "ci/lint", 2),  # 70 is not
        ("finding", "R1", 2),  # twice in "a" counts once
        ("component", "ci/present", 1),
        ("finding", "R2", 1),
    ]
    assert len(missing_controls(ROWS, top=2)) == 2


def test_sorting_best_first_unscored_last() -> None:
    assert [r.name for r in sort_rows(ROWS, "overall")] == ["a", "c", "b", "d"]
    assert [r.name for r in sort_rows(ROWS, "security")] == ["b", "c", "a", "d"]
    assert [r.name for r in sort_rows(ROWS, "name")] == ["a", "b", "c", "d"]
    with pytest.raises(UsageError, match="--sort 'speed'"):
        sort_rows(ROWS, "speed")


def test_change_and_failures() -> None:
    a, b, _, d = ROWS
    assert (a.change, b.change, d.change) == (10.0, None, None)
    assert [r.name for r in ROWS if r.fails] == ["b", "d"]
