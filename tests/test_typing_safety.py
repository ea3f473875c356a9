"""A mypy configuration that names a plugin and a python_executable runs neither.

``typing-hostile-config`` also asks mypy to install types, keep its cache, a JUnit file and
a report inside the repository. Its plugin and interpreter leave ``TRACE-*`` files in
``$TYPING_TRACE_DIR`` when run; the control test shows that a plain ``mypy`` does run them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, check_json, check_result, tree_digest
from tests.test_typing_coverage import run_typing

HOSTILE = FIXTURES / "typing-hostile-config"


def copy_hostile(tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    shutil.copytree(HOSTILE, repo, symlinks=True)
    traces = tmp_path / "traces"
    traces.mkdir()
    return repo, traces


@pytest.mark.slow
def test_plain_mypy_would_run_the_repositorys_code(tmp_path: Path) -> None:
    """The control: the traps are live, so their silence below means something."""
    repo, traces = copy_hostile(tmp_path)
    subprocess.run(
        [sys.executable, "-P", "-m", "mypy", "hostilepkg"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "TYPING_TRACE_DIR": str(traces), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert sorted(p.name for p in traces.iterdir()) == ["TRACE-plugin", "TRACE-python-executable"]
    assert (repo / "junit.xml").exists()
    assert (repo / "own-mypy-cache").is_dir()


def test_the_checker_runs_nothing_and_writes_nothing(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, traces = copy_hostile(tmp_path)
    monkeypatch.setenv("TYPING_TRACE_DIR", str(traces))
    before = tree_digest(repo)
    result = run_typing(repo, cache_dir)
    assert list(traces.iterdir()) == []
    assert tree_digest(repo) == before
    m = result.metrics
    assert m["mypy_dropped_options"] == [
        "cache_dir",
        "install_types",
        "junit_xml",
        "linecount_report",
        "mypy_path: ../elsewhere",
        "mypy_path: /etc",
        "mypy_path: ~/stubs",
        "non_interactive",
        "plugins",
        "python_executable",
    ]
    # Still a strict check: the one error needs the stub that the kept mypy_path finds.
    assert (m["strict"], m["mypy_errors"]) == (True, 1)
    errors = [(f.path, f.line) for f in result.findings if f.rule == "mypy/return-value"]
    assert errors == [("hostilepkg/core.py", 9)]


@pytest.mark.slow
def test_the_cli_run_from_inside_the_repository_runs_nothing(
    cache_dir: Path, tmp_path: Path
) -> None:
    repo, traces = copy_hostile(tmp_path)
    before = tree_digest(repo)
    env = {"TYPING_TRACE_DIR": str(traces)}
    for _ in range(2):  # cold, then warm
        _, report = check_json(repo, "--select", "typing", cache_dir=cache_dir, env=env)
        assert check_result(report, "typing")["metrics"]["mypy_errors"] == 1
    assert list(traces.iterdir()) == []
    assert tree_digest(repo) == before
