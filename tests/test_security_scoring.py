"""The documented numbers of the security score (docs/checks/security.md)."""

from __future__ import annotations

import pytest

from pyreadiness.checkers.security.bandit import BanditIssue
from pyreadiness.checkers.security.scoring import bandit_component, issue_points, per_kloc


def issue(severity: str, confidence: str) -> BanditIssue:
    return BanditIssue(
        path="a.py",
        line=1,
        test_id="B000",
        test_name="t",
        severity=severity,
        confidence=confidence,
        text="x",
        more_info="",
    )


@pytest.mark.parametrize(
    ("severity", "confidence", "points"),
    [
        ("HIGH", "HIGH", 10.0),
        ("HIGH", "MEDIUM", 6.0),
        ("MEDIUM", "HIGH", 3.0),
        ("MEDIUM", "LOW", 0.9),
        ("LOW", "HIGH", 0.2),
        ("LOW", "LOW", 0.06),
    ],
)
def test_issue_points(severity: str, confidence: str, points: float) -> None:
    assert issue_points(issue(severity, confidence)) == pytest.approx(points)


def test_density_is_per_kloc_with_a_one_kloc_floor() -> None:
    issues = [issue("HIGH", "HIGH"), issue("LOW", "HIGH")]
    assert per_kloc(issues, 5000) == pytest.approx(2.04)
    assert per_kloc(issues, 200) == pytest.approx(10.2)  # counted as 1 KLOC


@pytest.mark.parametrize(
    ("high_issues", "lines", "score"),
    [(0, 1000, 100.0), (1, 1000, 50.0), (2, 1000, 25.0), (1, 10_000, 93.3)],
)
def test_ten_points_per_kloc_halve_the_component(
    high_issues: int, lines: int, score: float
) -> None:
    component = bandit_component([issue("HIGH", "HIGH")] * high_issues, lines)
    assert component is not None
    assert component.score == score
    assert component.weight == 1.0
