"""A mypy that is missing, crashes, hangs, floods or talks nonsense: a partial score with the
reason, the annotation coverage still measured, never a crash and never a pass for mypy.

Each case is a real executable named in PYREADINESS_TOOL_MYPY, as a user could set it.
The faults every tool-running checker shares (crash, signal, hang, garbage) are in
tests/test_tool_faults.py; these are mypy's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pyreadiness.model import CheckResult, Status
from tests.helpers import FIXTURES, check_json, check_result
from tests.test_typing_coverage import run_typing

FIXTURE = FIXTURES / "typing-half-annotated"


def fake_mypy(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-mypy"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def configured_copy(tmp_path: Path) -> Path:
    """The fixture with a mypy configuration, so a fault could be blamed on it."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    with (repo / "pyproject.toml").open("a") as fh:
        fh.write("\n[tool.mypy]\nwarn_unreachable = true\n")
    return repo


def assert_partial(result: CheckResult) -> None:
    """mypy's part is left out; the syntax-tree parts are all there."""
    assert result.score is not None
    assert {c.id for c in result.components} == {
        "annotated-functions",
        "annotated-slots",
        "strict",
        "py-typed",
    }
    assert result.metrics["mypy_errors"] is None
    assert result.metrics["functions"] == 15
    assert result.reason.startswith("partial score: mypy part left out (")
    assert "mypy not measured" in result.summary
    assert not [f for f in result.findings if f.rule.startswith("mypy/")]


def test_missing_mypy(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYREADINESS_TOOL_MYPY", str(tmp_path / "no-such-mypy"))
    result = run_typing(FIXTURE, cache_dir)
    assert_partial(result)
    assert "mypy: executable" in result.reason
    assert "not found" in result.reason


def test_crashing_mypy(cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = fake_mypy(
        tmp_path, 'echo "x.py: error: INTERNAL ERROR -- Please report a bug" >&2; exit 2'
    )
    monkeypatch.setenv("PYREADINESS_TOOL_MYPY", str(script))
    result = run_typing(configured_copy(tmp_path), cache_dir)
    assert_partial(result)
    assert result.metrics["mypy_config"] == "pyproject.toml"
    assert "mypy could not run: x.py: error: INTERNAL ERROR" in result.reason
    # mypy's own bug is not held against the repository's configuration.
    assert not [f for f in result.findings if f.rule == "typing/mypy-config"]


def test_mypy_too_old_for_json_output(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_mypy(
        tmp_path,
        'echo "usage: mypy [-h] [-v] [-V] [more options; see below]" >&2\n'
        'echo "mypy: error: unrecognized arguments: --output json" >&2; exit 2',
    )
    monkeypatch.setenv("PYREADINESS_TOOL_MYPY", str(script))
    result = run_typing(configured_copy(tmp_path), cache_dir)
    assert_partial(result)
    assert "this mypy is too old for --output json (1.11 or newer needed)" in result.reason
    assert not [f for f in result.findings if f.rule == "typing/mypy-config"]


def test_flooding_mypy_is_refused(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_mypy(tmp_path, "head -c 300000000 /dev/zero")  # 286 MiB, over the cap
    monkeypatch.setenv("PYREADINESS_TOOL_MYPY", str(script))
    result = run_typing(FIXTURE, cache_dir)
    assert_partial(result)
    assert "more than we parse" in result.reason


def test_mypy_that_fails_without_saying_why(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_mypy(tmp_path, 'echo "something odd"; exit 1')
    monkeypatch.setenv("PYREADINESS_TOOL_MYPY", str(script))
    result = run_typing(FIXTURE, cache_dir)
    assert_partial(result)
    assert "mypy exited 1 but reported no errors we could read: something odd" in result.reason


def test_many_errors_are_counted_and_the_findings_capped(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = (
        '{"file": "halfpkg/core.py", "line": 3, "column": 0, "message": "boom", '
        '"hint": null, "code": "misc", "severity": "error"}'
    )
    script = fake_mypy(tmp_path, f"yes '{line}' | head -n 5000; exit 1")
    monkeypatch.setenv("PYREADINESS_TOOL_MYPY", str(script))
    result = run_typing(FIXTURE, cache_dir)
    assert result.metrics["mypy_errors"] == 5000
    assert len([f for f in result.findings if f.rule == "mypy/misc"]) == 1000
    assert result.reason == ""
    assert next(c for c in result.components if c.id == "mypy").score < 1


def test_no_mypy_and_no_functions_is_a_skip(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "settings.py").write_text("DEBUG = False\n")
    monkeypatch.setenv("PYREADINESS_TOOL_MYPY", str(tmp_path / "no-such-mypy"))
    result = run_typing(tmp_path, cache_dir)
    assert result.status is Status.SKIPPED
    assert result.reason.startswith("nothing to measure: no functions, and mypy: executable")


def test_through_the_cli_a_crash_is_partial_and_not_cached(cache_dir: Path, tmp_path: Path) -> None:
    log = tmp_path / "calls.log"
    script = fake_mypy(tmp_path, f'echo run >> "{log}"; echo "INTERNAL ERROR" >&2; exit 2')
    env = {"PYREADINESS_TOOL_MYPY": str(script)}
    for expected_calls in (1, 2):  # a partial result is never served from the cache
        _, report = check_json(FIXTURE, "--select", "typing", cache_dir=cache_dir, env=env)
        typing = check_result(report, "typing")
        assert typing["status"] == "failed"  # coverage 60%: the score stands, minus mypy
        assert typing["reason"].startswith("partial score: mypy part left out")
        assert typing["metrics"]["mypy_errors"] is None
        assert len(log.read_text().splitlines()) == expected_calls
