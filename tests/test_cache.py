"""The result cache lives in the user cache directory by default, never in the scanned tree."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import FIXTURES, run_cli


def test_default_cache_is_the_user_cache_directory(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    args = ("check", FIXTURES / "tests-pytest-basic", "-f", "json", "--select", "tests")
    cold = run_cli(*args, env=env)
    warm = run_cli(*args, env=env)
    assert cold.code == warm.code == 0
    assert (tmp_path / "xdg" / "pyreadiness" / "results").is_dir()
    assert json.loads(cold.stdout)["timings"]["checks"]["tests"]["cached"] is False
    assert json.loads(warm.stdout)["timings"]["checks"]["tests"]["cached"] is True


def test_no_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    args = ("check", FIXTURES / "tests-pytest-basic", "-f", "json", "--select", "tests")
    run_cli(*args, env=env)
    again = run_cli(*args, "--no-cache", env=env)
    assert json.loads(again.stdout)["timings"]["checks"]["tests"]["cached"] is False
