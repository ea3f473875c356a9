"""The inventory: the repository's file set, classified once, read through one place.

Checkers never walk the disk: they ask the inventory for files of a kind and read them
through it, so content is read (and hashed) once per run whatever the number of checkers.
Hashing alone does not keep a file's bytes (cache keys cover every test file, which only
tools read), and with a :class:`~pyreadiness.discover.digests.DigestStore` the hash and line
count of a file unchanged since an earlier run are not even read again.
"""

from __future__ import annotations

import configparser
import hashlib
import os
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from pyreadiness.discover.bounded import TooDeep, loads_toml
from pyreadiness.discover.classify import FileKind, classify
from pyreadiness.discover.digests import DigestStore, Facts, Stamp, stamp_of
from pyreadiness.discover.exclude import DEFAULT_EXCLUDE, exclude_paths
from pyreadiness.discover.files import is_within, list_files

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: Files larger than this are listed but never read (minified bundles, data dumps); Python
#: and configuration files larger than this are left out of every check, with a finding.
MAX_READ_BYTES = 5 * 1024 * 1024
#: Python files with a line longer than this are left out of every check, with a finding:
#: bandit's work on a line of string literals grows with the square of its length (a
#: 140 kB table took 3.5 s; a 10 MB line stalls it for its whole timeout). The longest
#: line of real code we met is ~20 kB (generated tables); 100 kB leaves room for those.
MAX_LINE_BYTES = 100_000
#: The kinds of file checkers read or hand to tools: the ones the two limits apply to.
_ANALYSED = frozenset(
    {FileKind.SOURCE, FileKind.TEST, FileKind.STUB, FileKind.AUX, FileKind.CONFIG}
)
_PYTHON = frozenset({FileKind.SOURCE, FileKind.TEST, FileKind.STUB, FileKind.AUX})


#: The file each thread read last: when a checker crashes on the repository's content, its
#: error names the file it was reading (the engine runs each checker in its own thread).
_READING = threading.local()


def last_file_read() -> str | None:
    """The file the calling thread read last through any inventory (None: none since reset)."""
    path: str | None = getattr(_READING, "path", None)
    return path


def forget_last_file_read() -> None:
    _READING.path = None


@dataclass(frozen=True, kw_only=True)
class RepoFile:
    path: str  # relative to the root, forward slashes
    kind: FileKind
    size: int


@dataclass(frozen=True, kw_only=True)
class TomlDoc:
    """A parsed TOML file, or why it could not be parsed (a finding, not a crash)."""

    path: str
    data: dict[str, Any] | None
    error: str | None = None
    line: int | None = None


