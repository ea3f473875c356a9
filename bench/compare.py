"""Compare two versions of pyreadiness on one repository, run by run, interleaved.

The host's speed drifts by tens of percent within an hour (docs/performance.md), so a
before/after figure is only worth something when both versions run alternately on the same
copy of the repository. Each version is a source tree (a git worktree of the commit to
compare, or this checkout); it runs as ``python -m pyreadiness`` with that tree's ``src``
first on ``sys.path``, the same interpreter and installed tools for both.

    git worktree add /tmp/before HEAD~1
    python bench/compare.py /work/real/rich /tmp/before . --runs 5

Per run and version: a cold run (empty cache), then a run after one shipped file is touched
(same file for both versions, so each sees exactly one changed file against its own cache).
Prints medians of wall time, CPU time and peak memory, and each run's pair.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from proctree import Sample, measure

from bench import touch, touch_candidates  # the script's folder is first on sys.path


def command(checks: str, repo: Path, cache: Path, extra: Sequence[str]) -> list[str]:
    selected = [] if checks == "all" else ["--select", checks]
    return [
        sys.executable,
        "-m",
        "pyreadiness",
        "check",
        str(repo),
        "-f",
        "json",
        "-q",
        "--cache-dir",
        str(cache),
        *selected,
        *extra,
    ]


def environment(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYREADINESS_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(tree / "src")
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("before", type=Path, help="source tree of the first version")
    parser.add_argument("after", type=Path, help="source tree of the second version")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--checks", default="typing,lint,security")
    parser.add_argument("--offline", action="store_true")
    args = parser.parse_args(argv)
    versions = {"before": args.before.resolve(), "after": args.after.resolve()}
    extra = ["--offline"] if args.offline else []
    results: dict[str, dict[str, list[Sample]]] = {v: {"cold": [], "touched": []} for v in versions}
    with tempfile.TemporaryDirectory(prefix="pyreadiness-compare-") as tmp:
        work = Path(tmp)
        repo = work / "repo"
        shutil.copytree(args.repo, repo, symlinks=True)
        candidates = touch_candidates(repo)
        for run in range(args.runs):
            # Alternate which version goes first, so neither always follows the other.
            order = list(versions) if run % 2 == 0 else list(reversed(versions))
            for version in order:
                cache = work / f"cache-{version}"
                shutil.rmtree(cache, ignore_errors=True)
                argv = command(args.checks, repo, cache, extra)
                env = environment(versions[version])
                sample = measure(argv, cwd=repo, env=env, stdout=work / "out")
                results[version]["cold"].append(sample)
            touch(repo, candidates[run % len(candidates)], run)
            for version in order:
                argv = command(args.checks, repo, work / f"cache-{version}", extra)
                env = environment(versions[version])
                results[version]["touched"].append(
                    measure(argv, cwd=repo, env=env, stdout=work / "out")
                )
            print(
                f"run {run + 1}: "
                + "  ".join(
                    f"{v} cold {results[v]['cold'][-1].wall:.2f}s "
                    f"touched {results[v]['touched'][-1].wall:.2f}s"
                    for v in versions
                ),
                flush=True,
            )
    print(f"\n{'':8} {'phase':8} {'wall':>8} {'CPU':>8} {'peak':>9}")
    for version in versions:
        for phase, samples in results[version].items():
            wall = statistics.median(s.wall for s in samples)
            cpu = statistics.median(s.cpu for s in samples)
            peak = statistics.median(s.peak for s in samples) / 2**20
            print(f"{version:8} {phase:8} {wall:7.2f}s {cpu:7.2f}s {peak:5.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
