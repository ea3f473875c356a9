"""Measure a command: wall time, CPU time and the peak memory of its whole process tree.

Peak memory is the highest sum of the resident set sizes of the process and all its
descendants, sampled every 50 ms from /proc (Linux only); a child caught between fork and
exec (still its parent's program) maps its parent's pages and is not counted twice. CPU
time is what the kernel accounts to the process and every descendant it waited for. Both
come from /proc and ``wait4``: no third-party sampler is needed. The machine's other load
is measured too: CPU time all processes used during the command (from /proc/stat, so the
sampler's own ~2% of a core is included) minus the command's own.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, kw_only=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its waited-for descendants
    peak: int  # bytes: highest sum of RSS over the process tree
    returncode: int
    at_peak: dict[str, list[int]] = field(default_factory=dict)  # RSS by program at the peak
    cpu_by_program: dict[str, float] = field(default_factory=dict)
    others: float = 0.0  # cores the rest of the machine kept busy meanwhile, on average


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants, from /proc.

    Each sample lists /proc and reads ``stat`` only for processes that are new since the
    last sample or already in the tree: a full read of every process costs ~2 ms of CPU,
    too much at 20 samples a second on a busy 2-core machine. A process seen in two
    successive listings is the same process (a pid cannot be recycled within 50 ms).
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = pid
        self.peak = 0
        self._done = threading.Event()
        self.at_peak: dict[str, list[int]] = {}  # what the tree held at its peak, by program
        self._foreign: set[int] = set()
        self._names: dict[tuple[int, int, bytes], str] = {}
        self._ticks: dict[tuple[int, int], tuple[str, int]] = {}

    def run(self) -> None:
        while True:
            self._sample()
            if self._done.wait(SAMPLE_SECONDS):
                return

    def stop(self) -> None:
        self._done.set()
        self.join()

    def _sample(self) -> None:
        present = {int(n) for n in os.listdir("/proc") if n.isdigit()}  # noqa: PTH208 - hot loop
        self._foreign &= present
        stats: dict[int, Stat] = {}
        for pid in present - self._foreign:
            stat = _stat(pid)
            if stat is not None:
                stats[pid] = stat
        tree = {self.root} if self.root in stats else set()
        grown = True
        while grown:  # new children of new children
            grown = False
            for pid, stat in stats.items():
                if pid not in tree and stat.ppid in tree:
                    tree.add(pid)
                    grown = True
        self._foreign |= set(stats) - tree
        names: dict[int, str] = {}
        for pid in tree:
            stat = stats[pid]
            # A pid is reused over a long run, and a child is its parent until it execs:
            # a process is (pid, start time), and its name is read again when exec changes it.
            key = (pid, stat.start, stat.comm)
            if key not in self._names:
                self._names[key] = _program(pid)
            names[pid] = self._names[key]
            self._ticks[(pid, stat.start)] = (names[pid], stat.ticks)
        counted = [pid for pid in tree if not self._unexeced(pid, stats)]
        total = sum(stats[pid].rss for pid in counted) * PAGE
        if total > self.peak:
            self.peak = total
            self.at_peak = {}
            for pid in counted:
                self.at_peak.setdefault(names[pid], []).append(stats[pid].rss * PAGE)

    def _unexeced(self, pid: int, stats: dict[int, Stat]) -> bool:
        """A child between fork and exec: it maps its parent's pages, counted once already."""
        parent = stats.get(stats[pid].ppid)
        if pid == self.root or parent is None or parent.comm != stats[pid].comm:
            return False
        return _cmdline(pid) == _cmdline(stats[pid].ppid)

    def cpu_by_program(self) -> dict[str, float]:
        """CPU seconds by program, as last sampled (a process's last 50 ms may be missed)."""
        out: dict[str, float] = {}
        for name, ticks in self._ticks.values():
            out[name] = out.get(name, 0.0) + ticks / TICKS
        return out


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _program(pid: int) -> str:
    """A short name for what a process runs: ``mypy``, ``bandit``, ``ruff``, ``git``..."""
    words = [os.fsdecode(a) for a in _cmdline(pid).split(b"\0") if a]
    if not words:
        return "?"
    if "-m" in words[:-1]:
        return words[words.index("-m") + 1]
    if len(words) > 1 and Path(words[0]).name.startswith("python") and words[1][:1] != "-":
        return Path(words[1]).name  # a console script: pyreadiness
    return Path(words[0]).name


@dataclass(frozen=True)
class Stat:
    ppid: int
    rss: int  # pages
    ticks: int  # user + system CPU so far
    start: int  # start time after boot, in ticks: with the pid, names one process
    comm: bytes  # the executable's name, which changes on exec


def _stat(pid: int) -> Stat | None:
    """What /proc/PID/stat says of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:  # noqa: PTH123 - hot loop, no Path objects
            raw = fh.read()
    except OSError:
        return None
    close = raw.rfind(b")")  # the name in () may hold spaces and parentheses
    fields = raw[close + 2 :].split()
    return Stat(
        ppid=int(fields[1]),
        rss=int(fields[21]),
        ticks=int(fields[11]) + int(fields[12]),
        start=int(fields[19]),
        comm=raw[raw.find(b"(") + 1 : close],
    )


def _busy_seconds() -> float:
    """CPU seconds all processes of the machine have used since boot (idle and iowait aside)."""
    with open("/proc/stat", encoding="ascii") as fh:  # noqa: PTH123 - one line, often
        fields = [int(n) for n in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / TICKS


def measure(argv: Sequence[str], *, cwd: Path, env: dict[str, str], stdout: Path) -> Sample:
    """Run argv to completion, sampling its process tree; exit codes 0 and 1 are fine."""
    with stdout.open("wb") as out:
        busy = _busy_seconds()
        start = time.monotonic()
        proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=out, stderr=subprocess.PIPE)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        assert proc.stderr is not None
        err = proc.stderr.read()  # drained, or a chatty tool would block on a full pipe
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        busy = _busy_seconds() - busy
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
    if proc.returncode not in (0, 1):
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise SystemExit(f"{argv[0]} exited {proc.returncode}: {' / '.join(tail)}")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(
        wall=wall,
        cpu=cpu,
        peak=sampler.peak,
        returncode=proc.returncode,
        at_peak=sampler.at_peak,
        cpu_by_program=sampler.cpu_by_program(),
        others=max(0.0, busy - cpu) / wall if wall > 0 else 0.0,
    )