@dataclass(frozen=True, kw_only=True)
class ProjectScope:
    """A sub-project of a monorepo seen from its own folder (discover/subproject.py)."""

    path: str  # the project's folder, relative to the repository root ("." for the root)
    others: tuple[str, ...]  # the other projects' folders, for attributing shared CI
    #: Test modules of the root's folder that import this project's packages, visible at
    #: the same path (kind ``config``: never handed to a tool); the tests check counts them.
    tests_from_root: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Inventory:
    root: Path
    files: tuple[RepoFile, ...]
    listed_by: str  # "git" or "walk"
    problems: tuple[tuple[str, str], ...] = ()  # (path, problem) met while listing
    #: Files read from elsewhere than ``root / path``: a sub-project's view of the shared
    #: files at its repository's root (CI, task runners, tool configuration).
    origins: Mapping[str, Path] = field(default_factory=dict, repr=False, compare=False)
    #: Set when this inventory is one sub-project of a monorepo.
    scope: ProjectScope | None = None
    #: (path, rule, why) of files left out because they pass a size bound
    oversized: tuple[tuple[str, str, str], ...] = ()
    #: Files git lists inside set-aside folders (``__pycache__``, ``dist``...): never read.
    set_aside: tuple[str, ...] = ()
    #: Each file's stat stamp when listed, and where facts of earlier runs are remembered.
    stamps: Mapping[str, Stamp] = field(default_factory=dict, repr=False, compare=False)
    digest_store: DigestStore | None = field(default=None, repr=False, compare=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _sloc_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    # -- queries ---------------------------------------------------------------------------
    def of_kind(self, *kinds: FileKind) -> tuple[RepoFile, ...]:
        return tuple(f for f in self.files if f.kind in kinds)

    def paths(self, *kinds: FileKind) -> tuple[str, ...]:
        return tuple(f.path for f in self.of_kind(*kinds))

    def has(self, rel: str) -> bool:
        return rel in self._index()

    def tests_from_root(self) -> tuple[str, ...]:
        """In a monorepo member, the root folder's test modules that import it and are
        still listed (``ProjectScope.tests_from_root``); elsewhere none."""
        borrowed = self.scope.tests_from_root if self.scope else ()
        return tuple(p for p in borrowed if self.has(p))

    def python_test_files(self) -> tuple[str, ...]:
        """Test modules: the ``.py`` files of kind test, and ``tests_from_root()``."""
        own = tuple(p for p in self.paths(FileKind.TEST) if p.endswith(".py"))
        return own + tuple(p for p in self.tests_from_root() if p not in own)

    def get(self, rel: str) -> RepoFile | None:
        return self._index().get(rel)

    def matching(self, pattern: str) -> tuple[str, ...]:
        """Paths matching a glob (fnmatch, where ``*`` also crosses folders)."""
        return tuple(f.path for f in self.files if fnmatch(f.path, pattern))

    def _index(self) -> dict[str, RepoFile]:
        with self._lock:
            idx: dict[str, RepoFile] | None = self._memo.get("__index__")
            if idx is None:
                idx = {f.path: f for f in self.files}
                self._memo["__index__"] = idx
            return idx

    def excluding(self, paths: Iterable[str]) -> Inventory:
        """The same inventory minus ``paths`` (see discover/exclude.py)."""
        gone = set(paths)
        if not gone:
            return self
        kept = tuple(f for f in self.files if f.path not in gone)
        narrowed = Inventory(
            root=self.root,
            files=kept,
            listed_by=self.listed_by,
            problems=self.problems,
            origins=self.origins,
            scope=self.scope,
            oversized=tuple(o for o in self.oversized if o[0] not in gone),
            set_aside=tuple(p for p in self.set_aside if p not in gone),
            stamps=self.stamps,
            digest_store=self.digest_store,
        )
        # Parsed TOML is kept: a sub-project's pyproject.toml is its merged view, not the file.
        with self._lock:
            toml_docs = {k: v for k, v in self._memo.items() if k.startswith("t:")}
        narrowed._memo.update(toml_docs)
        return narrowed

    # -- content -----------------------------------------------------------------------------
    def read_bytes(self, rel: str) -> bytes | None:
        """The file's bytes, or None when unreadable or too large.

        Not kept: several checkers read the same sources, but from the page cache a second
        read costs ~1 ms per MB, while holding every file read for the whole run cost
        ~8 MB of memory on sqlalchemy, beside mypy at its peak. Parsed configuration
        (``toml``, ``ini``) is kept.
        """
        _READING.path = rel
        info = self.get(rel)
        if info is not None and info.size > MAX_READ_BYTES:
            return None
        # A link inside the repository (README.md -> docs/index.md) is read at its target,
        # which must still resolve inside the root (a shared file of a monorepo's project:
        # inside the repository's root, where it lives).
        origin = self.origins.get(rel)
        base = self.root if origin is None else _repository_of(origin, rel)
        target = os.path.realpath(self.root / rel if origin is None else origin)
        if not is_within(os.path.realpath(base), target):
            return None
        return read_regular_file(Path(target), MAX_READ_BYTES)

    def _remembered(self, rel: str) -> Facts | None:
        stamp = self.stamps.get(rel)
        if self.digest_store is None or stamp is None:
            return None
        return self.digest_store.lookup(rel, stamp)

    def _remember(self, rel: str, facts: Facts) -> None:
        stamp = self.stamps.get(rel)
        if self.digest_store is not None and stamp is not None:
            self.digest_store.record(rel, stamp, facts)

    def read_text(self, rel: str) -> str | None:
        """UTF-8 text (BOM allowed), or None when unreadable, binary or not UTF-8."""
        data = self.read_bytes(rel)
        if data is None or b"\0" in data[:8192]:
            return None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None

    def content_keys(
        self, rels: Iterable[str], key_for: Callable[[str, str], str]
    ) -> dict[str, str]:
        """A cache key per file, ``key_for(rel, digest)``, for the files whose content can
        key one (an unreadable or too large file has no digest)."""
        keys = {}
        for rel in rels:
            digest = self.digest(rel)
            if digest != "-":
                keys[rel] = key_for(rel, digest)
        return keys

    def digest(self, rel: str) -> str:
        """sha256 of the content ("-" when unreadable): the unit of content-addressed caching."""
        key = "d:" + rel
        with self._lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[no-any-return]
        facts = self._remembered(rel)
        if facts is not None:
            sha = facts.sha256
        else:
            data = self.read_bytes(rel)
            sha = "-" if data is None else hashlib.sha256(data).hexdigest()
            if data is not None:
                self._remember(rel, Facts(sha256=sha))
        with self._lock:
            self._memo[key] = sha
        return sha

    def fingerprint(self, rels: Iterable[str]) -> str:
        h = hashlib.sha256()
        for rel in sorted(set(rels)):
            h.update(rel.encode("utf-8", "surrogateescape"))
            h.update(b"\0")
            h.update(self.digest(rel).encode())
            h.update(b"\n")
        return h.hexdigest()

    def toml(self, rel: str) -> TomlDoc | None:
        """Parse a TOML file of the repository; None when it does not exist."""
        if not self.has(rel):
            return None
        key = "t:" + rel
        with self._lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[no-any-return]
        text = self.read_text(rel)
        if text is None:
            doc = TomlDoc(path=rel, data=None, error="not readable as UTF-8 text")
        else:
            try:
                doc = TomlDoc(path=rel, data=loads_toml(text))
            except tomllib.TOMLDecodeError as exc:
                doc = TomlDoc(path=rel, data=None, error=str(exc), line=_toml_error_line(exc))
            except TooDeep as exc:
                doc = TomlDoc(path=rel, data=None, error=str(exc))
        with self._lock:
            self._memo[key] = doc
        return doc

    def ini(self, rel: str) -> configparser.ConfigParser | None:
        """Parse an INI-style file (setup.cfg, tox.ini, pytest.ini); None if absent or broken."""
        if not self.has(rel):
            return None
        text = self.read_text(rel)
        if text is None:
            return None
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text, source=rel)
        except configparser.Error:
            return None
        return parser

    # -- size ----------------------------------------------------------------------------------
    def source_lines(self) -> int:
        """Non-blank lines of shipped Python source: the denominator of every per-KLOC metric."""
        key = "__sloc__"
        # Counted once: checkers running at the same time wait for the count, not redo it.
        with self._sloc_lock:
            with self._lock:
                if key in self._memo:
                    return self._memo[key]  # type: ignore[no-any-return]
            total = sum(self._source_lines(f.path) for f in self.of_kind(FileKind.SOURCE))
            with self._lock:
                self._memo[key] = total
            return total

    def _source_lines(self, rel: str) -> int:
        facts = self._remembered(rel)
        if facts is not None and facts.source_lines is not None:
            return facts.source_lines
        data = self.read_bytes(rel)
        if data is None:
            return 0
        lines = _non_blank_lines(data)
        self._remember(rel, Facts(sha256=hashlib.sha256(data).hexdigest(), source_lines=lines))
        return lines


