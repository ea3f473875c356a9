"""Prove a refactoring changed no report: the JSON of two versions, byte for byte.

Each version is a source tree (``git archive REV | tar -x -C /tmp/before``, or this
checkout); it runs as ``python -m pyreadiness check FOLDER -f json --offline`` with that
tree's ``src`` first on ``sys.path``, the same interpreter and tools for both, a fresh cache
each. ``timings`` (the only part that varies between runs) is removed before comparing.

    mkdir /tmp/before && git archive 457482e | tar -x -C /tmp/before
    python bench/same_reports.py /tmp/before . fixtures/* /work/real/click

Prints one line per folder (same / DIFF with the differing lines, or the exit codes and
error output when there is no report) and a count; exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def report(tree: Path, folder: Path) -> tuple[int, str]:
    """(exit code, the report without timings, or what it printed on stderr)."""
    env = dict(os.environ, PYTHONPATH=str(tree.resolve() / "src"), NO_COLOR="1")
    with tempfile.TemporaryDirectory() as cache:
        run = subprocess.run(
            [sys.executable, "-m", "pyreadiness", "check", folder, "-f", "json", "-q",
             "--offline", "--cache-dir", cache],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
    try:
        data = json.loads(run.stdout)
    except json.JSONDecodeError:
        return run.returncode, run.stderr
    data.pop("timings", None)
    return run.returncode, json.dumps(data, indent=2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="source tree of the old version")
    parser.add_argument("after", type=Path, help="source tree of the new version")
    parser.add_argument("folders", type=Path, nargs="+", help="repositories to check")
    args = parser.parse_args()
    differing = 0
    for folder in args.folders:
        old, new = report(args.before, folder), report(args.after, folder)
        if old == new:
            print(f"same  {folder}")
            continue
        differing += 1
        print(f"DIFF  {folder} (exit {old[0]} -> {new[0]})")
        diff = difflib.unified_diff(old[1].splitlines(), new[1].splitlines(), lineterm="", n=0)
        for line in list(diff)[2:40]:
            print(f"      {line}")
    print(f"{len(args.folders) - differing} of {len(args.folders)} identical")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
