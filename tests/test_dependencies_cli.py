"""The dependencies checker through the real command line: report, cache, no execution."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, check_json, check_result, run_cli, tree_digest

ONLY = ("--select", "dependencies")


@pytest.mark.slow
def test_cli_reports_metrics_components_and_findings_with_lines(cache_dir: Path) -> None:
    code, report = check_json(FIXTURES / "deps-stale-lock", *ONLY, cache_dir=cache_dir)
    assert code == 0
    result = check_result(report, "dependencies")
    assert result["pillar"] == "dependencies"
    assert report["profile"]["id"] == "library"
    assert (result["status"], result["score"]) == ("passed", 79.4)
    assert result["metrics"] == {
        "kind": "library", "declared": 3, "pinned": 2, "hashed": 2, "locked": 2, "capped": 0,
        "stale": 1, "lock_files": ["uv.lock"], "update_tool": None, "development": 0,
        "development_pinned": 0, "from_folders": [],
    }  # fmt: skip
    assert [c["id"] for c in result["components"]] == [
        "ranges", "dev-env", "lock-fresh", "update-tool",
    ]  # fmt: skip
    ours = [f for f in report["findings"] if f["check"] == "dependencies"]
    assert [(f["rule"], f["severity"], f["path"], f["line"]) for f in ours] == [
        ("dependencies/stale-lock", "medium", "pyproject.toml", 11),
        ("dependencies/no-update-tool", "low", "pyproject.toml", None),
    ]


@pytest.mark.slow
def test_broken_inputs_are_findings_never_tracebacks(cache_dir: Path) -> None:
    for name in (
        "deps-malformed-toml",
        "deps-include-cycle",
        "deps-pipfile-lock-not-json",
    ):
        code, report = check_json(FIXTURES / name, *ONLY, cache_dir=cache_dir)
        assert code == 0, name
        result = check_result(report, "dependencies")
        assert result["status"] == "failed", name
        assert "Traceback" not in str(report), name


@pytest.mark.slow
def test_cached_result_reused_and_invalidated_by_an_included_file(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "deps-requirements-includes", root)
    _, first = check_json(root, *ONLY, cache_dir=cache_dir)
    _, again = check_json(root, *ONLY, cache_dir=cache_dir)
    assert first["timings"]["checks"]["dependencies"]["cached"] is False
    assert again["timings"]["checks"]["dependencies"]["cached"] is True
    assert check_result(again, "dependencies") == check_result(first, "dependencies")
    assert check_result(first, "dependencies")["metrics"]["pinned"] == 2

    # constraints.txt is only reached through "-c" from requirements.txt: still an input.
    (root / "constraints.txt").write_text("requests==2.32.3\nurllib3==2.2.2\nflask==3.0.3\n")
    _, pinned = check_json(root, *ONLY, cache_dir=cache_dir)
    assert pinned["timings"]["checks"]["dependencies"]["cached"] is False
    assert check_result(pinned, "dependencies")["metrics"]["pinned"] == 3

    # A lock file appearing is a new input too.
    (root / "requirements.txt").write_text("flask==3.0.3\n")
    _, fewer = check_json(root, *ONLY, cache_dir=cache_dir)
    assert check_result(fewer, "dependencies")["metrics"]["declared"] == 3


@pytest.mark.slow
def test_setup_py_is_never_executed_and_nothing_is_written(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "deps-setup-py", root)
    before = tree_digest(root)
    code, report = check_json(root, *ONLY, cache_dir=cache_dir)
    assert code == 0
    assert check_result(report, "dependencies")["metrics"]["declared"] == 2
    assert not (root / "SETUP_PY_WAS_EXECUTED").exists()
    assert tree_digest(root) == before


@pytest.mark.slow
def test_explain_prints_how_the_score_is_made() -> None:
    run = run_cli("explain", "dependencies")
    assert run.code == 0, run.stderr
    assert "reproducible (50" in run.stdout
    assert "ranges (40" in run.stdout
    assert "Dependabot" in run.stdout
