"""Weakest link (principle 5): caps limit the overall score and are reported with evidence."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from pyreadiness.model import (
    CheckResult,
    Pillar,
    ScoreCap,
    ScoreComponent,
    errored,
    scored,
)
from pyreadiness.report.model import Report
from pyreadiness.reporters.json_report import render_json
from pyreadiness.reporters.markdown import render_markdown
from pyreadiness.reporters.rich_text import render_rich
from pyreadiness.score.aggregate import AppliedCap, aggregate
from pyreadiness.score.model import DEFAULT_PILLAR_WEIGHTS
from tests.helpers import check_json, validate_report
from tests.report_samples import sample_report, write_tree

NO_TESTS = ScoreCap(
    id="no-tests",
    limit=59.9,
    reason="no tests at all",
    evidence="no test file and no test function for 412 lines of shipped Python",
)
NO_CI = ScoreCap(
    id="no-ci", limit=69.9, reason="no CI system runs anything", evidence="no CI configuration"
)
PILLAR_OF = {"tests": Pillar.TESTING, "ci": Pillar.DELIVERY, "lint": Pillar.MAINTAINABILITY}


def _result(check: str, score: float, *caps: ScoreCap) -> CheckResult:
    component = ScoreComponent(id="x", weight=1, score=score, detail="d")
    return scored(check, components=[component], summary="s", caps=caps)


def test_lowest_cap_sets_the_overall_score_and_grade() -> None:
    results = [_result("tests", 40, NO_TESTS), _result("ci", 100, NO_CI), _result("lint", 100)]
    agg = aggregate(results, PILLAR_OF, {}, DEFAULT_PILLAR_WEIGHTS)
    # (40*25 + 100*20 + 100*20) / 65 = 76.9 before caps; both caps are below it, no-tests binds
    assert agg.uncapped_score == 76.9
    assert agg.score == 59.9
    assert agg.grade == "F"
    assert agg.caps == (
        AppliedCap(check="tests", cap=NO_TESTS),
        AppliedCap(check="ci", cap=NO_CI),
    )


def test_cap_above_the_score_is_not_applied_or_reported() -> None:
    agg = aggregate([_result("ci", 40, NO_CI)], PILLAR_OF, {}, DEFAULT_PILLAR_WEIGHTS)
    assert agg.score == 40.0
    assert agg.uncapped_score == 40.0
    assert agg.caps == ()


def test_no_caps_leaves_the_score_alone() -> None:
    agg = aggregate([_result("lint", 95)], PILLAR_OF, {}, DEFAULT_PILLAR_WEIGHTS)
    assert (agg.score, agg.grade, agg.caps) == (95.0, "A", ())


def test_a_check_that_could_not_run_never_caps() -> None:
    broken = dataclasses.replace(errored("tests", "crashed"), caps=(NO_TESTS,))
    agg = aggregate([broken, _result("lint", 90)], PILLAR_OF, {}, DEFAULT_PILLAR_WEIGHTS)
    assert agg.score == 90.0
    assert agg.caps == ()


def _capped_report(tmp_path: Path) -> Report:
    return dataclasses.replace(
        sample_report(write_tree(tmp_path), score=59.9),
        uncapped_score=61.5,
        caps=(AppliedCap(check="tests", cap=NO_TESTS), AppliedCap(check="ci", cap=NO_CI)),
    )


def test_json_report_lists_each_applied_cap_with_its_evidence(tmp_path: Path) -> None:
    report = json.loads(render_json(_capped_report(tmp_path)))
    validate_report(report)
    assert report["score"] == 59.9
    assert report["uncapped_score"] == 61.5
    assert report["caps"] == [
        {
            "check": "tests",
            "id": "no-tests",
            "limit": 59.9,
            "reason": "no tests at all",
            "evidence": "no test file and no test function for 412 lines of shipped Python",
        },
        {
            "check": "ci",
            "id": "no-ci",
            "limit": 69.9,
            "reason": "no CI system runs anything",
            "evidence": "no CI configuration",
        },
    ]


def test_json_report_without_caps_has_an_empty_list(tmp_path: Path) -> None:
    report = json.loads(render_json(sample_report(write_tree(tmp_path))))
    validate_report(report)
    assert report["caps"] == []


def test_terminal_report_says_what_capped_the_score(tmp_path: Path) -> None:
    text = render_rich(_capped_report(tmp_path), width=200)
    assert "Capped from 61.5 (weakest link):" in text
    assert (
        "  at most 59.9: no tests at all (tests: no test file and no test function for 412 "
        "lines of shipped Python)"
    ) in text
    assert "  at most 69.9: no CI system runs anything (ci: no CI configuration)" in text
    assert "Judged as library: sample" in text


def test_markdown_report_says_what_capped_the_score(tmp_path: Path) -> None:
    text = render_markdown(_capped_report(tmp_path))
    assert "**Capped** from 61.5 (weakest link):" in text
    assert "- at most 59.9: no tests at all (tests: no test file and no test function" in text
    assert "Judged as **library**: sample" in text


def test_no_tests_cap_from_the_tests_checker_limits_the_report(
    tmp_path: Path, cache_dir: Path
) -> None:
    # Clean code and no test at all. Testing is made to weigh almost nothing, so the mean
    # stays high and only the cap can bring it down to an F.
    repo = tmp_path / "repo"  # the cache lives in tmp_path, outside the scanned repository
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg" / "__init__.py").write_text(
        '"""A package."""\n\n\ndef add(a: int, b: int) -> int:\n    return a + b\n',
        encoding="utf-8",
    )
    (repo / "pyproject.toml").write_text(
        "[tool.pyreadiness]\npillar-weights = { testing = 1 }\n", encoding="utf-8"
    )
    _, report = check_json(repo, "--select", "tests,lint", "--offline", cache_dir=cache_dir)
    assert report["uncapped_score"] > 70  # lint's score, almost alone (its own test pins it)
    assert report["score"] == 59.9
    assert report["grade"] == "F"
    assert report["caps"] == [
        {
            "check": "tests",
            "id": "no-tests",
            "limit": 59.9,
            "reason": "no tests at all",
            "evidence": "no test file and no test function for 3 lines of shipped Python",
        }
    ]
