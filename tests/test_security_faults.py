"""A bandit that is missing, crashes, hangs, floods or babbles: a clear result, never a crash.

Each case is a real executable named in PYREADINESS_TOOL_BANDIT, as a user could set it.
The faults every tool-running checker shares (crash, signal, hang, garbage) are in
tests/test_tool_faults.py; these are bandit's own.
Secrets found meanwhile are still listed: a leaked key does not wait for bandit.
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pyreadiness.checkers.security import SecurityChecker
from pyreadiness.checkers.security.bandit import parse_report
from pyreadiness.model import CheckResult, Status
from pyreadiness.testing import run_checker
from tests.helpers import FIXTURES, check_json, check_result


def run_security(root: Path, cache: Path, *, timeout: float = 60) -> CheckResult:
    return run_checker(SecurityChecker, root, cache_dir=cache, tool_timeout=timeout)


def fake_bandit(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-bandit"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


InstallBandit = Callable[[str], None]


@pytest.fixture
def use_bandit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> InstallBandit:
    def install(body: str) -> None:
        monkeypatch.setenv("PYREADINESS_TOOL_BANDIT", str(fake_bandit(tmp_path, body)))

    return install


def test_missing_bandit_is_skipped_and_secrets_still_listed(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PYREADINESS_TOOL_BANDIT", str(tmp_path / "no-such-bandit"))
    result = run_security(FIXTURES / "security-planted-key", cache_dir)
    assert result.status is Status.SKIPPED
    assert result.score is None
    assert result.reason.startswith("bandit: executable")
    assert "not found" in result.reason
    assert result.metrics["secrets"] == 6
    assert len(result.findings) == 6


def test_json_that_is_not_a_report_is_an_error(cache_dir: Path, use_bandit: InstallBandit) -> None:
    use_bandit("echo '{\"version\": 3}'")
    result = run_security(FIXTURES / "security-bandit-high", cache_dir)
    assert result.status is Status.ERROR
    assert result.reason == "bandit: printed JSON without 'results' and 'errors' lists"


def test_huge_output_is_refused(cache_dir: Path, use_bandit: InstallBandit) -> None:
    # 300 MB, over the wrapper's 256 MiB cap: reported, never parsed.
    use_bandit("head -c 300000000 /dev/zero")
    result = run_security(FIXTURES / "security-bandit-high", cache_dir)
    assert result.status is Status.ERROR
    assert result.reason == "bandit: printed 286 MiB, more than we parse"


def test_failed_runs_are_not_cached(
    cache_dir: Path, use_bandit: InstallBandit, tmp_path: Path
) -> None:
    # The same wrapper (so the same cache identity) fails while the flag file exists.
    flag = tmp_path / "fail-now"
    flag.touch()
    use_bandit(f'[ -f "{flag}" ] && exit 3\nexec "{sys.executable}" -P -B -m bandit "$@"')
    assert run_security(FIXTURES / "security-nosec", cache_dir).status is Status.ERROR
    flag.unlink()
    result = run_security(FIXTURES / "security-nosec", cache_dir)
    assert result.status is Status.PASSED
    assert (result.metrics["low"], result.metrics["nosec"]) == (1, 2)


def test_a_file_bandit_leaves_out_is_a_finding() -> None:
    reports = parse_report(
        {"results": [], "errors": [], "metrics": {"./a.py": {"nosec": 0}}}, ["a.py", "b.py"]
    )
    assert [(r.path, r.error) for r in reports] == [
        ("a.py", None),
        ("b.py", "bandit did not report on this file"),
    ]


def test_other_checks_complete_when_bandit_crashes(cache_dir: Path, tmp_path: Path) -> None:
    script = fake_bandit(tmp_path, 'echo "bandit exploded" >&2; exit 70')
    _, report = check_json(
        FIXTURES / "security-bandit-high",
        "--select",
        "security,ci",
        cache_dir=cache_dir,
        env={"PYREADINESS_TOOL_BANDIT": str(script)},
    )
    security = check_result(report, "security")
    assert security["status"] == "error"
    assert security["reason"] == "bandit: exited with code 70: bandit exploded"
    assert check_result(report, "ci")["status"] in {"passed", "failed", "skipped"}
