"""Running a fleet's scans: retried once, then reported; on a real Dask LocalCluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pyreadiness.fleet import runner
from pyreadiness.fleet.command import run_fleet
from pyreadiness.fleet.manifest import Entry, read_manifest
from pyreadiness.fleet.scan import FleetSettings, ScanOutcome
from pyreadiness.store.sqlite import RunStore
from tests.fleet_tools import check_scores, fleet_manifest
from tests.helpers import FIXTURES

ENTRY = Entry(name="x", source="/nowhere", is_url=False)


def test_a_scan_that_raises_is_retried_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[str] = []
    good = ScanOutcome(
        name="x", source="/nowhere", ref=None, commit=None, recorded_at="t", status="scored"
    )

    def flaky(entry: Entry, settings: FleetSettings) -> ScanOutcome:
        calls.append(entry.name)
        if len(calls) == 1:
            raise MemoryError("transient")
        return good

    monkeypatch.setattr(runner, "scan_entry", flaky)
    outcomes: list[ScanOutcome] = []
    runner.run_in_process([ENTRY], FleetSettings(cache_dir=tmp_path), outcomes.append)
    assert (calls, outcomes) == (["x", "x"], [good])


def test_a_scan_that_fails_twice_is_reported_not_lost(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(entry: Entry, settings: FleetSettings) -> ScanOutcome:
        raise RuntimeError("boom")

    monkeypatch.setattr(runner, "scan_entry", broken)
    outcomes: list[ScanOutcome] = []
    runner.run_in_process([ENTRY], FleetSettings(cache_dir=tmp_path), outcomes.append)
    assert [(o.status, o.reason) for o in outcomes] == [
        ("error", "failed twice: RuntimeError: boom")
    ]


@pytest.fixture(scope="module")
def cluster_address() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        # None still serves the scheduler's HTTP routes on port 8787 (taken by a parallel
        # test process or any local Dask): a free loopback port instead. No bokeh: no dashboard.
        dashboard_address="127.0.0.1:0",
        host="127.0.0.1",
        protocol="tcp",
    ) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_the_same_fleet_on_a_local_dask_cluster(cluster_address: str, tmp_path: Path) -> None:
    manifest, commit = fleet_manifest(tmp_path)
    score = check_scores(FIXTURES / "lint-clean", tmp_path / "cache")[0]
    entries = read_manifest(manifest)
    settings = FleetSettings(cache_dir=tmp_path / "cache", offline=True)
    with RunStore(tmp_path / "runs.sqlite3") as store:
        run = run_fleet(entries, settings, store, jobs=1, cluster=cluster_address)
        stored = store.runs()
    rows = {r.name: r for r in run.rows}
    assert [r.name for r in run.rows] == [e.name for e in entries]  # none lost
    assert (rows["lint-clean"].score, rows["origin"].score) == (score, score)
    assert rows["origin"].commit == commit
    assert rows["no-such-folder"].status == "error"
    assert rows["unreachable"].reason is not None
    assert rows["unreachable"].reason.startswith("cannot clone https://127.0.0.1:1/")
    assert sorted(r.repository for r in stored) == sorted(e.name for e in entries)


@pytest.mark.slow
def test_an_unreachable_cluster_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    from pyreadiness.errors import UsageError

    monkeypatch.setattr(runner, "CLUSTER_CONNECT_SECONDS", 2.0)
    settings = FleetSettings(cache_dir=tmp_path)
    with pytest.raises(UsageError, match=r"--cluster tcp://127\.0\.0\.1:1: cannot connect"):
        runner.run_on_cluster([ENTRY], settings, "tcp://127.0.0.1:1", lambda o: None)


@pytest.mark.slow
def test_fleet_command_with_cluster(cluster_address: str, tmp_path: Path) -> None:
    from tests.helpers import run_cli

    manifest, _ = fleet_manifest(tmp_path)
    score = check_scores(FIXTURES / "lint-clean", tmp_path / "c")[0]
    nothing = check_scores(FIXTURES / "core-no-python", tmp_path / "c")[0]
    result = run_cli(
        "fleet", manifest, "--cluster", cluster_address, "--store", tmp_path / "s.sqlite3",
        "--cache-dir", tmp_path / "c", "--offline", "-f", "json",
    )  # fmt: skip
    assert result.code == 1, result.stderr
    scores = {r["name"]: r["score"] for r in result.json()["repositories"]}
    assert scores == {
        "lint-clean": score, "origin": score, "core-no-python": nothing, "no-such-folder": None,
        "unreachable": None,
    }  # fmt: skip
