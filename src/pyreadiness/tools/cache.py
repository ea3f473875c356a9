"""A content-addressed cache in the user cache directory (or ``--cache-dir``).

Keys are sha256 digests of everything a result depends on: checker id and version, tool
version, effective configuration and the content hashes of the files read. Values are JSON.
Nothing is ever written into the scanned repository; tools' own caches (mypy's incremental
cache, ruff's) are pointed at folders under here too.

Entries live in one SQLite database (``results.sqlite3``), not a file each. A cold run
stores ~1,000 small entries (per-file results of ruff, bandit, the annotation and secret
scans): as files, each cost a create, a write, a rename and often a folder, ~0.25 ms of
kernel time apiece here and a release of the interpreter lock per system call, which
stalled the checkers' own threads behind each other (bench: ~1.5 s of the cold run's CPU
on a 50k-line repository). Writes are buffered and stored in one transaction per checker
(``flush``); SQLite's write-ahead log lets parallel runs sharing the cache read while one
writes. A cache that cannot be opened or written only costs speed: it is never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import platformdirs

#: Bump to orphan every entry written by an older cache layout.
CACHE_LAYOUT = "1"
DATABASE = "results.sqlite3"
#: Buffered entries written at once when a checker produces this many before it finishes.
FLUSH_AT = 2000
#: How long a write waits for another process's transaction on the same cache. A wait that
#: runs out makes the cache unusable for the rest of the run: one wait at most, never one
#: per lookup (a database held locked by another process once turned 3 s into 71 s).
BUSY_SECONDS = 5.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    stored INTEGER NOT NULL,  -- unix time of the last write, for eviction
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID
"""
# The keys of one lookup, as a JSON array: one statement, whatever the number of keys.
_SELECT_MANY = (
    "SELECT key, value FROM entries WHERE namespace = ? AND key IN (SELECT value FROM json_each(?))"
)
_SELECT_ONE = "SELECT key, value FROM entries WHERE namespace = ? AND key = ?"


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("pyreadiness", appauthor=False))


def make_key(*parts: str) -> str:
    h = hashlib.sha256(CACHE_LAYOUT.encode())
    for part in parts:
        h.update(b"\0")
        h.update(part.encode("utf-8", "surrogateescape"))
    return h.hexdigest()


