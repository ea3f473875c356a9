"""What a developer sees on a terminal: live progress and colour, and neither when piped."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, run_cli

SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def _colours(out: bytes) -> set[bytes]:
    """SGR sequences that set a colour (no-color.org forbids those; bold and dim are fine)."""
    found = set()
    for params in SGR.findall(out):
        codes = [int(p) for p in params.split(b";") if p]
        if any(30 <= c <= 49 or 90 <= c <= 107 for c in codes):
            found.add(params)
    return found


TARGET = FIXTURES / "tests-pytest-basic"


def _run_in_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """Run the CLI with stdout and stderr on a pseudo-terminal; return all it wrote."""
    leader, follower = pty.openpty()
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYREADINESS_", "NO_COLOR"))
    }
    full_env.update({"TERM": "xterm-256color", "COLUMNS": "100"}, **env)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pyreadiness", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=full_env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks)


def test_terminal_shows_live_progress_and_colour(tmp_path: Path) -> None:
    out = _run_in_terminal(
        ["check", str(TARGET), "--select", "tests,ci", "--cache-dir", str(tmp_path)], {}
    )
    assert b"done: " in out  # the live progress line, drawn while checkers finish
    assert _colours(out)
    assert b"Gate " in out


def test_no_color_is_respected_on_a_terminal(tmp_path: Path) -> None:
    out = _run_in_terminal(
        ["check", str(TARGET), "--select", "tests,ci", "--cache-dir", str(tmp_path)],
        {"NO_COLOR": "1"},
    )
    assert _colours(out) == set()
    assert b"Overall" in out


def test_piped_output_has_no_progress_and_no_colour(tmp_path: Path) -> None:
    run = run_cli("check", TARGET, "--select", "tests,ci", "--cache-dir", tmp_path, env={})
    assert run.code == 0
    assert run.stderr == ""
    assert "\x1b[" not in run.stdout


def _lint_report(cache: Path, env: dict[str, str]) -> list[str]:
    """The rich report of the lint fixture, printed to a pipe (not a terminal)."""
    run = run_cli(
        "check", FIXTURES / "lint-known-findings", "--select", "lint", "-q",
        "--cache-dir", cache, env=env,
    )  # fmt: skip
    return run.stdout.splitlines()


def test_off_a_terminal_findings_and_urls_are_not_hard_wrapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI log is not a terminal: rich's 80-column default broke messages and URLs."""
    monkeypatch.delenv("COLUMNS", raising=False)
    lines = _lint_report(tmp_path, {"GITHUB_ACTIONS": "true", "GITLAB_CI": "true"})
    assert any(
        "src/known/star.py:3  F403  `from os.path import *` used; unable to detect undefined "
        "names" in line
        for line in lines
    ), lines
    assert any(
        line.strip() == "fix: https://docs.astral.sh/ruff/rules/undefined-local-with-import-star"
        for line in lines
    ), lines
    assert any("(7 files, 30 lines of shipped source)" in line for line in lines)


def test_columns_still_sets_the_width_off_a_terminal(tmp_path: Path) -> None:
    assert max(len(line) for line in _lint_report(tmp_path, {"COLUMNS": "60"})) <= 60
