"""The scoring model: weighted means that leave out what was not measured, bands, curves."""

from __future__ import annotations

import pytest

from pyreadiness.model import CheckResult, Pillar, ScoreComponent, Status, errored, scored, skipped
from pyreadiness.score.aggregate import aggregate
from pyreadiness.score.gate import GateThresholds, evaluate
from pyreadiness.score.model import DEFAULT_PILLAR_WEIGHTS, decay, grade, linear, ratio


def _result(check: str, score: float) -> CheckResult:
    return scored(
        check, components=[ScoreComponent(id="x", weight=1, score=score, detail="d")], summary="s"
    )


PILLAR_OF = {
    "a": Pillar.TESTING,
    "b": Pillar.TESTING,
    "c": Pillar.SECURITY,
    "d": Pillar.SECURITY,
}


def test_pillar_is_weighted_mean_of_measured_checks() -> None:
    agg = aggregate(
        [_result("a", 100), _result("b", 40)], PILLAR_OF, {"a": 1, "b": 3}, DEFAULT_PILLAR_WEIGHTS
    )
    (testing,) = agg.pillars
    assert testing.score == 55.0  # (100*1 + 40*3) / 4
    assert agg.score == 55.0
    assert agg.partial == ()


def test_skipped_and_error_checks_leave_the_aggregate_and_are_named() -> None:
    results = [
        _result("a", 80),
        skipped("b", "tool missing"),
        errored("c", "crashed"),
        _result("d", 60),
    ]
    agg = aggregate(results, PILLAR_OF, {}, DEFAULT_PILLAR_WEIGHTS)
    scores = {p.pillar: p.score for p in agg.pillars}
    assert scores == {Pillar.TESTING: 80.0, Pillar.SECURITY: 60.0}
    # testing and security both weigh 25: the mean of 80 and 60
    assert agg.score == 70.0
    assert agg.partial == ("b skipped: tool missing", "c error: crashed")


def test_pillar_with_nothing_measured_has_no_score_and_leaves_overall() -> None:
    agg = aggregate(
        [_result("a", 90), skipped("c", "offline")], PILLAR_OF, {}, DEFAULT_PILLAR_WEIGHTS
    )
    scores = {p.pillar: p.score for p in agg.pillars}
    assert scores == {Pillar.TESTING: 90.0, Pillar.SECURITY: None}
    assert agg.score == 90.0
    assert "pillar security: no check could be measured" in agg.partial


def test_partial_score_of_a_measured_check_is_listed() -> None:
    partial = scored(
        "a",
        components=[ScoreComponent(id="x", weight=1, score=50, detail="d")],
        summary="s",
        reason="mypy timed out; annotation coverage only",
    )
    agg = aggregate([partial], PILLAR_OF, {}, DEFAULT_PILLAR_WEIGHTS)
    assert agg.partial == ("a partial: mypy timed out; annotation coverage only",)


def test_scored_sets_status_from_the_pass_mark() -> None:
    assert _result("a", 70).status is Status.PASSED
    assert _result("a", 69.9).status is Status.FAILED


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        (100, "A"),
        (90, "A"),
        (89.9, "B"),
        (80, "B"),
        (79.9, "C"),
        (70, "C"),
        (60, "D"),
        (59.9, "F"),
        (0, "F"),
        (None, None),
    ],
)
def test_grade_bands(score: float | None, letter: str | None) -> None:
    assert grade(score) == letter


def test_curves() -> None:
    assert linear(5, zero_at=0, full_at=10) == 50.0
    assert linear(20, zero_at=0, full_at=10) == 100.0
    assert linear(-1, zero_at=0, full_at=10) == 0.0
    assert decay(0, half_at=5) == 100.0
    assert decay(5, half_at=5) == 50.0
    assert decay(10, half_at=5) == 25.0
    assert ratio(1, 2) == 50.0
    assert ratio(3, 4) == 75.0
    assert ratio(0, 0) == 100.0


def test_gate_reasons_name_every_failed_threshold() -> None:
    agg = aggregate([_result("a", 50), _result("c", 90)], PILLAR_OF, {}, DEFAULT_PILLAR_WEIGHTS)
    outcome = evaluate(
        agg,
        GateThresholds(fail_under=80, pillar_minimums={Pillar.TESTING: 60, Pillar.SECURITY: 85}),
    )
    assert outcome.passed is False
    assert outcome.reasons == (
        "overall score 70 is below 80",
        "pillar testing score 50 is below 60",
    )


def test_only_zero_weight_pillars_measured_says_why_there_is_no_score() -> None:
    agg = aggregate([_result("a", 80)], PILLAR_OF, {}, {Pillar.TESTING: 0.0})
    assert agg.score is None
    assert agg.partial == ("no overall score: every measured pillar weighs 0 for this profile",)
