"""Time ``pyreadiness check`` against the same tools run by hand, one after another.

Usage: python bench/bench.py REPO [--runs N] [--checks typing,lint,security] [--offline]

REPO is copied to a temporary folder first (it is never modified); every run below works
on that copy, so the mypy cache (keyed by the scanned root) follows from one phase to the
next as it would for a user.

Phases, interleaved run by run so that background load drifts over all of them alike:

* sequential -- the tools the selected checkers run, with the exact options they use, one
  after another as a user would type them: ruff check (fixed rule set), ruff check (the
  repository's own configuration, when it has one), ruff format --check, mypy (the
  sanitised configuration the typing checker writes), bandit (one process over every
  shipped file). Tool caches go to a fresh temporary folder each run.
* cold -- ``pyreadiness check REPO --select CHECKS -f json --cache-dir EMPTY``.
* warm -- the same with the cache of the last cold run and nothing changed.
* touched -- one shipped source file gets a comment line appended (a different file each
  run, never reverted: each run sees exactly one file changed since the previous one).

Each command is measured for wall time, CPU time (user + system of the process and every
descendant it waited for) and peak memory: the sum of the resident set sizes of the whole
process tree, sampled every 50 ms from /proc. No third-party sampler (psutil) is needed
for that on Linux; the script is Linux-only.

The environment running this may set PYTHONDONTWRITEBYTECODE (this machine does): an
installed pyreadiness has its bytecode compiled at install time, so the variable is
dropped for the pyreadiness process (its own modules then keep their bytecode in
``__pycache__`` as they would after ``pip install``); tools keep it, exactly as
pyreadiness's tool wrapper sets it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from byhand import plan, shown, tool_env
from proctree import Sample, measure

from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import build_inventory

TOOL_CHECKS = ("typing", "lint", "security")
TARGET_COLD = 0.70
TARGET_TOUCHED = 0.25
TARGET_MEMORY = 1.30
# Warm-run targets: 0.05x cold on a large repository, 0.2x on a medium one.
TARGET_WARM_LARGE = 0.05
TARGET_WARM_MEDIUM = 0.20
LARGE_REPO_LINES = 200_000  # Python lines in the repository (tests included)


# -- the phases --------------------------------------------------------------------------------
@dataclass(kw_only=True)
class Results:
    sequential: list[Sample] = field(default_factory=list)
    tools: dict[str, list[Sample]] = field(default_factory=dict)
    cold: list[Sample] = field(default_factory=list)
    warm: list[Sample] = field(default_factory=list)
    touched: list[Sample] = field(default_factory=list)
    touched_files: list[str] = field(default_factory=list)
    check_seconds: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    uncached: set[str] = field(default_factory=set)  # checks a warm run did not take cached


def run_sequential(root: Path, checks: Sequence[str], work: Path, res: Results) -> None:
    """Every tool call, one after another, with cold tool caches."""
    tool_cache = Path(tempfile.mkdtemp(prefix="tools-", dir=work))
    calls = plan(root, checks, tool_cache)
    shutil.rmtree(tool_cache / "mypy" / "cache", ignore_errors=True)  # as cold as ours
    by_label: dict[str, list[Sample]] = {}
    for call in calls:
        sample = measure(call.argv, cwd=root, env=tool_env(call.env), stdout=work / "tool.out")
        by_label.setdefault(call.label, []).append(sample)
    for label, samples in by_label.items():  # several chunks of one tool make one line
        res.tools.setdefault(label, []).append(combine(samples))
    res.sequential.append(combine([s for samples in by_label.values() for s in samples]))
    shutil.rmtree(tool_cache, ignore_errors=True)


def combine(samples: Sequence[Sample]) -> Sample:
    """Commands run one after another: times add up, memory peaks at the largest."""
    wall = sum(s.wall for s in samples)
    return Sample(
        wall=wall,
        cpu=sum(s.cpu for s in samples),
        peak=max(s.peak for s in samples),
        returncode=max(s.returncode for s in samples),
        others=sum(s.others * s.wall for s in samples) / wall if wall else 0.0,
    )


def pyreadiness_command() -> list[str]:
    """The console script a user runs (``python -m pyreadiness`` when it is not there)."""
    script = Path(sys.executable).parent / "pyreadiness"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pyreadiness"]


def pyreadiness_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYREADINESS_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # see the module docstring
    return env


def run_pyreadiness(
    argv: Sequence[str], root: Path, work: Path, phase: str, res: Results
) -> Sample:
    out = work / f"{phase}.json"
    sample = measure(argv, cwd=root, env=pyreadiness_env(), stdout=out)
    report = json.loads(out.read_text(encoding="utf-8"))
    broken = [c["id"] for c in report["checks"] if c["status"] == "error"]
    if broken:
        raise SystemExit(f"{phase}: checks ended in error: {', '.join(broken)}")
    timings: dict[str, Any] = report.get("timings", {}).get("checks", {})
    res.check_seconds.setdefault(phase, []).append(timings)
    if phase == "warm":
        res.uncached |= {check for check, t in timings.items() if not t.get("cached")}
    return sample


def touch_candidates(root: Path) -> list[str]:
    """Shipped source files around the median size, nearest first (typical, not extreme)."""
    inv = build_inventory(root)
    files = [f for f in inv.of_kind(FileKind.SOURCE) if f.path.endswith(".py")]
    files.sort(key=lambda f: (f.size, f.path))
    mid = len(files) // 2
    order = sorted(range(len(files)), key=lambda i: (abs(i - mid), i))
    return [files[i].path for i in order]


def touch(root: Path, rel: str, run: int) -> None:
    with (root / rel).open("a", encoding="utf-8") as fh:
        fh.write(f"\n# touched by bench/bench.py (run {run})\n")


# -- report ------------------------------------------------------------------------------------
def med(samples: Sequence[Sample], attr: str) -> float:
    return float(statistics.median(getattr(s, attr) for s in samples))


def mib(n: float) -> str:
    return f"{n / 2**20:.0f} MiB"


def composition(sample: Sample) -> str:
    parts = []
    for name, sizes in sorted(sample.at_peak.items(), key=lambda kv: -sum(kv[1])):
        count = f"{len(sizes)}x " if len(sizes) > 1 else ""
        parts.append(f"{name} {count}{mib(sum(sizes))}")
    return ", ".join(parts)


def cpu_split(samples: Sequence[Sample]) -> str:
    names = sorted({n for s in samples for n in s.cpu_by_program})
    per = {n: statistics.median(s.cpu_by_program.get(n, 0.0) for s in samples) for n in names}
    ranked = sorted(per.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{n} {v:.2f}s" for n, v in ranked if v >= 0.005)


def table(res: Results) -> list[str]:
    rows = [("sequential tools", res.sequential)]
    rows += [(f"  {label}", samples) for label, samples in res.tools.items()]
    rows += [("pyreadiness cold", res.cold), ("pyreadiness warm", res.warm)]
    rows += [("pyreadiness 1 file touched", res.touched)]
    out = [
        f"{'phase':32} {'runs':>4} {'wall (median)':>14} {'range':>15} {'CPU':>8} "
        f"{'peak RSS':>9} {'others':>7}"
    ]
    for name, samples in rows:
        if not samples:
            continue
        walls = [s.wall for s in samples]
        out.append(
            f"{name:32} {len(samples):>4} {med(samples, 'wall'):>13.2f}s "
            f"{min(walls):>6.2f}-{max(walls):>6.2f}s {med(samples, 'cpu'):>7.2f}s "
            f"{mib(med(samples, 'peak')):>9} {med(samples, 'others'):>6.2f}c"
        )
    return out


def verdicts(res: Results, warm_target: float) -> list[str]:
    cold = med(res.cold, "wall")
    ours = max(med(s, "peak") for s in (res.cold, res.warm, res.touched) if s)
    targets = [
        ("warm / cold", med(res.warm, "wall") / cold, warm_target),
        ("touched / cold", med(res.touched, "wall") / cold, TARGET_TOUCHED),
    ]
    if res.sequential:
        largest_tool = max(med(s, "peak") for s in res.tools.values())
        targets.insert(0, ("cold / sequential", cold / med(res.sequential, "wall"), TARGET_COLD))
        targets.append(("peak / largest tool", ours / largest_tool, TARGET_MEMORY))
    out = [f"{'ratio':22} {'measured':>9} {'target':>8}  verdict"]
    for name, value, target in targets:
        verdict = "PASS" if value <= target else "MISS"
        out.append(f"{name:22} {value:>8.3f}x {target:>7.2f}x  {verdict}")
    return out


def details(res: Results, loads: list[str]) -> list[str]:
    out = []
    if res.sequential:
        cpu_ratio = med(res.cold, "cpu") / med(res.sequential, "cpu")
        out.append(f"CPU time cold / sequential: {cpu_ratio:.2f}x (the work, whatever the load)")
    worst = max(res.cold, key=lambda s: s.peak)
    out.append(f"at the highest cold peak ({mib(worst.peak)}): {composition(worst)}")
    for phase, samples in (("cold", res.cold), ("warm", res.warm), ("touched", res.touched)):
        out.append(f"{phase}: CPU by program (median) {cpu_split(samples)}")
    for phase, runs in res.check_seconds.items():
        per = {
            check: statistics.median(r[check]["seconds"] for r in runs if check in r)
            for check in sorted({c for r in runs for c in r})
        }
        seconds = ", ".join(f"{k} {v:.2f}s" for k, v in per.items())
        out.append(f"{phase}: seconds per check (median, inside pyreadiness) {seconds}")
    if res.uncached:
        out.append(f"warm runs that did not come from the cache: {', '.join(sorted(res.uncached))}")
    out.append(f"files touched: {', '.join(res.touched_files)}")
    out.append(f"load average (1, 5, 15 min) before / after: {' / '.join(loads)}")
    out.append("others: cores the rest of the machine kept busy during the run (median)")
    return out


def python_lines(root: Path) -> int:
    inv = build_inventory(root)
    total = 0
    for f in inv.files:
        if f.path.endswith((".py", ".pyi")):
            data = inv.read_bytes(f.path)
            total += data.count(b"\n") if data else 0
    return total


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])


# -- main --------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="runs of each phase (default 3)")
    parser.add_argument(
        "--checks",
        default=",".join(TOOL_CHECKS),
        help="checks to select, or 'all' for a full run (default typing,lint,security)",
    )
    parser.add_argument("--offline", action="store_true", help="pass --offline to pyreadiness")
    parser.add_argument("--jobs", type=int, help="pass --jobs N to pyreadiness")
    parser.add_argument("--no-sequential", action="store_true", help="skip the by-hand phase")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", type=Path, help="also write the raw samples here")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    selected = None if args.checks == "all" else tuple(args.checks.split(","))
    tool_checks = [c for c in TOOL_CHECKS if selected is None or c in selected]
    if args.no_sequential:
        tool_checks = []

    work = Path(tempfile.mkdtemp(prefix="pyreadiness-bench-"))
    loads = [load()]
    try:
        root = work / "repo"
        shutil.copytree(args.repo, root, symlinks=True)
        lines = python_lines(root)
        warm_target = TARGET_WARM_LARGE if lines >= LARGE_REPO_LINES else TARGET_WARM_MEDIUM
        print(f"{args.repo}: {lines} lines of Python; {os.cpu_count()} CPUs; load {loads[0]}")
        cache = work / "cache"
        ours = [*pyreadiness_command(), "check", str(root), "-f", "json", "--cache-dir"]
        ours += [str(cache), "-q"]
        ours += ["--select", ",".join(selected)] if selected else []
        ours += ["--offline"] if args.offline else []
        ours += ["--jobs", str(args.jobs)] if args.jobs else []
        print(f"pyreadiness: {' '.join(ours)}")
        if tool_checks:
            print("by hand, one after another (cwd = the repository):")
            for call in plan(root, tool_checks, work / "plan"):
                print(f"  {shown(call)}")
        # Compile pyreadiness's bytecode once, untimed (see the module docstring).
        subprocess.run(
            [*pyreadiness_command(), "checks"],
            env=pyreadiness_env(),
            capture_output=True,
            check=False,
        )
        res = run_phases(args.runs, root, tool_checks, ours, cache, work)
        loads.append(load())
        print()
        print("\n".join([*table(res), "", *verdicts(res, warm_target), "", *details(res, loads)]))
        if args.json:
            raw = json.dumps(_raw(res, loads), indent=2, sort_keys=True)
            args.json.write_text(raw + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run_phases(
    runs: int, root: Path, tool_checks: Sequence[str], ours: list[str], cache: Path, work: Path
) -> Results:
    res = Results()
    for run in range(1, runs + 1):
        if tool_checks:
            run_sequential(root, tool_checks, work, res)
            print(f"run {run}: sequential {res.sequential[-1].wall:.2f}s", flush=True)
        shutil.rmtree(cache, ignore_errors=True)
        res.cold.append(run_pyreadiness(ours, root, work, "cold", res))
        print(f"run {run}: cold {res.cold[-1].wall:.2f}s", flush=True)
    for run in range(1, runs + 1):
        res.warm.append(run_pyreadiness(ours, root, work, "warm", res))
        print(f"run {run}: warm {res.warm[-1].wall:.2f}s", flush=True)
    candidates = touch_candidates(root)
    for run in range(1, runs + 1):
        rel = candidates[(run - 1) % len(candidates)]
        touch(root, rel, run)
        res.touched_files.append(rel)
        res.touched.append(run_pyreadiness(ours, root, work, "touched", res))
        print(f"run {run}: touched {rel}: {res.touched[-1].wall:.2f}s", flush=True)
    return res


def _raw(res: Results, loads: list[str]) -> dict[str, Any]:
    def dump(samples: Sequence[Sample]) -> list[dict[str, Any]]:
        return [dataclasses.asdict(s) for s in samples]

    return {
        "sequential": dump(res.sequential),
        "tools": {k: dump(v) for k, v in res.tools.items()},
        "cold": dump(res.cold),
        "warm": dump(res.warm),
        "touched": dump(res.touched),
        "touched_files": res.touched_files,
        "check_seconds": res.check_seconds,
        "load": loads,
    }


if __name__ == "__main__":
    raise SystemExit(main())
