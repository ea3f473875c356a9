"""The tests checker through the real command line: report shape, caching, no execution."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.tests import TestsChecker
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES, check_json, check_result, tree_digest

ONLY = ("--select", "tests")


def _tests_findings(report: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(f["rule"], f["path"]) for f in report["findings"] if f["check"] == "tests"]


def test_cli_reports_metrics_components_and_findings(cache_dir: Path) -> None:
    code, report = check_json(FIXTURES / "tests-levels", *ONLY, cache_dir=cache_dir)
    assert code == 0
    result = check_result(report, "tests")
    assert result["pillar"] == "testing"
    assert result["status"] == "passed"
    assert result["score"] == 75.0
    assert result["metrics"]["test_files"] == 6
    assert result["metrics"]["test_functions"] == 11
    assert result["metrics"]["levels"] == ["e2e", "integration", "property", "unit"]
    assert [c["id"] for c in result["components"]] == [
        "density",
        "configuration",
        "coverage",
        "levels",
    ]
    assert _tests_findings(report) == [("no-coverage", "pyproject.toml")]


@pytest.mark.slow
def test_cached_result_is_reused_and_invalidated_by_test_and_config_changes(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "tests-pytest-basic", root)
    _, first = check_json(root, *ONLY, cache_dir=cache_dir)
    _, again = check_json(root, *ONLY, cache_dir=cache_dir)
    assert first["timings"]["checks"]["tests"]["cached"] is False
    assert again["timings"]["checks"]["tests"]["cached"] is True
    assert check_result(again, "tests") == check_result(first, "tests")

    # A new test in an existing file changes the count.
    with (root / "tests" / "test_other.py").open("a") as fh:
        fh.write("\n\ndef test_three():\n    assert len('abc') == 3\n")
    _, more = check_json(root, *ONLY, cache_dir=cache_dir)
    assert check_result(more, "tests")["metrics"]["test_functions"] == 10

    # A config file that did not exist before (pytest.ini wins over pyproject.toml).
    (root / "pytest.ini").write_text("[pytest]\ntestpaths = tools\n")
    _, moved = check_json(root, *ONLY, cache_dir=cache_dir)
    metrics = check_result(moved, "tests")["metrics"]
    assert metrics["pytest_config"] == "pytest.ini"
    assert metrics["test_files"] == 1
    assert metrics["test_functions"] == 0  # tools/test_release.py: `assert True` cannot fail
    assert metrics["tests_cannot_fail"] == 1


def test_nothing_from_the_scanned_repository_is_executed(tmp_path: Path, cache_dir: Path) -> None:
    """Every Python file of the fixture appends to a trace file if it is ever imported."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "tests-no-execution", root)
    trace = tmp_path / "trace.txt"
    env = {"TESTS_FIXTURE_TRACE": str(trace)}
    before = tree_digest(root)

    code, report = check_json(root, *ONLY, cache_dir=cache_dir, env=env)
    inv = build_inventory(root)
    ctx = CheckContext(root=root, inventory=inv, cache=Cache(tmp_path / "c2"))
    in_process = TestsChecker().run(ctx)

    assert code == 0
    assert check_result(report, "tests")["metrics"]["test_functions"] == 1
    assert in_process.metrics["test_functions"] == 1
    assert not trace.exists()
    assert not list(root.rglob("TRACE"))
    assert tree_digest(root) == before


def test_the_trace_fixture_really_leaves_a_trace_when_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guard for the test above: the trap works, so its silence means something."""
    trace = tmp_path / "trace.txt"
    monkeypatch.setenv("TESTS_FIXTURE_TRACE", str(trace))
    source = (FIXTURES / "tests-no-execution" / "tests" / "test_trap.py").read_text()
    namespace = {"__file__": str(tmp_path / "test_trap.py")}
    exec(compile(source, "test_trap.py", "exec"), namespace)  # noqa: S102 - our own fixture
    assert trace.read_text().strip() == str(tmp_path / "test_trap.py")
