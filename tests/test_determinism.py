"""Same tree, same report: byte-identical JSON once timings are set aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, run_cli


def _without_timings(text: str) -> str:
    report = json.loads(text)
    timings = report.pop("timings")
    assert set(timings) == {"total_seconds", "checks"}
    return json.dumps(report, indent=2)


@pytest.mark.slow
def test_cold_and_warm_runs_give_identical_reports(tmp_path: Path) -> None:
    target = FIXTURES / "core-hostile-repo"
    args = ("check", target, "-f", "json", "--offline", "--cache-dir", tmp_path / "c")
    cold = run_cli(*args)
    warm = run_cli(*args)
    uncached = run_cli("check", target, "-f", "json", "--offline", "--no-cache")
    assert cold.code == warm.code == uncached.code
    assert _without_timings(cold.stdout) == _without_timings(warm.stdout)
    assert _without_timings(cold.stdout) == _without_timings(uncached.stdout)
    # the raw text differs at most inside "timings"
    cold_lines = cold.stdout.split('"timings"')[0]
    warm_lines = warm.stdout.split('"timings"')[0]
    assert cold_lines == warm_lines