def read_regular_file(path: Path, limit: int) -> bytes | None:
    """The bytes of ``path`` if it is still a regular file of at most ``limit`` bytes.

    Listing checked all this once; the file may have changed since (a link swapped in, a
    FIFO in place of a file). ``O_NOFOLLOW`` refuses a symlink as the last part, and
    ``O_NONBLOCK`` makes opening a FIFO return at once; ``fstat`` then checks what was
    opened, and no more than ``limit`` bytes are ever read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        return None if len(data) > limit else data
    except OSError:
        return None
    finally:
        os.close(fd)


def _repository_of(origin: Path, rel: str) -> Path:
    """The root a shared file ``rel`` was read from (``origin`` is that root / rel)."""
    base = origin
    for _ in rel.split("/"):
        base = base.parent
    return base


def _non_blank_lines(data: bytes) -> int:
    """Non-blank lines of UTF-8 text; 0 for binary or undecodable content (as read_text)."""
    if b"\0" in data[:8192]:
        return 0
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return 0
    return sum(1 for line in text.splitlines() if line.strip())


def _toml_error_line(exc: Exception) -> int | None:
    lineno = getattr(exc, "lineno", None)  # Python 3.14+ carries it
    if isinstance(lineno, int):
        return lineno
    text = str(exc)
    marker = "(at line "
    if marker in text:
        digits = text.split(marker, 1)[1].split(",", 1)[0].rstrip(")")
        if digits.isdigit():
            return int(digits)
    return None


def build_inventory(
    root: Path, *, digest_store: DigestStore | None = None, default_exclude: bool = True
) -> Inventory:
    """List and classify the files under root (the user's excludes: ``Inventory.excluding``).

    With ``digest_store``, files unchanged since an earlier run are hashed from memory.
    ``default_exclude`` leaves out vendored folders (``exclude.DEFAULT_EXCLUDE``); the
    pipeline lists everything and applies the repository's ``exclude`` instead.
    """
    listing = list_files(root)
    gone = (
        set(exclude_paths(listing.paths, DEFAULT_EXCLUDE, ()).left_out) if default_exclude else ()
    )
    kept = [p for p in listing.paths if p not in gone]
    probe = Inventory(
        root=root,
        files=tuple(RepoFile(path=p, kind=FileKind.OTHER, size=0) for p in kept),
        listed_by=listing.source,
    )
    test_globs = _pytest_test_globs(probe)
    files = []
    stamps: dict[str, Stamp] = {}
    oversized: list[tuple[str, str, str]] = []
    for rel in kept:
        try:
            st = (root / rel).stat()
        except OSError:
            size = 0
        else:
            size = st.st_size
            stamps[rel] = stamp_of(st)
        kind = classify(rel, test_globs)
        bound = _past_bounds(root, rel, kind, size)
        if bound is not None:
            oversized.append((rel, *bound))
            continue
        files.append(RepoFile(path=rel, kind=kind, size=size))
    inventory = Inventory(
        root=root,
        files=tuple(files),
        listed_by=listing.source,
        problems=listing.problems,
        oversized=tuple(oversized),
        set_aside=listing.set_aside,
        stamps=stamps,
        digest_store=digest_store,
    )
    # The configuration files the probe already read and parsed are not read again.
    inventory._memo.update(
        (key, value) for key, value in probe._memo.items() if key.startswith(("b:", "t:"))
    )
    return inventory


def _past_bounds(root: Path, rel: str, kind: FileKind, size: int) -> tuple[str, str] | None:
    """(rule, why) when a file checkers would analyse is too large or has a too long line."""
    if kind not in _ANALYSED:
        return None
    if size > MAX_READ_BYTES:
        return (
            "discovery/too-large",
            f"{size:,} bytes, more than the {MAX_READ_BYTES:,} analysed: left out of every check",
        )
    if kind not in _PYTHON or size <= MAX_LINE_BYTES:
        return None  # a file no longer than the bound cannot hold a longer line
    data = read_regular_file(root / rel, MAX_READ_BYTES)
    if data is None:
        return None
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - start > MAX_LINE_BYTES:
            line = data.count(b"\n", 0, start) + 1
            return (
                "discovery/long-line",
                f"line {line} is {end - start:,} bytes long, more than the {MAX_LINE_BYTES:,} "
                "tools are given: left out of every check",
            )
        start = end + 1
    return None


def _pytest_test_globs(probe: Inventory) -> tuple[str, ...]:
    """Extra test-file globs from the repository's pytest ``python_files``, read statically."""
    from pyreadiness.discover.pytest_config import read_pytest_config

    cfg = read_pytest_config(probe)
    if cfg is None:
        return ()
    globs = []
    for pattern in cfg.python_files:
        if pattern in ("test_*.py", "*_test.py"):
            continue
        globs.append("*/" + pattern)
        globs.append(pattern)
    return tuple(globs)
