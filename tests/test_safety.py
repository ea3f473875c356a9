"""The two rules that never bend: run no code from the scanned repository, write nothing into it.

``core-hostile-repo`` holds a conftest.py, a setup.py, a noxfile.py, a mypy plugin named in
its mypy configuration, a ``python_executable`` script, and modules named like our tools
(mypy.py, bandit.py, pip_audit.py, ruff.py, sitecustomize.py): each leaves a trace file if
it is ever executed or imported. Every checker runs on it, as a user runs the tool: the
installed ``pyreadiness`` script, from inside the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES, tree_digest, validate_report

PYREADINESS = Path(sys.executable).with_name("pyreadiness")


def _run_inside(repo: Path, cache: Path, traces: Path, *extra: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYREADINESS_")}
    env["HOSTILE_TRACE_DIR"] = str(traces)
    proc = subprocess.run(
        [str(PYREADINESS), "check", ".", "-f", "json", "--cache-dir", str(cache), *extra],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout)
    validate_report(report)
    return report


@pytest.mark.slow
def test_nothing_from_the_repository_runs_and_nothing_is_written(tmp_path: Path) -> None:
    repo = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "core-hostile-repo", repo, symlinks=True)
    traces = tmp_path / "traces"
    traces.mkdir()
    before = tree_digest(repo)

    # vuln service on a closed loopback port: pip-audit runs for real, with no network.
    report = _run_inside(
        repo, tmp_path / "cache", traces, "--vuln-service", "http://127.0.0.1:9", "--timeout", "120"
    )
    checks = {c["id"]: c for c in report["checks"]}
    assert set(checks) >= {"tests", "ci", "typing", "lint", "security", "dependencies"}

    assert sorted(p.name for p in traces.iterdir()) == []
    assert tree_digest(repo) == before
    for cache_name in (".mypy_cache", ".ruff_cache", "__pycache__", ".pytest_cache"):
        assert not list(repo.rglob(cache_name)), cache_name


@pytest.mark.slow
def test_warm_run_writes_nothing_either(tmp_path: Path) -> None:
    repo = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "core-hostile-repo", repo, symlinks=True)
    traces = tmp_path / "traces"
    traces.mkdir()
    cache = tmp_path / "cache"
    _run_inside(repo, cache, traces, "--offline", "--select", "tests,ci,lint,security,typing")
    before = tree_digest(repo)
    _run_inside(repo, cache, traces, "--offline", "--select", "tests,ci,lint,security,typing")
    assert tree_digest(repo) == before
    assert list(traces.iterdir()) == []
