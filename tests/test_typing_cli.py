"""Through the command line: the report's numbers, and the cache that spares mypy."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, check_json, check_result


def counting_mypy(tmp_path: Path) -> tuple[Path, Path]:
    """The real mypy behind a wrapper that logs each call's arguments."""
    log = tmp_path / "mypy-calls.log"
    script = tmp_path / "counting-mypy"
    script.write_text(
        f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{sys.executable}" -P -B -m mypy "$@"\n'
    )
    script.chmod(0o755)
    return script, log


@pytest.mark.slow
def test_report_of_the_half_annotated_fixture(cache_dir: Path) -> None:
    _, report = check_json(
        FIXTURES / "typing-half-annotated", "--select", "typing", cache_dir=cache_dir
    )
    typing = check_result(report, "typing")
    assert typing["pillar"] == "maintainability"
    assert typing["metrics"]["annotation_coverage"] == 0.6
    assert typing["metrics"]["mypy_errors"] == 0
    assert {c["id"] for c in typing["components"]} == {
        "annotated-functions",
        "annotated-slots",
        "mypy",
        "strict",
        "py-typed",
    }
    ours = [f for f in report["findings"] if f["check"] == "typing"]
    assert {f["rule"] for f in ours} == {
        "typing/unannotated",
        "typing/not-strict",
        "typing/no-py-typed",
    }
    for finding in ours:
        assert set(finding) >= {"rule", "severity", "path", "line", "message", "help"}


@pytest.mark.slow
def test_nothing_changed_no_mypy_one_file_changed_one_incremental_run(
    cache_dir: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "typing-mypy-errors", repo)
    script, log = counting_mypy(tmp_path)
    env = {"PYREADINESS_TOOL_MYPY": str(script)}

    def errors() -> int:
        _, report = check_json(repo, "--select", "typing", cache_dir=cache_dir, env=env)
        value = check_result(report, "typing")["metrics"]["mypy_errors"]
        assert isinstance(value, int)
        return value

    assert errors() == 4
    assert errors() == 4
    calls = log.read_text().splitlines()
    assert len(calls) == 1  # the second run came whole from the cache

    ops = repo / "errpkg" / "ops.py"
    ops.write_text(ops.read_text().replace("return 42  # error 3", 'return "42"'))
    assert errors() == 3
    calls = log.read_text().splitlines()
    assert len(calls) == 2
    # Both runs point mypy at the same incremental cache, inside our cache folder.
    cache_args = [c.split("--cache-dir ", 1)[1].split(" ", 1)[0] for c in calls]
    assert cache_args[0] == cache_args[1]
    assert Path(cache_args[0]).is_relative_to(cache_dir / "tools" / "mypy")
    assert any(Path(cache_args[0]).rglob("*"))
