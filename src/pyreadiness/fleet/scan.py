"""Score one fleet repository exactly as ``pyreadiness check`` would: the same pipeline.

``scan_entry`` is what a local worker process or a Dask task runs. Its arguments and its
result are plain frozen values (the report travels as its JSON text), so they pickle to a
remote worker and back. A repository that cannot be fetched or scanned is an ``error``
outcome with its reason; only an unexpected failure raises, so the pool or the cluster can
retry it once before it is reported.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyreadiness.errors import UsageError
from pyreadiness.fleet.clone import CloneError, CloneLimits, shallow_clone
from pyreadiness.fleet.manifest import Entry
from pyreadiness.store.gitinfo import read_git_info
from pyreadiness.store.sqlite import now_utc

if TYPE_CHECKING:
    from pyreadiness.checkers.options import OptionValue


@dataclass(frozen=True, kw_only=True)
class FleetSettings:
    """What every scan of the fleet shares (the command line's options)."""

    cache_dir: Path
    use_cache: bool = True
    offline: bool = False
    timeout: float | None = None
    jobs_per_repository: int = 1
    #: Checkers' options from the command line (--vuln-db, --vuln-service), by check id.
    check_options: Mapping[str, Mapping[str, OptionValue]] = field(default_factory=dict)
    clone_limits: CloneLimits = field(default_factory=CloneLimits)


@dataclass(frozen=True, kw_only=True)
class ScanOutcome:
    name: str
    source: str
    ref: str | None
    commit: str | None
    recorded_at: str
    status: str  # "scored" or "error"
    reason: str | None = None
    report_json: str | None = None
    seconds: float = 0.0


def failed(entry: Entry, reason: str, seconds: float = 0.0) -> ScanOutcome:
    return ScanOutcome(
        name=entry.name,
        source=entry.source,
        ref=entry.ref,
        commit=None,
        recorded_at=now_utc(),
        status="error",
        reason=reason,
        seconds=seconds,
    )


def scan_entry(entry: Entry, settings: FleetSettings) -> ScanOutcome:
    from pyreadiness.pipeline import Options, run
    from pyreadiness.store.record import compact_report

    started = time.monotonic()
    try:
        if entry.is_url:
            root = shallow_clone(
                entry.source, entry.ref, settings.cache_dir / "fleet-clones", settings.clone_limits
            )
        else:
            root = Path(entry.source)
        info = read_git_info(root)
        report = run(
            Options(
                path=root,
                fail_under=entry.fail_under,
                pillar_minimums=entry.pillar_minimums,
                select=entry.select,
                ignore=entry.ignore,
                cache_dir=settings.cache_dir,
                use_cache=settings.use_cache,
                timeout=settings.timeout,
                jobs=settings.jobs_per_repository,
                check_options=settings.check_options,
                offline=settings.offline,
            )
        )
    except (CloneError, UsageError) as exc:
        return failed(entry, str(exc), time.monotonic() - started)
    return ScanOutcome(
        name=entry.name,
        source=entry.source,
        ref=entry.ref or info.ref,
        commit=info.commit,
        recorded_at=now_utc(),
        status="scored",
        report_json=compact_report(report),
        seconds=time.monotonic() - started,
    )
