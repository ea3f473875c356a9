"""`pyreadiness fleet`: local paths, a file:// clone, a broken entry, an unreachable URL."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pyreadiness.reporters.badge import GRADE_COLOURS
from pyreadiness.store.history import sparkline
from pyreadiness.store.sqlite import RunStore
from tests.fleet_tools import check_scores, fleet_manifest, git_repository
from tests.helpers import FIXTURES, ROOT, run_cli

CLEAN = FIXTURES / "lint-clean"


def _fleet(tmp_path: Path, *args: str | Path) -> tuple[int, dict[str, object], str]:
    manifest, _ = fleet_manifest(tmp_path)
    result = run_cli(
        "fleet", manifest, "--store", tmp_path / "runs.sqlite3", "--cache-dir", tmp_path / "c",
        "--offline", "-f", "json", *args,
    )  # fmt: skip
    return result.code, result.json(), result.stderr


@pytest.mark.slow
def test_fleet_scores_what_it_can_and_reports_the_rest(tmp_path: Path) -> None:
    score, grade, pillars = check_scores(CLEAN, tmp_path / "c")
    code, data, stderr = _fleet(tmp_path, "--jobs", "2")
    assert code == 1, stderr  # two repositories could not be scored
    repos = {r["name"]: r for r in data["repositories"]}  # type: ignore[attr-defined]
    assert [r["name"] for r in data["repositories"]] == [  # type: ignore[attr-defined]
        "lint-clean", "origin", "core-no-python", "no-such-folder", "unreachable",
    ]  # fmt: skip
    for name in ("lint-clean", "origin"):
        assert (repos[name]["score"], repos[name]["grade"]) == (score, grade)  # as `check`
        assert repos[name]["pillars"] == pillars
        assert repos[name]["change"] is None
    assert repos["origin"]["ref"] == "main"
    nothing = check_scores(FIXTURES / "core-no-python", tmp_path / "c")[0]
    assert repos["core-no-python"]["score"] == nothing
    assert repos["no-such-folder"]["status"] == "error"
    assert repos["no-such-folder"]["reason"] == (
        f"path does not exist: {tmp_path / 'no-such-folder'}"
    )
    assert repos["unreachable"]["reason"].startswith(
        "cannot clone https://127.0.0.1:1/unreachable.git: git: exited with code 128"
    )
    assert data["gate_failures"] == ["no-such-folder", "unreachable"]
    controls = data["missing_controls"]  # exact counts: tests/test_fleet_table.py
    counts = [c["repositories"] for c in controls]  # type: ignore[attr-defined]
    assert counts == sorted(counts, reverse=True)
    assert 1 <= counts[-1] <= counts[0] <= 3  # three repositories were scored
    assert {c["id"] for c in controls} >= {"ci/ci-present"}  # type: ignore[attr-defined]


@pytest.mark.slow
def test_every_run_is_stored_with_its_commit(tmp_path: Path) -> None:
    manifest, commit = fleet_manifest(tmp_path)
    score, _, pillars = check_scores(CLEAN, tmp_path / "c")
    store = tmp_path / "runs.sqlite3"
    args = ("--store", store, "--cache-dir", tmp_path / "c", "--offline", "--jobs", "1")
    assert run_cli("fleet", manifest, *args).code == 1
    second = run_cli("fleet", manifest, *args, "-f", "json")
    with RunStore(store) as db:
        runs = db.runs()
    assert len(runs) == 10
    origin = [r for r in runs if r.repository == "origin"]
    assert [(r.commit, r.ref, r.overall) for r in origin] == [(commit, "main", score)] * 2
    assert origin[0].url == f"file://{tmp_path / 'origin'}"
    assert origin[0].pillars == pillars
    report = json.loads(sqlite3.connect(store).execute("SELECT report FROM runs").fetchone()[0])
    assert report["score"] == score
    assert "commit" not in json.dumps(report["target"])  # commit stays out of the report
    repos = {r["name"]: r for r in second.json()["repositories"]}
    assert (repos["origin"]["previous_score"], repos["origin"]["change"]) == (score, 0.0)


@pytest.mark.slow
def test_markdown_csv_and_sorting(tmp_path: Path) -> None:
    manifest, _ = fleet_manifest(tmp_path)
    testing = check_scores(CLEAN, tmp_path / "c")[2]["testing"]
    args = ("--store", tmp_path / "s", "--cache-dir", tmp_path / "c", "--offline", "--jobs", "1")
    md = run_cli("fleet", manifest, *args, "-f", "markdown", "--sort", "name")
    assert md.code == 1
    lines = md.stdout.splitlines()
    assert lines[2].startswith("| # | repository | overall | grade | change | maintainability")
    assert [ln.split(" | ")[1] for ln in lines[4:9]] == [
        "core-no-python", "lint-clean", "no-such-folder", "origin", "unreachable",
    ]  # fmt: skip
    assert "- **unreachable**: cannot clone" in md.stdout
    rows = list(csv.DictReader(io.StringIO(run_cli("fleet", manifest, *args, "-f", "csv",
                                                   "--sort", "testing").stdout)))  # fmt: skip
    assert [(r["repository"], r["testing"], r["gate"]) for r in rows][:2] == [
        ("lint-clean", f"{testing:g}", "pass"), ("origin", f"{testing:g}", "pass"),
    ]  # fmt: skip
    bad = run_cli("fleet", manifest, *args, "--sort", "speed")
    assert (bad.code, "--sort 'speed': choose from overall, name" in bad.stderr) == (2, True)


@pytest.mark.slow
def test_history_after_check_store_and_fleet(tmp_path: Path) -> None:
    repo = git_repository(tmp_path)
    score = check_scores(CLEAN, tmp_path / "c")[0]
    store = tmp_path / "runs.sqlite3"
    for _ in range(2):
        result = run_cli(
            "check", repo, "--store", store, "--cache-dir", tmp_path / "c", "--offline", "-q",
            "-f", "json",
        )  # fmt: skip
        assert result.code == 0
    plain = run_cli("check", repo, "--cache-dir", tmp_path / "c", "--offline", "-q", "-f", "json")
    assert result.json()["target"] == plain.json()["target"]  # --store changes no report
    history = run_cli("history", repo, "--store", store, "-f", "json").json()
    assert history["repository"] == repo.resolve().as_posix()
    assert [(r["score"], r["ref"]) for r in history["runs"]] == [(score, "main")] * 2
    text = run_cli("history", repo, "--store", store).stdout
    assert f"{repo.resolve().as_posix()}: 2 stored run(s)" in text
    spark = sparkline([score, score])
    assert f"  overall          {spark:12} {score:g} -> {score:g} (+0.0)" in text
    unknown = run_cli("history", "nope", "--store", store)
    assert unknown.code == 2
    assert "no stored run of 'nope'" in unknown.stderr


@pytest.mark.slow
def test_badge_from_a_report_and_from_the_store(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    result = run_cli(
        "check", FIXTURES / "lint-clean", "--cache-dir", tmp_path / "c", "--offline", "-q",
        "-o", f"json:{report}", "--store", tmp_path / "s.sqlite3",
    )  # fmt: skip
    assert result.code == 0
    badge = tmp_path / "b.svg"
    assert run_cli("badge", "--report", report, "-o", badge).code == 0
    svg = badge.read_text()
    data = json.loads(report.read_text())
    assert f">{data['score']:.0f} {data['grade']}</text>" in svg
    assert f'fill="{GRADE_COLOURS[data["grade"]]}"' in svg
    assert run_cli("badge", "--store", tmp_path / "s.sqlite3", "-o", badge).code == 0
    assert badge.read_text() == svg
    bad = run_cli("badge", "--report", tmp_path / "missing.json")
    assert (bad.code, "no such file" in bad.stderr) == (2, True)


@pytest.mark.slow
def test_a_killed_fleet_run_keeps_whole_rows_and_a_rerun_completes(tmp_path: Path) -> None:
    score, _, pillars = check_scores(CLEAN, tmp_path / "c")
    names = [f"repo{i}" for i in range(6)]
    for name in names:
        git_repository(tmp_path, fixture="lint-clean", name=name)
    manifest = tmp_path / "fleet.txt"
    manifest.write_text("".join(f"{tmp_path / n}\n" for n in names), encoding="utf-8")
    store = tmp_path / "runs.sqlite3"
    argv = [
        sys.executable, "-m", "pyreadiness", "fleet", str(manifest), "--store", str(store),
        "--cache-dir", str(tmp_path / "c"), "--offline", "--jobs", "1", "-q",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYREADINESS_")}
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and stored < 2 and process.poll() is None:
        time.sleep(0.05)
        if store.exists():
            with RunStore(store) as polled:
                stored = len(polled.runs())
    process.send_signal(signal.SIGKILL)
    process.wait()
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    with RunStore(store) as run_store:
        killed = run_store.runs()
    assert 2 <= len(killed) < len(names)  # killed mid-run
    assert all(r.status == "scored" and r.overall == score for r in killed)
    assert all(r.pillars == pillars for r in killed)  # a row is whole or absent

    rerun = run_cli(*argv[3:], "-f", "json")
    assert rerun.code == 0, rerun.stderr
    with RunStore(store) as run_store:
        after = run_store.runs()
        again = {r.repository: r for r in after[len(killed) :]}
        assert set(again) == set(names)  # every repository scored, none lost
        assert after[: len(killed)] == killed  # the killed run's rows untouched
        for row in killed:  # re-scored from the cache: same score, checks served cached
            assert again[row.repository].overall == row.overall
            report = run_store.report_of(again[row.repository].id)
            assert report is not None
            assert report["timings"]["checks"]["lint"]["cached"] is True


def test_names_with_markup_are_printed_as_text(tmp_path: Path) -> None:
    from pyreadiness.fleet.scan import ScanOutcome
    from pyreadiness.fleet.table import build_row
    from pyreadiness.fleet.terminal import render_terminal

    outcome = ScanOutcome(
        name="[/][bold]x", source="/x", ref=None, commit=None, recorded_at="t",
        status="error", reason="[red]no[/]",
    )  # fmt: skip
    text = render_terminal([build_row(outcome, None)])
    assert "[/][bold]x" in text
    assert "  [/][bold]x: [red]no[/]" in text
