"""Speed: a queue of bandit processes on ctx.jobs workers, and a per-file content-addressed cache.

A real wrapper in PYREADINESS_TOOL_BANDIT logs every start (with its file list) and end,
then runs the real bandit: the log shows what actually ran.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.security import SecurityChecker
from pyreadiness.checkers.security.bandit import (
    MAX_ARGV_CHARS,
    MAX_FILES_PER_CALL,
    _chunk_count,
    _chunks,
    expected_work,
)
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES, check_json, check_result


def run_security(root: Path, cache: Path, *, jobs: int = 2) -> CheckResult:
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache), jobs=jobs)
    return SecurityChecker().run(ctx)


@pytest.fixture
def bandit_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    log = tmp_path / "bandit.log"
    script = tmp_path / "logging-bandit"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "start $$ $(date +%s.%N) $*" >> "{log}"\n'
        f'"{sys.executable}" -P -B -m bandit "$@"\n'
        "rc=$?\n"
        f'echo "end $$ $(date +%s.%N)" >> "{log}"\n'
        "exit $rc\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PYREADINESS_TOOL_BANDIT", str(script))
    return log


def starts(log: Path) -> list[list[str]]:
    """The file arguments of each bandit start, in order."""
    if not log.exists():
        return []
    runs = []
    for line in log.read_text().splitlines():
        if line.startswith("start "):
            args = line.split()[3:]
            assert args[:3] == ["-f", "json", "-q"]
            runs.append(args[3:])
    return runs


def test_unchanged_repository_runs_no_tool(
    tmp_path: Path, cache_dir: Path, bandit_log: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "security-bandit-high", root)
    first = run_security(root, cache_dir)
    assert len(starts(bandit_log)) == 1
    second = run_security(root, cache_dir)
    assert len(starts(bandit_log)) == 1  # nothing ran the second time
    assert second.metrics == first.metrics
    assert second.findings == first.findings
    assert second.score == first.score == 70.0


def test_one_changed_file_is_the_only_one_scanned(
    tmp_path: Path, cache_dir: Path, bandit_log: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "security-bandit-high", root)
    run_security(root, cache_dir)
    loader = root / "src" / "riskypkg" / "loader.py"
    loader.write_text("import pickle\n" + loader.read_text())  # adds B403 (LOW)
    result = run_security(root, cache_dir)
    assert starts(bandit_log)[-1] == ["./src/riskypkg/loader.py"]
    # hashing.py's HIGH comes from the cache, merged with the fresh loader.py result.
    m = result.metrics
    assert (m["high"], m["medium"], m["low"], m["files_scanned"]) == (1, 1, 2, 3)
    assert [(f.rule, f.path, f.line) for f in result.findings] == [
        ("B324", "src/riskypkg/hashing.py", 5),
        ("B403", "src/riskypkg/loader.py", 1),
        ("B101", "src/riskypkg/loader.py", 6),
        ("B506", "src/riskypkg/loader.py", 7),
    ]


@pytest.mark.parametrize("name", ["security-bandit-high", "security-syntax-error"])
@pytest.mark.slow
def test_cli_second_run_starts_no_bandit(name: str, cache_dir: Path, bandit_log: Path) -> None:
    # security-syntax-error has a partial result the engine does not keep: the per-file
    # cache still spares the second bandit run.
    env = {"PYREADINESS_TOOL_BANDIT": os.environ["PYREADINESS_TOOL_BANDIT"]}
    _, first = check_json(FIXTURES / name, "--select", "security", cache_dir=cache_dir, env=env)
    assert len(starts(bandit_log)) == 1
    _, second = check_json(FIXTURES / name, "--select", "security", cache_dir=cache_dir, env=env)
    assert len(starts(bandit_log)) == 1
    assert check_result(second, "security")["metrics"] == check_result(first, "security")["metrics"]
    assert second["findings"] == first["findings"]


def make_tree(root: Path, modules: int, size: int = 0) -> None:
    """``modules`` files of one size (padded with a comment to ``size`` bytes), each with
    one LOW issue (B311)."""
    pkg = root / "src" / "manypkg"
    pkg.mkdir(parents=True, exist_ok=True)
    for n in range(modules):
        text = f"import random\n\n\ndef pick{n:02d}() -> float:\n    return random.random()\n"
        if size > len(text):
            text += "#" * (size - len(text) - 1) + "\n"
        (pkg / f"mod{n:02d}.py").write_text(text)


def events(log: Path) -> list[tuple[float, str, str]]:
    """(time, "start" or "end", pid) of every bandit process, in time order."""
    out = []
    for line in log.read_text().splitlines():
        kind, pid, when = line.split()[:3]
        out.append((float(when), kind, pid))
    return sorted(out)


def most_at_once(log: Path) -> int:
    running: set[str] = set()
    most = 0
    for _, kind, pid in events(log):
        if kind == "start":
            running.add(pid)
            most = max(most, len(running))
        else:
            running.discard(pid)
    return most


def test_bandit_runs_a_queue_of_chunks_largest_file_first_alone(
    tmp_path: Path, cache_dir: Path, bandit_log: Path
) -> None:
    root = tmp_path / "repo"
    make_tree(root, 40, size=15_000)
    # A table as large as 22 modules: 930 kB in all make 3 chunks (sqrt(930k / 120k) = 2.8)
    # of at most 310 kB, so the table runs alone, first; the modules fill 20 per chunk.
    rows = "".join(f"    {n}: 'value {n:02d}',\n" for n in range(40))
    big = f"TABLE = {{\n{rows}}}\n"
    # Padding in lines of 1 kB: a line over 100 kB would leave the file out of every check.
    pad = 22 * 15_000 - len(big)
    big += ("#" * 999 + "\n") * (pad // 1000)
    if pad % 1000:
        big += "#" * (pad % 1000 - 1) + "\n"
    (root / "src" / "manypkg" / "table.py").write_text(big)
    result = run_security(root, cache_dir, jobs=2)
    runs = starts(bandit_log)
    # The queue's order (two workers take its first two chunks at the same moment).
    assert ["./src/manypkg/table.py"] in runs[:2]
    assert sorted(len(r) for r in runs[:2]) == [1, 20]
    assert [len(r) for r in runs[2:]] == [20]
    assert sorted(p for r in runs for p in r) == sorted(
        [f"./src/manypkg/mod{n:02d}.py" for n in range(40)] + ["./src/manypkg/table.py"]
    )
    # Two workers: two processes at once, never more.
    assert most_at_once(bandit_log) == 2
    assert (result.metrics["low"], result.metrics["files_scanned"]) == (40, 41)

    # One process gives exactly the same result.
    single = run_security(root, tmp_path / "other-cache", jobs=1)
    assert len(starts(bandit_log)) == 4
    assert len(starts(bandit_log)[-1]) == 41
    assert single.metrics == result.metrics
    assert single.findings == result.findings


def test_a_long_literal_of_strings_weighs_more_than_its_size(
    tmp_path: Path, cache_dir: Path, bandit_log: Path
) -> None:
    # bandit spends time on each string times the lines of its statement: a table of
    # names is slow out of proportion to its size, so it must start first, alone.
    root = tmp_path / "repo"
    make_tree(root, 40, size=5_000)
    rows = "".join(f"    'name{n:04d}': 'v',\n" for n in range(1000))
    (root / "src" / "manypkg" / "names.py").write_text(f"NAMES = {{\n{rows}}}\n")
    (root / "src" / "manypkg" / "big.py").write_text("X = 1\n" + "#" * 80_000 + "\n")
    inventory = build_inventory(root)
    names = "src/manypkg/names.py"
    assert inventory.get(names) is not None
    assert expected_work(inventory, names) > 6 * inventory.get(names).size  # type: ignore[union-attr]
    assert expected_work(inventory, "src/manypkg/big.py") == 80_007
    run_security(root, cache_dir, jobs=2)
    runs = starts(bandit_log)
    assert ["./src/manypkg/names.py"] in runs[:2]
    assert ["./src/manypkg/big.py"] not in runs  # shares its run with small files


@pytest.mark.parametrize(
    ("total_bytes", "files", "jobs", "count"),
    [
        (1_200_000, 105, 2, 3),  # rich, by size
        (2_900_000, 105, 2, 5),  # rich, by expected work (its emoji table weighs 1.7 MB)
        (7_800_000, 229, 2, 8),  # sqlalchemy
        (7_800_000, 229, 1, 1),  # one worker: one process
        (20_000, 40, 4, 4),  # small but many files: one chunk per worker
        (7_800_000, 30, 2, 3),  # never fewer than 8 files per process on average
        (5_000, 5, 4, 1),
    ],
)
def test_chunk_count_weighs_start_ups_against_the_tail(
    total_bytes: int, files: int, jobs: int, count: int
) -> None:
    assert _chunk_count(total_bytes, files, jobs) == count


def test_equal_files_are_shared_evenly(tmp_path: Path, cache_dir: Path, bandit_log: Path) -> None:
    root = tmp_path / "repo"
    make_tree(root, 20)
    run_security(root, cache_dir, jobs=2)
    runs = starts(bandit_log)
    # At least 8 files per process: 20 files make 2 chunks, run at the same time.
    assert [len(r) for r in runs] == [10, 10]
    assert most_at_once(bandit_log) == 2


def test_small_scans_use_one_process(tmp_path: Path, cache_dir: Path, bandit_log: Path) -> None:
    root = tmp_path / "repo"
    make_tree(root, 5)
    run_security(root, cache_dir, jobs=4)
    assert len(starts(bandit_log)) == 1


def test_long_file_lists_are_split_under_the_argument_limits() -> None:
    paths = [f"src/pkg/module_{n:05d}.py" for n in range(2500)]
    chunks = _chunks(paths)
    assert [p for c in chunks for p in c] == paths
    assert all(len(c) <= MAX_FILES_PER_CALL for c in chunks)
    assert len(chunks) == 3
    deep = ["d" * 3000 + f"/m{n}.py" for n in range(100)]
    long_chunks = _chunks(deep)
    assert all(sum(len(p) + 3 for p in c) <= MAX_ARGV_CHARS for c in long_chunks)
    assert [p for c in long_chunks for p in c] == deep
