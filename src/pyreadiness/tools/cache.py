"""A content-addressed cache in the user cache directory (or ``--cache-dir``).

Keys are sha256 digests of everything a result depends on: checker id and version, tool
version, effective configuration and the content hashes of the files read. Values are JSON.
Nothing is ever written into the scanned repository; tools' own caches (mypy's incremental
cache, ruff's) are pointed at folders under here too.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

#: Bump to orphan every entry written by an older cache layout.
CACHE_LAYOUT = "1"


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("pyreadiness", appauthor=False))


def make_key(*parts: str) -> str:
    h = hashlib.sha256(CACHE_LAYOUT.encode())
    for part in parts:
        h.update(b"\0")
        h.update(part.encode("utf-8", "surrogateescape"))
    return h.hexdigest()


class Cache:
    """JSON values by key, plus private scratch folders for tools.

    A disabled cache still hands out tool folders (in a temporary directory) so tools never
    fall back to writing caches into the scanned tree.
    """

    def __init__(self, directory: Path | None, *, enabled: bool = True) -> None:
        self.enabled = enabled and directory is not None
        if directory is None or not enabled:
            self._tmp = tempfile.TemporaryDirectory(prefix="pyreadiness-")
            directory = Path(self._tmp.name)
        self.directory = directory
        self._made: set[Path] = set()  # folders known to exist: one mkdir each per run
        self._tmp_names = itertools.count()  # next() on a count is atomic under the GIL

    def get(self, namespace: str, key: str) -> Any | None:
        if not self.enabled:
            return None
        path = self._path(namespace, key)
        try:
            with path.open("r", encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError):
            return None

    def put(self, namespace: str, key: str, value: Any) -> None:
        if not self.enabled:
            return
        path = self._path(namespace, key)
        data = json.dumps(value, sort_keys=True, separators=(",", ":")).encode("utf-8")
        # Unique among processes (pid) and threads (counter): no random names, no retries.
        tmp = path.with_name(f".tmp-{os.getpid()}-{next(self._tmp_names)}")
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            tmp.replace(path)  # atomic: parallel runs never see half a file
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()  # a cache that cannot be written only costs speed

    def tool_dir(self, name: str) -> Path:
        """A persistent folder a tool may use as its own cache."""
        path = self.directory / "tools" / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _path(self, namespace: str, key: str) -> Path:
        return self.directory / "results" / namespace / key[:2] / f"{key}.json"
