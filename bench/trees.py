"""Would sharing parsed syntax trees between checkers save time? Measured: no.

Usage: python bench/trees.py REPO [--budget BYTES] [--runs N]

typing, dependencies, project and operability each parse the shipped modules they need on
a cold run (warm runs parse nothing: each caches its per-file facts by content). Sharing
one parse means keeping trees alive until the other checkers ask, in a window bounded by
source bytes (a tree takes ~24 times its source: sqlalchemy's 8.5 MB of modules parse
into ~200 MB). This script parses every ``.py`` file under REPO in order, once dropping
each tree at once and once keeping the last BUDGET bytes of source's trees alive, runs
interleaved, and prints the CPU time of each. Live trees are millions of objects tracked
by CPython's cycle collector, which walks them on every full collection: keeping a 4 MB
window cost about three times the parsing it could save (docs/performance.md).
"""

from __future__ import annotations

import argparse
import ast
import statistics
import time
from collections import OrderedDict
from pathlib import Path


def parse_all(sources: list[bytes], budget: int) -> float:
    kept: OrderedDict[int, tuple[ast.Module, int]] = OrderedDict()
    size = 0
    start = time.process_time()
    for number, data in enumerate(sources):
        tree = ast.parse(data)
        if budget:
            kept[number] = (tree, len(data))
            size += len(data)
            while size > budget:
                _, (_, dropped) = kept.popitem(last=False)
                size -= dropped
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo", type=Path)
    parser.add_argument("--budget", type=int, default=4_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sources = []
    for path in sorted(args.repo.rglob("*.py")):
        try:
            data = path.read_bytes()
            ast.parse(data)
        except (OSError, SyntaxError, ValueError):
            continue
        sources.append(data)
    dropped, kept = [], []
    for _ in range(args.runs):
        dropped.append(parse_all(sources, 0))
        kept.append(parse_all(sources, args.budget))
    megabytes = sum(map(len, sources)) / 1e6
    print(f"{len(sources)} modules, {megabytes:.1f} MB of source")
    print(f"parse, drop each tree:        median {statistics.median(dropped):.2f} s CPU")
    print(f"parse, keep {args.budget:,} bytes: median {statistics.median(kept):.2f} s CPU")


if __name__ == "__main__":
    main()
