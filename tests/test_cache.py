"""The result cache lives in the user cache directory by default, never in the scanned tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pyreadiness.tools.cache import DATABASE, Cache
from tests.helpers import FIXTURES, CliRun, run_cli


@pytest.mark.slow
def test_default_cache_is_the_user_cache_directory(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    args = ("check", FIXTURES / "tests-pytest-basic", "-f", "json", "--select", "tests")
    cold = run_cli(*args, env=env)
    warm = run_cli(*args, env=env)
    assert cold.code == warm.code == 0
    assert (tmp_path / "xdg" / "pyreadiness" / DATABASE).is_file()
    assert json.loads(cold.stdout)["timings"]["checks"]["tests"]["cached"] is False
    assert json.loads(warm.stdout)["timings"]["checks"]["tests"]["cached"] is True


@pytest.mark.slow
def test_no_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    args = ("check", FIXTURES / "tests-pytest-basic", "-f", "json", "--select", "tests")
    run_cli(*args, env=env)
    again = run_cli(*args, "--no-cache", env=env)
    assert json.loads(again.stdout)["timings"]["checks"]["tests"]["cached"] is False


ARGS = ("check", FIXTURES / "tests-pytest-basic", "-f", "json", "--select", "tests")


def cached(run: CliRun) -> bool:
    return bool(json.loads(run.stdout)["timings"]["checks"]["tests"]["cached"])


@pytest.mark.slow
def test_a_damaged_cache_is_replaced_not_an_error(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / DATABASE).write_bytes(b"not a database, " * 512)
    first = run_cli(*ARGS, "--cache-dir", cache_dir)
    assert first.code == 0, first.stderr
    assert not cached(first)
    second = run_cli(*ARGS, "--cache-dir", cache_dir)
    assert cached(second)  # the damaged file was replaced by a working cache


@pytest.mark.slow
def test_a_cache_that_cannot_be_written_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache directory cannot be created under a file\n")
    for attempt in range(2):
        run = run_cli(*ARGS, "--cache-dir", blocker / "cache")
        assert run.code == 0, run.stderr
        assert not cached(run), attempt
        # One line says why the run was slower; the report itself is unchanged.
        assert run.stderr.startswith("pyreadiness: note: cache not used: "), run.stderr
        assert run.stderr.count("\n") == 1


@pytest.mark.slow
def test_parallel_runs_share_one_cache(tmp_path: Path) -> None:
    # A platform team scores many repositories at once with one cache directory.
    cache_dir = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYREADINESS_")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "pyreadiness", *map(str, ARGS), "--cache-dir", str(cache_dir)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert json.loads(out)["score"] is not None
    assert cached(run_cli(*ARGS, "--cache-dir", cache_dir))


def test_buffered_entries_are_seen_before_they_are_stored(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put("ns", "a", {"x": 1})
    assert cache.get_many("ns", ["a", "b"]) == {"a": {"x": 1}}
    other = Cache(tmp_path / "cache")
    assert other.get("ns", "a") is None  # not stored yet
    cache.flush()
    assert other.get("ns", "a") == {"x": 1}
    assert other.get("other-ns", "a") is None
    assert other.get_many("ns", [f"k{n}" for n in range(3000)] + ["a"]) == {"a": {"x": 1}}


def test_tests_never_see_the_real_user_cache_or_a_real_vulnerability_service() -> None:
    # The autouse fixture in conftest.py: a test that forgot --cache-dir writes to a
    # temporary folder, and the default vulnerability service refuses at once.
    from platformdirs import user_cache_dir

    real = Path.home() / ".cache"
    assert not Path(user_cache_dir("pyreadiness")).is_relative_to(real)
    service = os.environ["PYREADINESS_VULN_SERVICE"]
    assert service.startswith("http://127.0.0.1:")


def test_closing_a_throwaway_cache_removes_its_folder() -> None:
    cache = Cache(None)
    folder = cache.directory
    assert folder.is_dir()
    cache.close()
    assert not folder.exists()
