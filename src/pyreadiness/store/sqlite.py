"""The run store in one SQLite file: append-only, indexed, safe for concurrent writers.

One row per repository and run in ``runs`` (who, which commit, when, the overall score,
the gate and the full JSON report) and one row per pillar and check score in ``scores``, so
a trend or a league table is a query, not a parse of every report. Rows are never updated
or deleted (triggers refuse it): a history that can be rewritten is not a history.

Parallel workers, parallel CI jobs and a fleet run killed half-way all write here. Each run
is one ``BEGIN IMMEDIATE`` transaction (its ``runs`` row and its scores together, or
nothing), under SQLite's write-ahead log with a generous busy timeout: a writer waits for
another's transaction instead of failing, and a killed writer leaves no partial row.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pyreadiness.errors import UsageError

#: A writer waits this long for another process's transaction before giving up.
BUSY_SECONDS = 60.0
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch TEXT NOT NULL,          -- one fleet invocation (or one check) shares a batch id
    repository TEXT NOT NULL,     -- the manifest's name, or the checked folder's path
    url TEXT,                     -- where it came from: git URL or local path
    commit_sha TEXT,              -- HEAD when the tree is a git checkout
    ref TEXT,                     -- branch or tag asked for / checked out
    recorded_at TEXT NOT NULL,    -- ISO 8601 UTC
    status TEXT NOT NULL,         -- 'scored' or 'error' (could not clone or scan)
    reason TEXT,                  -- why, when status is 'error'
    profile TEXT,
    overall REAL,
    grade TEXT,
    gate_passed INTEGER,          -- 1/0, NULL when not scored
    report TEXT                   -- the full JSON report
);
CREATE INDEX IF NOT EXISTS runs_by_repository ON runs (repository, id);
CREATE INDEX IF NOT EXISTS runs_by_batch ON runs (batch);
CREATE TABLE IF NOT EXISTS scores (
    run INTEGER NOT NULL REFERENCES runs (id),
    kind TEXT NOT NULL,           -- 'pillar' or 'check'
    name TEXT NOT NULL,
    score REAL,                   -- NULL: not measured (skipped or error)
    PRIMARY KEY (run, kind, name)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS runs_append_only_u BEFORE UPDATE ON runs
    BEGIN SELECT RAISE(ABORT, 'the run store is append-only'); END;
CREATE TRIGGER IF NOT EXISTS runs_append_only_d BEFORE DELETE ON runs
    BEGIN SELECT RAISE(ABORT, 'the run store is append-only'); END;
CREATE TRIGGER IF NOT EXISTS scores_append_only_u BEFORE UPDATE ON scores
    BEGIN SELECT RAISE(ABORT, 'the run store is append-only'); END;
CREATE TRIGGER IF NOT EXISTS scores_append_only_d BEFORE DELETE ON scores
    BEGIN SELECT RAISE(ABORT, 'the run store is append-only'); END;
"""


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_batch() -> str:
    """An id shared by the runs of one fleet invocation (or one ``check --store``)."""
    return f"{now_utc()}-{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True, kw_only=True)
class RunRecord:
    """One run to append (or one read back: ``id`` set, ``report`` parsed lazily)."""

    batch: str
    repository: str
    url: str | None
    commit: str | None
    ref: str | None
    recorded_at: str
    status: str
    reason: str | None = None
    report_json: str | None = None
    id: int | None = None

    @property
    def report(self) -> dict[str, Any] | None:
        return json.loads(self.report_json) if self.report_json else None


@dataclass(frozen=True, kw_only=True)
class RunSummary:
    """A stored run without its report: what trends and league tables need."""

    id: int
    batch: str
    repository: str
    url: str | None
    commit: str | None
    ref: str | None
    recorded_at: str
    status: str
    reason: str | None
    profile: str | None
    overall: float | None
    grade: str | None
    gate_passed: bool | None
    pillars: dict[str, float | None]
    checks: dict[str, float | None]


