"""Fleet throughput: repositories per minute, cold and warm, local pool vs a LocalCluster.

    python bench/fleet.py /work/real/click /work/real/flask ... [--jobs 2]

Each way runs the same manifest twice against its own fresh cache: cold (empty cache),
then warm (unchanged repositories, every result from the cache). The cluster is a Dask
LocalCluster of ``--jobs`` single-threaded worker processes on loopback. Then the store's
size: 1,000 runs appended, cycling through the reports the fleet produced.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def fleet(manifest: Path, work: Path, cache: Path, extra: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "pyreadiness", "fleet", str(manifest), "--offline", "-q",
         "--store", str(work / "runs.sqlite3"), "--cache-dir", str(cache), "-f", "csv",
         "-o", str(work / "table.csv"), *extra],
        check=False,
    )  # fmt: skip
    return time.monotonic() - started


def store_size(source: Path, work: Path, runs: int = 1000) -> int:
    from pyreadiness.store.sqlite import RunRecord, RunStore

    with RunStore(source) as src:
        scored = [r for r in src.runs() if r.status == "scored"]
        reports = [src.report_of(r.id) for r in scored]
    import json

    target = work / "thousand.sqlite3"
    with RunStore(target) as store:
        for i in range(runs):
            row, report = scored[i % len(scored)], reports[i % len(reports)]
            store.append(
                RunRecord(
                    batch=f"b{i // len(scored)}", repository=row.repository, url=row.url,
                    commit=row.commit, ref=row.ref, recorded_at=row.recorded_at, status="scored",
                    report_json=json.dumps(report, separators=(",", ":")),
                )
            )  # fmt: skip
        store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    return target.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("repos", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fleet-bench-"))
    manifest = work / "fleet.txt"
    manifest.write_text("".join(f"{p.resolve()}\n" for p in args.repos), encoding="utf-8")
    n = len(args.repos)
    results = {}
    pool = ["--jobs", str(args.jobs)]
    results["local pool cold"] = fleet(manifest, work, work / "cache-pool", pool)
    results["local pool warm"] = fleet(manifest, work, work / "cache-pool", pool)
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=args.jobs, threads_per_worker=1, dashboard_address="127.0.0.1:0", host="127.0.0.1"
    ) as cluster:
        where = ["--cluster", cluster.scheduler_address]
        results["LocalCluster cold"] = fleet(manifest, work, work / "cache-dask", where)
        results["LocalCluster warm"] = fleet(manifest, work, work / "cache-dask", where)
    print(f"{n} repositories, {args.jobs} workers")
    for name, seconds in results.items():
        print(f"{name:20} {seconds:7.1f} s  {n / seconds * 60:6.1f} repositories/min")
    size = store_size(work / "runs.sqlite3", work)
    print(f"store: {size / 1024 / 1024:.1f} MiB per 1,000 runs ({size / 1000 / 1024:.1f} KiB/run)")


if __name__ == "__main__":
    main()
