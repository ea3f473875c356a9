"""Which files a bare ``pytest`` (or ``python -m unittest discover``) run would treat as tests.

Mirrors pytest's collection rules without running it: ``python_files`` patterns, the
``testpaths`` it starts from (falling back to the root when none of them exists, as pytest
does), ``norecursedirs`` and ``--ignore`` / ``--ignore-glob`` from ``addopts``. unittest's
default discovery (``test*.py`` files in packages, under testpaths if any are set) adds
Django-style ``tests.py`` modules, counted only when they really define ``TestCase`` classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.pytest_config import PytestConfig

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

#: ``python -m unittest discover``'s default ``-p`` pattern.
UNITTEST_PATTERN = "test*.py"
# Never test modules, whatever ``python_files`` says: pytest treats them as plugins/packages.
_NEVER_MODULES = frozenset({"conftest.py", "__init__.py"})


@dataclass(frozen=True, kw_only=True)
class Selection:
    #: Files pytest would collect as test modules (pytest and unittest tests counted).
    pytest_modules: tuple[str, ...]
    #: Other files unittest discovery would import: tests if they define ``TestCase``s.
    unittest_candidates: tuple[str, ...]
    #: Files matching ``python_files`` that a bare ``pytest`` run would not collect.
    outside_testpaths: tuple[str, ...]
    #: ``testpaths`` entries that match no file of the repository.
    missing_testpaths: tuple[str, ...]


def matches_file_pattern(rel: str, pattern: str) -> bool:
    """pytest's ``fnmatch_ex``: a pattern without ``/`` matches the file name only."""
    if "/" not in pattern:
        return fnmatchcase(PurePosixPath(rel).name, pattern)
    pattern = pattern.removeprefix("./")
    return fnmatchcase(rel, pattern) or fnmatchcase(rel, "*/" + pattern)


def _under(rel: str, entry: str) -> bool:
    """Is rel the entry itself or inside it? Entries may be globs, as pytest allows."""
    parts = rel.split("/")
    return any(fnmatchcase("/".join(parts[:i]), entry) for i in range(1, len(parts) + 1))


def _normalise(entry: str) -> str:
    entry = entry.strip().removeprefix("./").rstrip("/")
    return entry or "."


def _ignore_options(addopts: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``--ignore`` paths and ``--ignore-glob`` patterns from addopts (both spellings)."""
    paths: list[str] = []
    globs: list[str] = []
    words = list(addopts)
    for i, word in enumerate(words):
        for option, bucket in (("--ignore", paths), ("--ignore-glob", globs)):
            if word.startswith(option + "="):
                bucket.append(_normalise(word.split("=", 1)[1]))
            elif word == option and i + 1 < len(words):
                bucket.append(_normalise(words[i + 1]))
    return tuple(paths), tuple(globs)


def select_tests(inv: Inventory, cfg: PytestConfig) -> Selection:
    candidates = sorted(
        rel
        for rel in inv.paths(FileKind.TEST, FileKind.SOURCE)
        if rel.endswith(".py") and PurePosixPath(rel).name not in _NEVER_MODULES
    )
    all_paths = [f.path for f in inv.files]
    entries = tuple(_normalise(e) for e in cfg.testpaths)
    missing = tuple(
        sorted({e for e in entries if e != "." and not any(_under(p, e) for p in all_paths)})
    )
    # pytest starts from the testpaths that exist, or from the root when none does.
    roots = tuple(e for e in entries if e not in missing and e != ".")
    if "." in entries:
        roots = ()
    ignored_paths, ignored_globs = _ignore_options(cfg.addopts)

    pytest_modules: list[str] = []
    unittest_candidates: list[str] = []
    outside: list[str] = []
    for rel in candidates:
        if any(matches_file_pattern(rel, p) for p in cfg.python_files):
            if _collected(rel, cfg, roots, ignored_paths, ignored_globs):
                pytest_modules.append(rel)
                continue
            outside.append(rel)
        if _unittest_discoverable(inv, rel, roots):
            unittest_candidates.append(rel)
    # A monorepo member's tests kept in the root's folder: the root's pytest collects them.
    pytest_modules += [r for r in inv.tests_from_root() if r not in pytest_modules]
    return Selection(
        pytest_modules=tuple(pytest_modules),
        unittest_candidates=tuple(unittest_candidates),
        outside_testpaths=tuple(outside),
        missing_testpaths=missing,
    )


def _unittest_discoverable(inv: Inventory, rel: str, roots: tuple[str, ...]) -> bool:
    """Would ``unittest discover`` (or Django's runner) find it? It must match ``test*.py``,
    lie under a testpath when the project declares some, and be reached through packages:
    discovery only descends into folders holding an ``__init__.py``."""
    if not fnmatchcase(PurePosixPath(rel).name, UNITTEST_PATTERN):
        return False
    folders = rel.split("/")[:-1]
    start = 0
    if roots:
        inside = [r for r in roots if _under(rel, r)]
        if not inside:
            return False
        start = min(len(r.split("/")) for r in inside)
    return all(
        inv.has("/".join(folders[:depth]) + "/__init__.py")
        for depth in range(start + 1, len(folders) + 1)
    )


def _collected(
    rel: str,
    cfg: PytestConfig,
    roots: tuple[str, ...],
    ignored_paths: tuple[str, ...],
    ignored_globs: tuple[str, ...],
) -> bool:
    start = 0
    if roots:
        inside = [r for r in roots if _under(rel, r)]
        if not inside:
            return False
        # norecursedirs applies to folders pytest walks into, not to the testpath itself.
        start = min(len(r.split("/")) for r in inside)
    if any(_under(rel, p) for p in ignored_paths):
        return False
    if any(fnmatchcase(rel, g) or fnmatchcase(rel, "*/" + g) for g in ignored_globs):
        return False
    folders = rel.split("/")[start:-1]
    return not any(fnmatchcase(name, p) for name in folders for p in cfg.norecursedirs)