class Cache:
    """JSON values by (namespace, key), plus private scratch folders for tools.

    Thread-safe: checkers share one cache. ``put`` buffers; ``get`` sees buffered entries;
    ``flush`` stores them (the engine calls it after each checker, the pipeline at the
    end; dropping the last reference flushes too). A disabled cache still hands out tool
    folders (in a temporary directory) so tools never fall back to writing caches into
    the scanned tree.
    """

    def __init__(self, directory: Path | None, *, enabled: bool = True) -> None:
        self.enabled = enabled and directory is not None
        if directory is None or not enabled:
            self._tmp = tempfile.TemporaryDirectory(prefix="pyreadiness-")
            directory = Path(self._tmp.name)
        self.directory = directory
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str], str] = {}
        self._db: sqlite3.Connection | None = None
        self._unusable = False  # could not be opened: run on without it
        self._wrote = False  # evict (cache_admin.evict) when closing after a write
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        #: Why the cache could not be used, for a one-line note; None while it works.
        self.problem: str | None = None

    def get(self, namespace: str, key: str) -> Any | None:
        return self.get_many(namespace, [key]).get(key)

    def get_many(self, namespace: str, keys: Iterable[str]) -> dict[str, Any]:
        """The stored values of those ``keys`` that have one (one query, not one per key)."""
        if not self.enabled:
            return {}
        found: dict[str, str] = {}
        with self._lock:
            wanted = []
            for key in dict.fromkeys(keys):
                text = self._pending.get((namespace, key))
                if text is None:
                    wanted.append(key)
                else:
                    found[key] = text
            db = self._connect() if wanted else None
            if db is not None:
                # Locked beyond the timeout, or damaged: then these are misses.
                try:
                    found.update(_select(db, namespace, wanted))
                except sqlite3.Error as exc:
                    self._give_up(exc)
        out = {}
        for key, text in found.items():
            try:
                out[key] = json.loads(text)
            except ValueError:
                continue
        return out

    def get_each(self, namespace: str, keys: Mapping[str, str]) -> dict[str, Any]:
        """``keys`` maps names (file paths) to keys: the stored value of each name that has
        one, in one query."""
        stored = self.get_many(namespace, keys.values())
        return {name: stored[key] for name, key in keys.items() if key in stored}

    def put(self, namespace: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        text = json.dumps(value, sort_keys=True, separators=(",", ":"))
        with self._lock:
            self._pending[(namespace, key)] = text
            if len(self._pending) >= FLUSH_AT:
                self._flush_locked()

    def flush(self) -> None:
        """Store every buffered entry, in one transaction."""
        with self._lock:
            self._flush_locked()

    def close(self) -> None:
        with self._lock:
            self._flush_locked()
            if self._wrote and self._db is not None:
                self._evict_locked(self._db)
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None
            # A throwaway cache (no folder, or disabled) is removed now rather than at
            # garbage collection, which warns about it.
            tmp = getattr(self, "_tmp", None)
            if tmp is not None:
                tmp.cleanup()

    def __del__(self) -> None:
        # A safety net for callers that never flush (a checker run by hand in a test).
        with contextlib.suppress(Exception):
            self.close()

    def entries(self, namespace: str) -> Iterator[tuple[str, Any]]:
        """Every stored (key, value) of ``namespace``, buffered ones included, by key."""
        self.flush()
        with self._lock:
            db = self._connect()
            rows = []
            if db is not None:
                with contextlib.suppress(sqlite3.Error):
                    rows = db.execute(
                        "SELECT key, value FROM entries WHERE namespace = ? ORDER BY key",
                        (namespace,),
                    ).fetchall()
        for key, text in rows:
            yield key, json.loads(text)

    def tool_dir(self, name: str) -> Path:
        """A persistent folder a tool may use as its own cache; a temporary one when the
        cache folder cannot hold it (read-only, a file, ``tools`` a file)."""
        path = self.directory / "tools" / name
        try:
            path.mkdir(parents=True, exist_ok=True)
            if os.access(path, os.W_OK | os.X_OK):
                return path
            problem = f"cannot write {path}"
        except OSError as exc:
            problem = f"cannot create {path}: {exc.strerror or exc}"
        with self._lock:
            if self.problem is None:
                self.problem = problem
            if self._scratch is None:
                self._scratch = tempfile.TemporaryDirectory(prefix="pyreadiness-tools-")
            scratch = Path(self._scratch.name) / name
        scratch.mkdir(parents=True, exist_ok=True)
        return scratch

    def _give_up(self, exc: BaseException) -> None:
        """Stop using the database for this run (called with the lock held)."""
        if self.problem is None:
            self.problem = f"cannot use {self.directory / DATABASE}: {exc}"
        self._unusable = True
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _flush_locked(self) -> None:
        if not self._pending:
            return
        now = int(time.time())
        rows = [(ns, key, text, now) for (ns, key), text in sorted(self._pending.items())]
        self._pending.clear()
        db = self._connect()
        if db is None:
            return
        try:
            # IMMEDIATE takes the write lock up front, so two runs sharing the cache wait
            # for each other (busy timeout) instead of failing to upgrade a read lock.
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            self._wrote = True
        except sqlite3.Error as exc:
            self._give_up(exc)  # a cache that cannot be written only costs speed

    def _evict_locked(self, db: sqlite3.Connection) -> None:
        from pyreadiness.tools.cache_admin import evict  # it builds on this module

        self._wrote = False
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                evict(db, now=time.time())
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error:
            pass  # eviction is housekeeping: never an error

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._unusable:
            return self._db
        path = self.directory / DATABASE
        for attempt in (1, 2):
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                self._db = _open(path)
                return self._db
            except sqlite3.DatabaseError as exc:
                if attempt == 1 and _is_damaged(exc):
                    _remove_database(path)  # ours, and worthless: start afresh
                    continue
                self._give_up(exc)
                break
            except OSError as exc:
                self._give_up(exc)
                break
        self._unusable = True
        return None


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    try:
        # WAL: readers never wait for a writer; NORMAL: no fsync per transaction (a cache
        # may lose its last writes in a power cut, never its consistency).
        try:
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise  # held by another process: one wait was enough
            # else e.g. a network file system without shared memory: a rollback journal
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute(_SCHEMA)
    except BaseException:
        db.close()
        raise
    return db


def _select(db: sqlite3.Connection, namespace: str, keys: list[str]) -> list[tuple[str, str]]:
    if len(keys) > 1:
        try:
            return db.execute(_SELECT_MANY, (namespace, json.dumps(keys))).fetchall()
        except sqlite3.OperationalError as exc:
            if "json_each" not in str(exc):
                raise
            # An SQLite built without its JSON functions: one statement per key.
    rows = []
    for key in keys:
        rows.extend(db.execute(_SELECT_ONE, (namespace, key)).fetchall())
    return rows


def _is_damaged(exc: sqlite3.DatabaseError) -> bool:
    """Not a database, or a corrupt one: as opposed to locked, read-only or out of space."""
    return not isinstance(exc, sqlite3.OperationalError) or "malformed" in str(exc)


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()
