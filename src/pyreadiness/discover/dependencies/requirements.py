"""pip requirements files: ``requirements*.txt``/``.in``, ``requirements/``, and includes.

Files read as roots: at the top of the repository, any ``*.txt``/``*.in`` whose name
contains "requirements"; every ``*.txt``/``*.in`` under a top-level ``requirements/``
folder; ``<folder>/...requirements....txt`` one level down (``docs/requirements.txt``).
``-r``/``-c`` includes are followed relative to the including file; an include that
leaves the repository, a URL include, a missing file or a cycle is a problem, not read.

A file whose header says it was written by ``pip-compile`` (or ``uv pip compile``) is a
lock file: its ``==`` pins become :class:`Pinned` entries, not declarations. Files
included with ``-c`` are constraints; the rest are runtime requirements unless their
name says development (``dev``, ``test``, ``docs``, ``lint``... in the file or folder name).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from packaging.utils import canonicalize_name

from pyreadiness.discover.dependencies.model import (
    Declared,
    DependencyKind,
    LockFile,
    Problem,
)
from pyreadiness.discover.dependencies.pep508 import parse_requirement
from pyreadiness.discover.dependencies.pip_compile import COMPILED_MARKERS, compiled_lock
from pyreadiness.discover.dependencies.reqlines import INCLUDE_OPTIONS, LogicalLine, logical_lines
from pyreadiness.discover.inventory import Inventory

Item = Declared | Problem
_DEV_WORDS = frozenset(
    {
        "dev",
        "develop",
        "development",
        "test",
        "tests",
        "testing",
        "doc",
        "docs",
        "lint",
        "linting",
        "ci",
        "typing",
        "mypy",
        "style",
        "tox",
        "bench",
        "benchmark",
        "benchmarks",
        "qa",
        "check",
        "checks",
        "tools",
        "format",
        "coverage",
        "cov",
        "pre-commit",
        "build",
    }
)
_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_NAME_AT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@")
_MAX_DEPTH = 20


@dataclass(kw_only=True)
class RequirementsResult:
    items: list[Item] = field(default_factory=list)
    locks: list[LockFile] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def requirement_roots(inv: Inventory) -> list[str]:
    roots = []
    for rel in (f.path for f in inv.files):
        parts = rel.split("/")
        name = parts[-1].lower()
        if not name.endswith((".txt", ".in")):
            continue
        named = "requirements" in name and len(parts) <= 2
        if named or parts[0] == "requirements":
            roots.append(rel)
    return sorted(roots)


def read_requirements(inv: Inventory) -> RequirementsResult:
    roots = requirement_roots(inv)
    reader = _Reader(inv)
    for root in roots:
        reader.visit(root, via=None, stack=())
    return reader.finish(roots)


@dataclass(frozen=True, kw_only=True)
class _Parsed:
    lines: tuple[LogicalLine, ...]
    compiled: bool
    header: str


class _Reader:
    def __init__(self, inv: Inventory) -> None:
        self.inv = inv
        self.parsed: dict[str, _Parsed] = {}
        self.constraint_files: set[str] = set()
        self.included_by: dict[str, set[str]] = {}  # -r edges: target -> including files
        self.problems: list[Problem] = []

    def visit(self, rel: str, via: str | None, stack: tuple[str, ...]) -> None:
        if via == "c":
            self.constraint_files.add(rel)
        elif via == "r":
            self.included_by.setdefault(rel, set()).add(stack[-1])
        if rel in self.parsed or len(stack) > _MAX_DEPTH:
            return
        text = self.inv.read_text(rel)
        if text is None:
            self.problems.append(
                Problem(
                    rule="unreadable",
                    path=rel,
                    line=None,
                    message=f"{rel} is not readable as UTF-8 text",
                )
            )
            self.parsed[rel] = _Parsed(lines=(), compiled=False, header="")
            return
        head = "\n".join(text.splitlines()[:12])
        parsed = _Parsed(
            lines=tuple(logical_lines(text)),
            compiled=any(m in head for m in COMPILED_MARKERS),
            header=head,
        )
        self.parsed[rel] = parsed
        for line in parsed.lines:
            for option in line.options:
                kind = INCLUDE_OPTIONS.get(option.name)
                if kind is None or option.value is None:
                    continue
                target = self._include_target(rel, line.number, option.value, (*stack, rel))
                if target is not None:
                    self.visit(target, kind, (*stack, rel))

    def _include_target(
        self, rel: str, number: int, value: str, stack: tuple[str, ...]
    ) -> str | None:
        def problem(rule: str, message: str) -> None:
            self.problems.append(Problem(rule=rule, path=rel, line=number, message=message))

        if "://" in value or value.startswith("file:"):
            problem("include-outside", f"includes {value}, a URL outside the repository; not read")
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), value))
        if value.startswith(("/", "~")) or target == ".." or target.startswith("../"):
            problem("include-outside", f"includes {value}, outside the repository; not read")
            return None
        if target in stack:
            chain = " -> ".join((*stack[stack.index(target) :], target))
            problem("include-cycle", f"include cycle: {chain}")
            return None
        if not self.inv.has(target):
            problem("include-missing", f"includes {value}, which is not in the repository")
            return None
        return target

    def kinds(self, roots: list[str]) -> dict[str, DependencyKind]:
        """Constraints for ``-c`` targets; roots by their name; a file only reached through
        ``-r`` is runtime when a runtime file includes it (and its name does not say dev)."""
        kinds = {rel: _name_kind(rel) for rel in roots}
        pending = [rel for rel in self.parsed if rel not in kinds]
        for _ in range(_MAX_DEPTH + 1):
            for rel in pending:
                runtime = any(
                    kinds.get(src) is DependencyKind.RUNTIME
                    for src in self.included_by.get(rel, ())
                )
                own = _name_kind(rel, nested=False)
                kinds[rel] = (
                    DependencyKind.RUNTIME
                    if runtime and own is DependencyKind.RUNTIME
                    else DependencyKind.DEVELOPMENT
                )
        for rel in self.constraint_files:
            kinds[rel] = DependencyKind.CONSTRAINT
        return kinds

    def finish(self, roots: list[str]) -> RequirementsResult:
        result = RequirementsResult(files=sorted(self.parsed))
        result.items.extend(self.problems)
        kinds = self.kinds(roots)
        for rel in sorted(self.parsed):
            parsed = self.parsed[rel]
            if parsed.compiled:
                result.locks.append(compiled_lock(rel, parsed.lines, parsed.header))
                continue
            kind = kinds[rel]
            for line in parsed.lines:
                result.items.extend(_line_items(rel, line, kind))
        return result


def words_say_development(name: str) -> bool:
    """Does a name (an extra, a group) say development: ``test``, ``lint``, ``dev-tools``?"""
    return bool(set(re.split(r"[-_.]", name.lower())) & _DEV_WORDS)


def name_says_development(rel: str) -> bool:
    """Does the file's own name or folder say development (``docs/requirements.txt``)?
    ``backend/requirements.txt`` does not: it is development only by where it sits."""
    return _name_kind(rel, nested=False) is DependencyKind.DEVELOPMENT


def _name_kind(rel: str, *, nested: bool = True) -> DependencyKind:
    """Development when the file or folder name says so (``requirements-dev.txt``,
    ``requirements/test.txt``, ``docs/requirements.txt``); with ``nested``, any folder
    other than ``requirements/`` too: ``ci/requirements.txt`` is not what the project runs.
    """
    parts = rel.lower().split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    words = set(re.split(r"[-_.]", stem)) | set(parts[:-1])
    words.discard("requirements")
    if words & _DEV_WORDS:
        return DependencyKind.DEVELOPMENT
    if nested and len(parts) > 1 and parts[0] != "requirements":
        return DependencyKind.DEVELOPMENT
    return DependencyKind.RUNTIME


def _line_items(rel: str, line: LogicalLine, kind: DependencyKind) -> list[Item]:
    def problem(message: str) -> list[Item]:
        return [Problem(rule="bad-requirement", path=rel, line=line.number, message=message)]

    if line.bad_option is not None:
        return problem(f"pip rejects this line: unknown option {line.bad_option}")
    group = rel.rsplit(".", 1)[0]
    editable = next((o.value for o in line.options if o.name in ("-e", "--editable")), None)
    if editable is not None:
        if line.requirement:
            return problem("pip rejects this line: -e takes one path or URL")
        return _unpinnable(rel, line.number, editable, group, kind)
    if not line.requirement:
        return []  # includes (followed by the reader) and global options
    hashed = any(o.name == "--hash" for o in line.options)
    if _looks_like_location(line.requirement):
        return _unpinnable(rel, line.number, line.requirement, group, kind)
    return [
        parse_requirement(
            line.requirement,
            source_file=rel,
            line=line.number,
            group=group,
            kind=kind,
            format="requirements",
            hashed=hashed,
        )
    ]


def _looks_like_location(text: str) -> bool:
    head = text.split(";", 1)[0].strip()
    if _NAME_AT.match(head):
        return False  # PEP 508 "name @ url": packaging reads it
    return (
        "://" in head
        or head.startswith((".", "/", "~", "file:"))
        or head.endswith((".whl", ".zip", ".tar.gz", ".tar.bz2"))
    )


def _unpinnable(
    rel: str, number: int, location: str, group: str, kind: DependencyKind
) -> list[Item]:
    """A path, URL or editable install: installs whatever is there, no version can pin it."""
    bare = location.split("[", 1)[0].rstrip("/")
    if bare in (".", "") or posixpath.normpath(posixpath.join(posixpath.dirname(rel), bare)) == ".":
        return []  # the project itself (``-e .``): its dependencies are declared elsewhere
    egg = _EGG.search(location)
    if egg is not None:
        name = egg.group(1)
    else:
        base = location.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        name = re.split(r"-\d", base, maxsplit=1)[0].split(".", 1)[0] or base
    return [
        Declared(
            name=canonicalize_name(name),
            specifier="",
            extras=(),
            marker=None,
            source_file=rel,
            line=number,
            group=group,
            kind=kind,
            format="requirements",
            url=location,
        )
    ]
