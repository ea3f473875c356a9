"""``pyreadiness cache info`` / ``cache clean`` and eviction by age and size on write."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from pyreadiness.tools.cache import DATABASE, Cache
from pyreadiness.tools.cache_admin import MAX_AGE_DAYS, evict, info
from tests.helpers import run_cli

DAY = 86_400


def _fill(cache_dir: Path, ages_in_days: dict[str, float]) -> None:
    cache = Cache(cache_dir)
    for key in ages_in_days:
        cache.put("test", key, {"value": key})
    cache.close()
    now = time.time()
    with sqlite3.connect(cache_dir / DATABASE) as db:
        for key, days in ages_in_days.items():
            db.execute("UPDATE entries SET stored = ? WHERE key = ?", (int(now - days * DAY), key))


def test_info_names_location_size_entries_and_ages(cache_dir: Path) -> None:
    _fill(cache_dir, {"a": 3, "b": 1})
    (cache_dir / "tools" / "mypy").mkdir(parents=True)
    (cache_dir / "tools" / "mypy" / "x").write_bytes(b"0" * 2048)
    run = run_cli("cache", "info", "--cache-dir", cache_dir)
    assert run.code == 0, run.stderr
    lines = dict(line.split(": ", 1) for line in run.stdout.splitlines())
    assert lines["location"] == str(cache_dir)
    assert lines["entries"] == "2"
    assert lines["oldest"] < lines["newest"]
    assert int(lines["size"].split("(")[1].split()[0]) == info(cache_dir).size > 2048
    assert "older than 30 days" in lines["limits"] and "1.0 GiB" in lines["limits"]


def test_info_of_a_cache_never_written(tmp_path: Path) -> None:
    run = run_cli("cache", "info", "--cache-dir", tmp_path)
    assert run.code == 0
    assert "entries: 0\noldest: -\nnewest: -" in run.stdout


def test_clean_older_than_keeps_recent_entries(cache_dir: Path) -> None:
    _fill(cache_dir, {"old": 10, "older": 20, "new": 1})
    run = run_cli("cache", "clean", "--older-than", "5", "--cache-dir", cache_dir)
    assert (run.code, run.stdout.strip()) == (0, f"removed 2 entries from {cache_dir}")
    assert [k for k, _ in Cache(cache_dir).entries("test")] == ["new"]


def test_clean_removes_everything_and_tool_caches(cache_dir: Path) -> None:
    _fill(cache_dir, {"a": 0})
    (cache_dir / "tools" / "ruff").mkdir(parents=True)
    run = run_cli("cache", "clean", "--cache-dir", cache_dir)
    assert (run.code, run.stdout.strip()) == (0, f"removed 1 entry from {cache_dir}")
    assert sorted(p.name for p in cache_dir.iterdir()) == []


def test_a_run_that_writes_evicts_entries_past_the_age_limit(cache_dir: Path) -> None:
    _fill(cache_dir, {"stale": MAX_AGE_DAYS + 1, "fresh": MAX_AGE_DAYS - 1})
    cache = Cache(cache_dir)
    cache.put("test", "another", 1)
    cache.close()
    assert [k for k, _ in Cache(cache_dir).entries("test")] == ["another", "fresh"]


def test_a_run_that_only_reads_evicts_nothing(cache_dir: Path) -> None:
    _fill(cache_dir, {"stale": MAX_AGE_DAYS + 1})
    cache = Cache(cache_dir)
    assert cache.get("test", "stale") == {"value": "stale"}
    cache.close()
    assert [k for k, _ in Cache(cache_dir).entries("test")] == ["stale"]


def test_over_the_size_limit_the_oldest_go_first(cache_dir: Path) -> None:
    _fill(cache_dir, {f"k{i:02}": 20 - i / 10 for i in range(40)})
    with sqlite3.connect(cache_dir / DATABASE, isolation_level=None) as db:
        page = db.execute("PRAGMA page_size").fetchone()[0]
        used = db.execute("PRAGMA page_count").fetchone()[0] * page
        evict(db, now=time.time(), max_bytes=used // 2)
        left = [k for (k,) in db.execute("SELECT key FROM entries ORDER BY key")]
    assert 0 < len(left) < 40
    assert left == [f"k{i:02}" for i in range(40 - len(left), 40)]  # the newest stay
