"""``pyreadiness fleet``: read the manifest, scan every repository, store every outcome."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pyreadiness.fleet.manifest import Entry
from pyreadiness.fleet.runner import run_in_process, run_local_pool, run_on_cluster
from pyreadiness.fleet.scan import FleetSettings, ScanOutcome
from pyreadiness.fleet.table import FleetRow, build_row
from pyreadiness.store.sqlite import RunRecord, RunStore, RunSummary, new_batch

ProgressHook = Callable[[int, int, Sequence[str], int], None]  # done, total, current, failed


@dataclass(frozen=True, kw_only=True)
class FleetRun:
    batch: str
    rows: tuple[FleetRow, ...]


def history_by_repository(runs: Sequence[RunSummary]) -> dict[str, list[float]]:
    trends: dict[str, list[float]] = {}
    for run in runs:
        if run.status == "scored" and run.overall is not None:
            trends.setdefault(run.repository, []).append(run.overall)
    return trends


def record(outcome: ScanOutcome, batch: str) -> RunRecord:
    return RunRecord(
        batch=batch,
        repository=outcome.name,
        url=outcome.source,
        commit=outcome.commit,
        ref=outcome.ref,
        recorded_at=outcome.recorded_at,
        status=outcome.status,
        reason=outcome.reason,
        report_json=outcome.report_json,
    )


def run_fleet(
    entries: Sequence[Entry],
    settings: FleetSettings,
    store: RunStore,
    *,
    jobs: int,
    cluster: str | None = None,
    progress: ProgressHook | None = None,
) -> FleetRun:
    batch = new_batch()
    before = history_by_repository(store.runs())
    outcomes: dict[str, ScanOutcome] = {}
    running: list[str] = []
    failures = 0

    def started(name: str) -> None:
        if name not in running:  # a retried scan is still the same one running
            running.append(name)
        if progress:
            progress(len(outcomes), len(entries), running[:3], failures)

    def finished(outcome: ScanOutcome) -> None:
        nonlocal failures
        store.append(record(outcome, batch))  # at once: a killed run keeps what it finished
        outcomes[outcome.name] = outcome
        failures += outcome.status != "scored"
        if outcome.name in running:
            running.remove(outcome.name)
        if progress:
            progress(len(outcomes), len(entries), running[:3], failures)

    if cluster is not None:
        run_on_cluster(entries, settings, cluster, finished, started)
    elif jobs > 1 and len(entries) > 1:
        run_local_pool(entries, settings, min(jobs, len(entries)), finished, started)
    else:
        run_in_process(entries, settings, finished, started)

    rows = []
    for entry in entries:
        earlier = before.get(entry.name, [])
        row = build_row(outcomes[entry.name], earlier[-1] if earlier else None, earlier)
        if row.score is not None:  # the trend ends with this run
            row = dataclasses.replace(row, trend=(*earlier, row.score))
        rows.append(row)
    return FleetRun(batch=batch, rows=tuple(rows))


def default_store() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("pyreadiness", appauthor=False)) / "runs.sqlite3"
