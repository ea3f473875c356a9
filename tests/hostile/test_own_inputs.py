"""Our own inputs (baseline, cache, configuration) are read with the same bounds: a bad
one is exit 2 naming it; an unusable cache only costs speed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.harness import check, hostile_run, minimal_repo

FAST = ("--select", "ci,security")


def _stable(report: dict[str, Any]) -> dict[str, Any]:
    """The report without its timings (and whether a result came from the cache)."""
    report = dict(report)
    report.pop("timings", None)
    return report


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "deep-json", "folder"])
def test_a_hostile_baseline_file_is_exit_2_naming_it(tmp_path: Path, kind: str) -> None:
    repo = minimal_repo(tmp_path / "repo")
    baseline = tmp_path / "baseline.json"
    if kind == "fifo":
        os.mkfifo(baseline)
    elif kind == "dev-zero":
        baseline = Path("/dev/zero")
    elif kind == "deep-json":
        baseline.write_text("[" * 100_000 + "]" * 100_000)
    else:
        baseline.mkdir()
    outcome = check(repo, tmp_path / "cache", *FAST, "--baseline", str(baseline), time_limit=30)
    assert outcome.code == 2, outcome.stderr
    assert "--baseline" in outcome.stderr and str(baseline) in outcome.stderr


def _lock_database(cache: Path) -> subprocess.Popen[str]:
    """Another process holding the cache database's write lock for the whole run."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"db = sqlite3.connect({str(cache / 'results.sqlite3')!r}, isolation_level=None)\n"
            "db.execute('PRAGMA journal_mode = DELETE')\n"
            "db.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(120)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["read-only", "a-file", "tools-is-a-file", "locked", "garbage"])
def test_an_unusable_cache_only_costs_speed(tmp_path: Path, fault: str) -> None:
    repo = minimal_repo(tmp_path / "repo", {"src/victim/x.py": "import os\n"})
    reference = check(repo, tmp_path / "good-cache", "--select", "lint,ci,security,typing")
    cache = tmp_path / "cache"
    holder = None
    if fault == "a-file":
        cache.write_text("not a folder")
    else:
        cache.mkdir()
        if fault == "tools-is-a-file":
            (cache / "tools").write_text("not a folder")
        elif fault == "garbage":
            (cache / "results.sqlite3").write_bytes(b"\0garbage" * 1000)
        elif fault == "locked":
            sqlite3.connect(cache / "results.sqlite3").close()
            holder = _lock_database(cache)
        elif fault == "read-only":
            cache.chmod(0o555)
    try:
        outcome = check(repo, cache, "--select", "lint,ci,security,typing", time_limit=60)
    finally:
        if holder is not None:
            holder.kill()
            holder.wait()
            assert holder.stdout is not None
            holder.stdout.close()
        if fault == "read-only":
            cache.chmod(0o755)
    assert outcome.code == reference.code
    assert _stable(outcome.json()) == _stable(reference.json())
    if fault in ("locked", "a-file", "tools-is-a-file") or os.geteuid() != 0:
        notes = [line for line in outcome.stderr.splitlines() if "cache" in line]
        assert len(notes) == 1, outcome.stderr
    assert outcome.seconds < reference.seconds + 20


def test_a_cache_dir_inside_the_scanned_repository_is_refused(tmp_path: Path) -> None:
    repo = minimal_repo(tmp_path / "repo")
    outcome = hostile_run("check", repo, "-q", *FAST, "--cache-dir", repo / ".cache")
    assert outcome.code == 2
    assert "--cache-dir" in outcome.stderr
    assert not (repo / ".cache").exists()


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        ("fail-under = nan", "fail-under"),
        ("fail-under = inf", "fail-under"),
        ("pillar-weights = { security = inf }", "pillar-weights.security"),
        ("pillar-weights = { security = nan }", "pillar-weights.security"),
        ("check-weights = { lint = inf }", "check-weights.lint"),
        ("min = { security = nan }", "min.security"),
        ("timeout = inf", "timeout"),
        ("timeout = nan", "timeout"),
    ],
)
def test_non_finite_numbers_in_our_configuration_are_exit_2(
    tmp_path: Path, setting: str, key: str
) -> None:
    repo = minimal_repo(tmp_path / "repo")
    with (repo / "pyproject.toml").open("a") as handle:
        handle.write(f"[tool.pyreadiness]\n{setting}\n")
    outcome = check(repo, tmp_path / "cache", *FAST)
    assert outcome.code == 2, outcome.stdout[:500]
    assert key in outcome.stderr


@pytest.mark.parametrize(
    "option",
    [
        ("--fail-under", "nan"),
        ("--baseline-tolerance", "nan"),
        ("--timeout", "nan"),
        ("--timeout", "inf"),
        ("--min", "security=nan"),
    ],
)
def test_non_finite_numbers_on_the_command_line_are_exit_2(
    tmp_path: Path, option: tuple[str, str]
) -> None:
    repo = minimal_repo(tmp_path / "repo")
    outcome = check(repo, tmp_path / "cache", *FAST, *option)
    assert outcome.code == 2, outcome.stdout[:300]
    assert option[0] in outcome.stderr
    json.dumps  # noqa: B018 - the report, had it come out, would have held NaN
