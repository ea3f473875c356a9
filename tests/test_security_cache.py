"""Speed: bandit sharded across ctx.jobs processes, and a per-file content-addressed cache.

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

from pyreadiness.checkers.interface import CheckContext, CheckResult
from pyreadiness.checkers.security import SecurityChecker
from pyreadiness.checkers.security.bandit import MAX_ARGV_CHARS, MAX_FILES_PER_CALL, _chunks
from pyreadiness.discover.inventory import build_inventory
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
    assert second.score == first.score == 69.0


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


def make_tree(root: Path, modules: int) -> None:
    pkg = root / "src" / "manypkg"
    pkg.mkdir(parents=True)
    for n in range(modules):
        (pkg / f"mod{n:02d}.py").write_text(
            f"import random\n\n\ndef pick{n}() -> float:\n    return random.random()\n"
        )


def test_bandit_is_sharded_across_jobs(tmp_path: Path, cache_dir: Path, bandit_log: Path) -> None:
    root = tmp_path / "repo"
    make_tree(root, 20)
    result = run_security(root, cache_dir, jobs=2)
    runs = starts(bandit_log)
    assert len(runs) == 2
    assert sorted(len(r) for r in runs) == [10, 10]
    assert sorted(runs[0] + runs[1]) == [f"./src/manypkg/mod{n:02d}.py" for n in range(20)]
    # Both processes were started before either finished: they ran concurrently.
    events = [line.split() for line in bandit_log.read_text().splitlines()]
    first_end = min(float(e[2]) for e in events if e[0] == "end")
    assert all(float(e[2]) < first_end for e in events if e[0] == "start")
    assert (result.metrics["low"], result.metrics["files_scanned"]) == (20, 20)

    # One process gives exactly the same result.
    single = run_security(root, tmp_path / "other-cache", jobs=1)
    assert len(starts(bandit_log)) == 3
    assert len(starts(bandit_log)[-1]) == 20
    assert single.metrics == result.metrics
    assert single.findings == result.findings


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