class RunStore:
    """An open store; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            # Idempotent statements: parallel first writers may all run them.
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"--store {path}: cannot open the run store: {exc}") from None

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        # IMMEDIATE takes the write lock up front: two writers never both read, then both
        # try to upgrade (SQLite would fail one of them with "database is locked").
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def append(self, record: RunRecord) -> int:
        """Store one run and its scores in one transaction; the new row's id."""
        report = record.report
        pillars, checks = _scores(report)
        with self._write():
            cursor = self._db.execute(
                "INSERT INTO runs (batch, repository, url, commit_sha, ref, recorded_at, status,"
                " reason, profile, overall, grade, gate_passed, report)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.batch,
                    record.repository,
                    record.url,
                    record.commit,
                    record.ref,
                    record.recorded_at,
                    record.status,
                    record.reason,
                    report["profile"]["id"] if report else None,
                    report["score"] if report else None,
                    report["grade"] if report else None,
                    int(report["gate"]["passed"]) if report else None,
                    record.report_json,
                ),
            )
            run_id = int(cursor.lastrowid or 0)
            self._db.executemany(
                "INSERT INTO scores (run, kind, name, score) VALUES (?, ?, ?, ?)",
                [(run_id, "pillar", k, v) for k, v in pillars.items()]
                + [(run_id, "check", k, v) for k, v in checks.items()],
            )
        return run_id

    def runs(self, repository: str | None = None, batch: str | None = None) -> list[RunSummary]:
        """Stored runs, oldest first, optionally of one repository or one batch."""
        sql = (
            "SELECT id, batch, repository, url, commit_sha, ref, recorded_at, status, reason,"
            " profile, overall, grade, gate_passed FROM runs"
            " WHERE (?1 IS NULL OR repository = ?1) AND (?2 IS NULL OR batch = ?2) ORDER BY id"
        )
        args = (repository, batch)
        rows = self._db.execute(sql, args).fetchall()
        scores: dict[int, dict[str, dict[str, float | None]]] = {}
        if rows:
            ids = json.dumps([r[0] for r in rows])
            for run, kind, name, score in self._db.execute(
                "SELECT run, kind, name, score FROM scores"
                " WHERE run IN (SELECT value FROM json_each(?))",
                (ids,),
            ):
                scores.setdefault(run, {}).setdefault(kind, {})[name] = score
        return [
            RunSummary(
                id=r[0],
                batch=r[1],
                repository=r[2],
                url=r[3],
                commit=r[4],
                ref=r[5],
                recorded_at=r[6],
                status=r[7],
                reason=r[8],
                profile=r[9],
                overall=r[10],
                grade=r[11],
                gate_passed=None if r[12] is None else bool(r[12]),
                pillars=dict(sorted(scores.get(r[0], {}).get("pillar", {}).items())),
                checks=dict(sorted(scores.get(r[0], {}).get("check", {}).items())),
            )
            for r in rows
        ]

    def report_of(self, run_id: int) -> dict[str, Any] | None:
        row = self._db.execute("SELECT report FROM runs WHERE id = ?", (run_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def last_scored(self, repository: str | None = None) -> RunSummary | None:
        """The newest scored run (of ``repository`` when given)."""
        row = self._db.execute(
            "SELECT repository FROM runs WHERE status = 'scored'"
            " AND (?1 IS NULL OR repository = ?1) ORDER BY id DESC LIMIT 1",
            (repository,),
        ).fetchone()
        if row is None:
            return None
        return next(r for r in reversed(self.runs(row[0])) if r.status == "scored")

    def repositories(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT repository FROM runs")]


def _scores(report: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    if report is None:
        return {}, {}
    pillars = {p["id"]: p["score"] for p in report.get("pillars", [])}
    checks = {c["id"]: c["score"] for c in report.get("checks", [])}
    return pillars, checks


def open_store(path: Path) -> RunStore:
    if path.exists() and path.is_dir():
        raise UsageError(f"--store {path}: is a folder (give a file, e.g. runs.sqlite3)")
    return RunStore(path)
