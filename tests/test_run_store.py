"""The run store: rows and scores, append-only, safe under concurrent writer processes."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from pyreadiness.errors import UsageError
from pyreadiness.store.gitinfo import read_git_info
from pyreadiness.store.sqlite import RunRecord, RunStore, open_store
from tests.fleet_tools import git


def _report(score: float, *, passed: bool = True) -> str:
    return json.dumps(
        {
            "profile": {"id": "library"},
            "score": score,
            "grade": "B",
            "gate": {"passed": passed, "reasons": []},
            "pillars": [{"id": "testing", "score": score}, {"id": "security", "score": None}],
            "checks": [{"id": "tests", "score": score}, {"id": "security", "score": None}],
            "findings": [],
        }
    )


def _record(name: str, score: float, batch: str = "b1") -> RunRecord:
    return RunRecord(
        batch=batch,
        repository=name,
        url=f"/src/{name}",
        commit="a" * 40,
        ref="main",
        recorded_at="2026-01-01T00:00:00+00:00",
        status="scored",
        report_json=_report(score),
    )


def test_a_run_and_its_scores_read_back(tmp_path: Path) -> None:
    with RunStore(tmp_path / "runs.sqlite3") as store:
        first = store.append(_record("alpha", 80.0))
        store.append(_record("alpha", 85.0, batch="b2"))
        store.append(
            RunRecord(
                batch="b2",
                repository="beta",
                url="https://example.invalid/beta.git",
                commit=None,
                ref=None,
                recorded_at="2026-01-02T00:00:00+00:00",
                status="error",
                reason="cannot clone",
            )
        )
        runs = store.runs("alpha")
        assert [r.overall for r in runs] == [80.0, 85.0]
        assert runs[0].pillars == {"security": None, "testing": 80.0}
        assert runs[0].checks == {"security": None, "tests": 80.0}
        assert runs[0].gate_passed is True
        assert runs[0].profile == "library"
        assert [r.repository for r in store.runs(batch="b2")] == ["alpha", "beta"]
        beta = store.runs("beta")[0]
        assert (beta.status, beta.reason, beta.overall, beta.pillars) == (
            "error",
            "cannot clone",
            None,
            {},
        )
        assert store.report_of(first) == json.loads(_report(80.0))
        last = store.last_scored()
        assert last is not None
        assert (last.repository, last.overall) == ("alpha", 85.0)


def test_the_store_is_append_only(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite3"
    with RunStore(path) as store:
        store.append(_record("alpha", 80.0))
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE runs SET overall = 100")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM scores")
    db.close()


def test_a_folder_as_store_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder"):
        open_store(tmp_path)


def _writer(path: str, worker: int, count: int) -> None:
    with RunStore(Path(path)) as store:
        for i in range(count):
            store.append(_record(f"repo-{worker}", float(i), batch=f"w{worker}"))


def test_concurrent_writer_processes_lose_and_corrupt_nothing(tmp_path: Path) -> None:
    path = tmp_path / "runs.sqlite3"
    workers, each = 4, 40
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_writer, args=(str(path), w, each)) for w in range(workers)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=120)
        assert p.exitcode == 0
    with RunStore(path) as store:
        runs = store.runs()
        assert len(runs) == workers * each
        for w in range(workers):
            mine = [r.overall for r in runs if r.repository == f"repo-{w}"]
            assert mine == [float(i) for i in range(each)]  # in order, none lost
        assert all(r.pillars == {"security": None, "testing": r.overall} for r in runs)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT COUNT(*) FROM scores").fetchone() == (workers * each * 4,)
    db.close()


def test_git_info_is_read_from_files(tmp_path: Path) -> None:
    git("init", "-q", "-b", "trunk", cwd=tmp_path)
    assert read_git_info(tmp_path).commit is None  # no commit yet
    (tmp_path / "a.py").write_text("x = 1\n")
    git("add", "a.py", cwd=tmp_path)
    git("commit", "-qm", "one", cwd=tmp_path)
    head = git("rev-parse", "HEAD", cwd=tmp_path)
    assert read_git_info(tmp_path) == type(read_git_info(tmp_path))(commit=head, ref="trunk")
    git("pack-refs", "--all", cwd=tmp_path)  # the ref now lives in packed-refs only
    assert read_git_info(tmp_path).commit == head
    git("checkout", "-q", "--detach", cwd=tmp_path)
    info = read_git_info(tmp_path)
    assert (info.commit, info.ref) == (head, None)
    assert read_git_info(tmp_path / "nowhere").commit is None
