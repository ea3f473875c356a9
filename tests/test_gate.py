"""The gate: thresholds from the repository's config, overridden by the command line."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import FIXTURES, check_json

GATED = FIXTURES / "core-config-gate"  # fail-under = 99, min testing = 95, select tests+ci


def test_repository_thresholds_fail_the_gate(cache_dir: Path) -> None:
    code, report = check_json(GATED, cache_dir=cache_dir)
    assert code == 1
    assert report["gate"]["passed"] is False
    assert report["gate"]["fail_under"] == 99
    assert report["gate"]["min"] == {"testing": 95}
    reasons = report["gate"]["reasons"]
    assert len(reasons) == 2
    assert reasons[0].startswith("overall score ") and reasons[0].endswith(" is below 99")
    assert reasons[1].startswith("pillar testing score ") and reasons[1].endswith(" is below 95")
    # the repository's select = ["tests", "ci"] applied
    assert sorted(c["id"] for c in report["checks"]) == ["ci", "tests"]


def test_command_line_wins_over_repository_config(cache_dir: Path) -> None:
    code, report = check_json(GATED, "--fail-under", "0", "--min", "testing=0", cache_dir=cache_dir)
    assert code == 0
    testing = next(p["score"] for p in report["pillars"] if p["id"] == "testing")
    assert report["gate"] == {
        "passed": True,
        "reasons": [f"overall score {report['score']:g} >= 0", f"pillar testing {testing:g} >= 0"],
        "fail_under": 0,
        "min": {"testing": 0},
    }


def test_min_on_a_pillar_that_was_not_measured_fails(cache_dir: Path) -> None:
    code, report = check_json(
        GATED,
        "--fail-under",
        "0",
        "--min",
        "testing=0",
        "--min",
        "security=10",
        cache_dir=cache_dir,
    )
    assert code == 1
    assert "pillar security could not be measured (needs 10)" in report["gate"]["reasons"]


def test_no_thresholds_passes_and_says_so(tmp_path: Path, cache_dir: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    (repo / "mod.py").write_text("def f() -> int:\n    return 1\n")
    code, report = check_json(repo, "--select", "tests", cache_dir=cache_dir)
    assert code == 0
    assert report["gate"]["reasons"] == ["no thresholds set"]
