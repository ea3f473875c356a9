"""One limit on the external tool processes of a run, shared by every checker.

Wrappers in PYREADINESS_TOOL_BANDIT / PYREADINESS_TOOL_MYPY / PYREADINESS_TOOL_RUFF log
each start and end, then run the real tool: the log shows what ran at the same time.
"""

from __future__ import annotations

import stat
import sys
import threading
import time
from pathlib import Path

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.lint.ruff import locate_ruff
from pyreadiness.checkers.security import SecurityChecker
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.tools.cache import Cache
from pyreadiness.tools.slots import ToolSlots
from tests.helpers import FIXTURES, check_json, check_result


def test_a_freed_slot_goes_to_the_longest_waiter() -> None:
    slots = ToolSlots(1)
    order: list[str] = []
    first = slots.hold()
    first.__enter__()

    def waiter() -> None:
        with slots.hold():
            order.append("waiter")

    thread = threading.Thread(target=waiter)
    thread.start()
    deadline = time.monotonic() + 10
    while not slots._waiting and time.monotonic() < deadline:  # the waiter is queued
        time.sleep(0.001)
    first.__exit__(None, None, None)
    # Asking again at once, with the interpreter lock still held: without a queue this
    # thread would take the slot back before the waiter wakes up.
    with slots.hold():
        order.append("again")
    thread.join()
    assert order == ["waiter", "again"]


def queue_up(slots: ToolSlots, order: list[str], name: str, priority: int) -> threading.Thread:
    """Start a thread that waits for a slot with ``priority``; return once it is queued."""

    def waiter() -> None:
        with slots.hold(priority):
            order.append(name)

    queued = len(slots._waiting)
    thread = threading.Thread(target=waiter)
    thread.start()
    deadline = time.monotonic() + 10
    while len(slots._waiting) == queued and time.monotonic() < deadline:
        time.sleep(0.001)
    return thread


def test_a_long_run_passes_ahead_of_waiting_chunks() -> None:
    slots = ToolSlots(1)
    order: list[str] = []
    first = slots.hold()
    first.__enter__()
    threads = [
        queue_up(slots, order, "chunk 1", 0),
        queue_up(slots, order, "chunk 2", 0),
        queue_up(slots, order, "mypy", ToolSlots.LONG_RUN),
        queue_up(slots, order, "chunk 3", 0),
    ]
    first.__exit__(None, None, None)
    for thread in threads:
        thread.join()
    # mypy asked third but goes first; the chunks keep the order they asked in.
    assert order == ["mypy", "chunk 1", "chunk 2", "chunk 3"]


def test_slots_limit_how_many_hold_at_once() -> None:
    slots = ToolSlots(2)
    lock = threading.Lock()
    running = [0]
    most = [0]

    def work() -> None:
        with slots.hold():
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.01)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 2


def logging_tool(tmp_path: Path, name: str, command: str, log: Path) -> Path:
    script = tmp_path / f"logging-{name}"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "start {name} $$ $(date +%s.%N)" >> "{log}"\n'
        f'{command} "$@"\n'
        "rc=$?\n"
        f'echo "end {name} $$ $(date +%s.%N)" >> "{log}"\n'
        "exit $rc\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def most_at_once(log: Path) -> int:
    events = sorted(
        (float(when), kind, pid)
        for kind, _, pid, when in (line.split() for line in log.read_text().splitlines())
    )
    running: set[str] = set()
    most = 0
    for _, kind, pid in events:
        if kind == "start":
            running.add(pid)
            most = max(most, len(running))
        else:
            running.discard(pid)
    return most


def test_bandit_workers_wait_for_a_slot(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "tools.log"
    bandit = logging_tool(tmp_path, "bandit", f'"{sys.executable}" -P -B -m bandit', log)
    root = tmp_path / "repo"
    (root / "src" / "manypkg").mkdir(parents=True)
    for n in range(20):
        (root / "src" / "manypkg" / f"mod{n:02d}.py").write_text(f"import random\nX{n:02d} = 1\n")
    ctx = CheckContext(
        root=root,
        inventory=build_inventory(root),
        cache=Cache(cache_dir),
        jobs=2,
        tool_slots=ToolSlots(1),
    )
    monkeypatch.setenv("PYREADINESS_TOOL_BANDIT", str(bandit))
    result = SecurityChecker().run(ctx)
    assert result.metrics["files_scanned"] == 20
    assert log.read_text().count("start bandit") == 2  # two workers, two chunks
    assert most_at_once(log) == 1  # but one slot: one after the other


@pytest.mark.slow
def test_one_job_runs_one_tool_at_a_time_across_checkers(tmp_path: Path, cache_dir: Path) -> None:
    log = tmp_path / "tools.log"
    env = {
        "PYREADINESS_TOOL_BANDIT": str(
            logging_tool(tmp_path, "bandit", f'"{sys.executable}" -P -B -m bandit', log)
        ),
        "PYREADINESS_TOOL_MYPY": str(
            logging_tool(tmp_path, "mypy", f'"{sys.executable}" -P -B -m mypy', log)
        ),
        "PYREADINESS_TOOL_RUFF": str(
            logging_tool(tmp_path, "ruff", f'"{locate_ruff().argv[0]}"', log)
        ),
    }
    fixture = FIXTURES / "security-bandit-high"
    _, report = check_json(
        fixture, "--select", "security,typing,lint", "--jobs", "1", cache_dir=cache_dir, env=env
    )
    assert check_result(report, "security")["metrics"]["high"] == 1
    tools = {line.split()[1] for line in log.read_text().splitlines()}
    assert tools == {"bandit", "mypy", "ruff"}
    assert most_at_once(log) == 1
