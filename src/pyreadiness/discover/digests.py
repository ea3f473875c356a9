"""Content facts remembered across runs, so an unchanged file is never read again.

A file's sha256 (and its count of non-blank lines) is stored in the cache folder under
its stamp: device, inode, size, modification and change times. Another run that finds
the same stamp takes the facts from here instead of reading the file: a warm run over
an unchanged repository reads no file at all. Any write to a file moves its change time
(which, unlike the modification time, cannot be set back by hand), so a changed file
never matches its old stamp.

A file written within a second before the run started is not remembered: with a coarse
file-system clock a second write in the same tick would keep the stamp and change the
content (git's "racily clean" entries). Its facts are simply computed again next time.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyreadiness.tools.cache import Cache, make_key

#: Bump when the meaning of an entry changes (the line count rule, the stamp fields).
LAYOUT = "1"
NAMESPACE = "digests"
#: Files changed this recently before the run are not remembered (see the module doc).
RACY_NS = 1_000_000_000

Stamp = tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@dataclass(frozen=True, kw_only=True)
class Facts:
    sha256: str
    source_lines: int | None = None  # non-blank lines (0 unless UTF-8 text), when counted


class DigestStore:
    """The remembered facts of one scanned root, loaded once and saved once per run."""

    def __init__(self, cache: Cache, root: Path, *, started_ns: int | None = None) -> None:
        """``started_ns``: when the run started (now by default), for the racy-file rule."""
        self._cache = cache
        self._key = make_key(NAMESPACE, LAYOUT, os.fsdecode(root.resolve()))
        self._started_ns = time.time_ns() if started_ns is None else started_ns
        self._lock = threading.Lock()
        self._changed = False
        self._entries: dict[str, tuple[Stamp, Facts]] = {}
        raw = cache.get(NAMESPACE, self._key)
        if isinstance(raw, dict):
            for rel, value in raw.items():
                entry = _decode(value)
                if entry is not None:
                    self._entries[rel] = entry

    def lookup(self, rel: str, stamp: Stamp) -> Facts | None:
        with self._lock:
            entry = self._entries.get(rel)
        if entry is None or entry[0] != stamp:
            return None
        return entry[1]

    def record(self, rel: str, stamp: Stamp, facts: Facts) -> None:
        if max(stamp[3], stamp[4]) > self._started_ns - RACY_NS:
            return  # racily clean: see the module docstring
        with self._lock:
            old = self._entries.get(rel)
            if (
                old is not None
                and facts.source_lines is None
                and old[0] == stamp
                and old[1].sha256 == facts.sha256
            ):
                return  # already known, with its line count
            if old != (stamp, facts):
                self._entries[rel] = (stamp, facts)
                self._changed = True

    def save(self, live: set[str]) -> None:
        """Write the entries of files still listed, when anything changed."""
        with self._lock:
            gone = set(self._entries) - live
            if not self._changed and not gone:
                return
            value = {
                rel: [*stamp, facts.sha256, facts.source_lines]
                for rel, (stamp, facts) in self._entries.items()
                if rel in live
            }
            self._changed = False
        self._cache.put(NAMESPACE, self._key, value)


def _decode(value: Any) -> tuple[Stamp, Facts] | None:
    """An entry as written by ``save``; None when it is anything else."""
    if not isinstance(value, list) or len(value) != 7:
        return None
    *numbers, sha, lines = value
    if not all(type(n) is int for n in numbers) or not isinstance(sha, str):
        return None
    if lines is not None and type(lines) is not int:
        return None
    dev, ino, size, mtime, ctime = numbers
    return (dev, ino, size, mtime, ctime), Facts(sha256=sha, source_lines=lines)
