"""Run a fleet's scans: a local process pool by default, or tasks on a Dask cluster.

Both paths hand every outcome, as it arrives, to ``on_outcome`` (the caller stores it at
once, so a run killed half-way keeps what it finished). A scan that raises is run once more
(a worker that died, a transient fault); a second failure is reported as that repository's
error with its reason. No repository is ever dropped: every entry yields one outcome.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed

from pyreadiness.errors import UsageError
from pyreadiness.fleet.manifest import Entry
from pyreadiness.fleet.scan import FleetSettings, ScanOutcome, failed, scan_entry

OutcomeHook = Callable[[ScanOutcome], None]
StartHook = Callable[[str], None]
#: How long connecting to a cluster may take before the run gives up (a usage error).
CLUSTER_CONNECT_SECONDS = 30.0


def _reason(exc: BaseException) -> str:
    return f"failed twice: {type(exc).__name__}: {exc}"


def run_in_process(
    entries: Sequence[Entry],
    settings: FleetSettings,
    on_outcome: OutcomeHook,
    on_start: StartHook | None = None,
) -> None:
    """One at a time in this process (``--jobs 1``): no worker start-up to pay."""
    for entry in entries:
        if on_start:
            on_start(entry.name)
        try:
            outcome = scan_entry(entry, settings)
        except Exception:  # noqa: BLE001 - retried once, then reported
            try:
                outcome = scan_entry(entry, settings)
            except Exception as exc:  # noqa: BLE001
                outcome = failed(entry, _reason(exc))
        on_outcome(outcome)


def run_local_pool(
    entries: Sequence[Entry],
    settings: FleetSettings,
    jobs: int,
    on_outcome: OutcomeHook,
    on_start: StartHook | None = None,
) -> None:
    """``jobs`` worker processes, one repository per task.

    What failed in a round runs once more in a fresh pool: a worker killed mid-scan breaks
    its pool, and every scan still pending in it deserves a second chance on new workers.
    """
    # spawn: workers must not inherit the parent's threads (progress display) or locks.
    context = multiprocessing.get_context("spawn")
    remaining = [(entry, 1) for entry in entries]
    while remaining:
        retry: list[tuple[Entry, int]] = []
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            pending: dict[Future[ScanOutcome], tuple[Entry, int]] = {}
            for entry, attempt in remaining:
                pending[pool.submit(scan_entry, entry, settings)] = (entry, attempt)
            # The pool runs its queue in order: the first `jobs` start now, and each one
            # that ends lets the next start (what the progress display names as current).
            queue = [entry.name for entry, _ in remaining]
            for name in queue[:jobs]:
                if on_start:
                    on_start(name)
            for index, done in enumerate(as_completed(pending)):
                if on_start and index + jobs < len(queue):
                    on_start(queue[index + jobs])
                entry, attempt = pending[done]
                try:
                    outcome = done.result()
                except Exception as exc:  # noqa: BLE001 - a crash in the worker: retry once
                    if attempt == 1:
                        retry.append((entry, 2))
                        continue
                    outcome = failed(entry, _reason(exc))
                on_outcome(outcome)
        remaining = retry


def run_on_cluster(
    entries: Sequence[Entry],
    settings: FleetSettings,
    address: str,
    on_outcome: OutcomeHook,
    on_start: StartHook | None = None,
) -> None:
    """One Dask task per repository on the cluster at ``address``; results gathered here.

    Dask's own ``retries=1`` runs a task that raised (or whose worker died) once more; a
    task that fails again comes back as its exception and becomes that repository's error.
    """
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise UsageError(
            "--cluster needs Dask distributed: pip install 'pyreadiness[distributed]'"
        ) from None
    try:
        client = Client(address, timeout=CLUSTER_CONNECT_SECONDS)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"--cluster {address}: cannot connect: {exc}") from None
    with client:
        futures = {}
        for index, entry in enumerate(entries):
            future = client.submit(
                scan_entry, entry, settings, key=f"pyreadiness-scan-{index}", retries=1, pure=False
            )
            futures[future] = entry
            if on_start:
                on_start(entry.name)
        for future in dask_completed(list(futures)):  # type: ignore[no-untyped-call]
            entry = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - failed twice on the cluster
                outcome = failed(entry, _reason(exc))
            on_outcome(outcome)
