"""Look after the cache: what it holds (``cache info``), emptying it (``cache clean``) and
eviction when a run writes to it.

Limits (docs/architecture.md, README): an entry written more than :data:`MAX_AGE_DAYS` ago
is dropped, and when the database holds more than :data:`MAX_BYTES` the oldest entries go
until it holds :data:`TARGET_SHARE` of that. Age counts from an entry's last write (the
``stored`` column): a hit does not rewrite it (a write per hit would slow every warm run),
so an entry still in use may be dropped after 30 days and is recomputed once. Tools' own
caches (``tools/``) are dropped by ``cache clean`` only.
"""

from __future__ import annotations

import contextlib
import datetime
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from pyreadiness.tools.cache import DATABASE

MAX_AGE_DAYS = 30
MAX_BYTES = 1024**3  # 1 GiB
#: After a size eviction the database holds at most this share of MAX_BYTES, so that the
#: next few runs do not evict again at once.
TARGET_SHARE = 0.8
_DAY = 86_400


@dataclass(frozen=True, kw_only=True)
class CacheInfo:
    location: Path
    size: int  # bytes on disk, database and tools' folders
    entries: int
    oldest: int | None  # unix time of the oldest entry's last write
    newest: int | None

    def lines(self) -> list[str]:
        return [
            f"location: {self.location}",
            f"size: {_human(self.size)} ({self.size} bytes)",
            f"entries: {self.entries}",
            f"oldest: {_when(self.oldest)}",
            f"newest: {_when(self.newest)}",
            f"limits: entries older than {MAX_AGE_DAYS} days and beyond "
            f"{_human(MAX_BYTES)} (oldest first) are evicted when a run writes",
        ]


def info(directory: Path) -> CacheInfo:
    entries, oldest, newest = 0, None, None
    db = _open_existing(directory)
    if db is not None:
        with contextlib.closing(db), contextlib.suppress(sqlite3.Error):
            entries, oldest, newest = db.execute(
                "SELECT COUNT(*), MIN(stored), MAX(stored) FROM entries"
            ).fetchone()
    size = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    return CacheInfo(location=directory, size=size, entries=entries, oldest=oldest, newest=newest)


def clean(directory: Path, older_than_days: float | None = None) -> int:
    """Remove every entry (and tools' caches), or those last written before the cutoff.
    Returns how many entries went."""
    if older_than_days is None:
        removed = info(directory).entries
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                (directory / (DATABASE + suffix)).unlink()
        shutil.rmtree(directory / "tools", ignore_errors=True)
        return removed
    db = _open_existing(directory)
    if db is None:
        return 0
    cutoff = time.time() - older_than_days * _DAY
    with contextlib.closing(db):
        removed = db.execute("DELETE FROM entries WHERE stored < ?", (cutoff,)).rowcount
        db.execute("VACUUM")
    return max(removed, 0)


def evict(
    db: sqlite3.Connection,
    *,
    now: float,
    max_age_days: float = MAX_AGE_DAYS,
    max_bytes: int = MAX_BYTES,
) -> None:
    """Drop entries past the age limit, then the oldest while over the size limit."""
    db.execute("DELETE FROM entries WHERE stored < ?", (now - max_age_days * _DAY,))
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    used = (pages - free) * page_size
    if used <= max_bytes:
        return
    (count,) = db.execute("SELECT COUNT(*) FROM entries").fetchone()
    drop = count - int(count * TARGET_SHARE * max_bytes / used)
    db.execute(
        "DELETE FROM entries WHERE (namespace, key) IN "
        "(SELECT namespace, key FROM entries ORDER BY stored, namespace, key LIMIT ?)",
        (max(drop, 1),),
    )


def _open_existing(directory: Path) -> sqlite3.Connection | None:
    path = directory / DATABASE
    if not path.is_file():
        return None
    try:
        return sqlite3.connect(path, timeout=10, isolation_level=None)
    except sqlite3.Error:
        return None


def _human(size: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"  # pragma: no cover - the loop returns


def _when(stamp: int | None) -> str:
    if stamp is None:
        return "-"
    moment = datetime.datetime.fromtimestamp(stamp, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")
