"""Every checker that runs an external tool, against that tool missing, crashing, killed,
hanging or printing garbage: one matrix, real misbehaving executables (named in
``PYREADINESS_TOOL_<NAME>`` as a user could), results mapped in one place.

A missing tool is a skip and any other failure an error with the tool's own words (the
engine maps them, see ``check/engine.py``), unless the checker still has something measured
to report: typing keeps its annotation coverage as a partial score with mypy's failure as
the reason. Checker-specific faults (a ruff too old for some flag, JSON of the wrong shape,
output over the cap) stay in each checker's own tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pyreadiness.checkers.interface import Checker
from pyreadiness.checkers.lint import LintChecker
from pyreadiness.checkers.security import SecurityChecker
from pyreadiness.checkers.typing import TypingChecker
from pyreadiness.checkers.vulnerabilities import VulnerabilitiesChecker
from pyreadiness.model import CheckResult, Status
from pyreadiness.testing import fake_tool, run_checker, tool_env
from tests.helpers import FIXTURES


@dataclass(frozen=True)
class ToolChecker:
    checker: type[Checker]
    tool: str
    fixture: str
    prelude: str = ""  # what the fake answers before misbehaving (a version query)
    options: tuple[tuple[str, str], ...] = ()
    partial: bool = False  # keeps a partial score, the tool's failure in its reason


CHECKERS = {
    "lint": ToolChecker(
        LintChecker,
        "ruff",
        "lint-clean",
        prelude='if [ "$1" = "--version" ]; then echo "ruff 0.17.6"; exit 0; fi',
    ),
    "security": ToolChecker(SecurityChecker, "bandit", "security-bandit-high"),
    "typing": ToolChecker(TypingChecker, "mypy", "typing-half-annotated", partial=True),
    "vulnerabilities": ToolChecker(
        VulnerabilitiesChecker,
        "pip-audit",
        "vulns-one-medium",
        options=(("service-url", "http://127.0.0.1:9"),),  # never reached: the tool is fake
    ),
}

# fault -> what the fake tool does (every fault is an error, unless the checker is partial)
FAULTS = {
    "crash": 'echo "internal error: boom" >&2; exit 2',
    "signal": "kill -SEGV $$",
    "hang": "exec sleep 60",
    "garbage": 'echo "Segmentation fault (core dumped)"; exit 1',
}

#: The reason each checker gives, exactly, for each fault.
REASONS = {
    ("lint", "crash"): "ruff: exited with code 2: internal error: boom",
    ("lint", "signal"): "ruff: killed by signal 11",
    ("lint", "hang"): "ruff: timed out after 1s",
    ("lint", "garbage"): (
        "ruff: could not parse ruff output (33 characters): Expecting value: line 1 column 1 "
        "(char 0)"
    ),
    ("security", "crash"): "bandit: exited with code 2: internal error: boom",
    ("security", "signal"): "bandit: killed by signal 11",
    ("security", "hang"): "bandit: timed out after 1s",
    ("security", "garbage"): (
        "bandit: printed output that is not a JSON report: 'Segmentation fault (core dumped)'"
    ),
    ("typing", "crash"): "mypy could not run: internal error: boom",
    ("typing", "signal"): "mypy: killed by signal 11",
    ("typing", "hang"): "mypy: timed out after 1s",
    ("typing", "garbage"): (
        "mypy exited 1 but reported no errors we could read: Segmentation fault (core dumped)"
    ),
    ("vulnerabilities", "crash"): "pip-audit: exited with code 2: internal error: boom",
    ("vulnerabilities", "signal"): "pip-audit: killed by signal 11",
    ("vulnerabilities", "hang"): "pip-audit: timed out after 1s",
    ("vulnerabilities", "garbage"): "pip-audit: exited with code 1 without a JSON report",
}


def _run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exe: Path) -> CheckResult:
    spec = CHECKERS[name]
    for key, value in tool_env(spec.tool, exe).items():
        monkeypatch.setenv(key, value)
    return run_checker(
        spec.checker,
        FIXTURES / spec.fixture,
        cache_dir=tmp_path / "cache",
        options=dict(spec.options),
        tool_timeout=1 if "hang" in exe.name else 60,
        offline=False,
    )


def _assert_left_out(name: str, result: CheckResult, words: str, *, prefix: bool = False) -> None:
    """A partial checker keeps a score without the tool; the others report the failure."""
    if CHECKERS[name].partial:
        assert result.status in (Status.PASSED, Status.FAILED)
        assert result.reason.startswith("partial score: mypy part left out (")
        assert words in result.reason
    else:
        assert result.score is None
        assert result.reason.startswith(words) if prefix else result.reason == words


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_missing_tool(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool = CHECKERS[name].tool
    result = _run(name, tmp_path, monkeypatch, tmp_path / f"no-such-{tool}")
    expected = f"{tool}: executable {str(tmp_path / f'no-such-{tool}')!r} not found"
    if not CHECKERS[name].partial:
        assert result.status is Status.SKIPPED
    # "... not found" or "... not found or not executable", as the tool's wrapper says.
    _assert_left_out(name, result, expected, prefix=True)


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_misbehaving_tool(
    name: str, fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = FAULTS[fault]
    exe = fake_tool(
        tmp_path, f"{fault}-{CHECKERS[name].tool}", CHECKERS[name].prelude + "\n" + script
    )
    result = _run(name, tmp_path, monkeypatch, exe)
    if not CHECKERS[name].partial:
        assert result.status is Status.ERROR
    _assert_left_out(name, result, REASONS[name, fault])
