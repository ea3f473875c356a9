"""Which runtime dependencies resolve to one exact version, and does each lock fit?

The runtime dependencies are, for a library, those of its distribution metadata
(``[project]``, ``[tool.poetry]``, setup.cfg/setup.py); for an application, every runtime
declaration (metadata, requirements files, Pipfile). A dependency *resolves* when a lock
file made for this project lists it, or some declaration (a requirements or constraints
``==`` pin) pins it exactly.

A lock *covers* the declarations it was made from: uv/Poetry/PDM/pylock locks cover the
project metadata; Pipfile.lock covers the Pipfile; a pip-compile output covers the input
files its header names (else ``<stem>.in`` next to it, else the project metadata).
A covered runtime dependency missing from the lock makes the lock stale; a lock made for
another project name (uv's root package), or missing every one of at least two covered
dependencies, is *foreign*: it resolves nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyreadiness.checkers.dependencies.project_kind import ProjectKind
from pyreadiness.discover.dependencies import (
    Declared,
    DependencyKind,
    DependencySet,
    LockFile,
    LockFormat,
)
from pyreadiness.discover.dependencies.requirements import (
    name_says_development,
    words_say_development,
)

METADATA_FORMATS = frozenset({"pep621", "poetry", "setup.cfg", "setup.py"})
#: Development tools: a root requirements file that lists only these is the maintainers'
#: environment (realpython/materials pins ruff alone), not what the code needs to run, so
#: an application's folder requirements stay its runtime. Kept short: only tools that are
#: never imported by the code they check.
DEVELOPMENT_TOOLS = frozenset(
    {
        "ruff", "black", "isort", "flake8", "pylint", "mypy", "pyright", "pytest",
        "coverage", "tox", "nox", "pre-commit", "bandit", "codespell", "yapf", "autopep8",
    }
)  # fmt: skip
#: Locks resolved for one environment: a dependency behind a marker may rightly be absent.
_ENV_SPECIFIC = frozenset({LockFormat.PIP_COMPILE, LockFormat.PIPFILE, LockFormat.PYLOCK})


@dataclass(frozen=True, kw_only=True)
class LockFit:
    lock: LockFile
    expected: tuple[Declared, ...]  # one declaration per covered runtime dependency name
    missing: tuple[Declared, ...]
    foreign_reason: str | None

    @property
    def score(self) -> float:
        if self.foreign_reason is not None:
            return 0.0
        if not self.expected:
            return 100.0
        return 100.0 * (len(self.expected) - len(self.missing)) / len(self.expected)


@dataclass(frozen=True, kw_only=True)
class Resolution:
    runtime: tuple[Declared, ...]  # first declaration of each runtime dependency, by name
    resolved: frozenset[str]
    hashed: frozenset[str]
    fits: tuple[LockFit, ...]
    capped: tuple[Declared, ...]  # every capped runtime declaration (file:line each)
    #: A library's own environments (development groups, dev/test/CI requirements and
    #: Pipfile sections, first declaration by name) and which of them are pinned or locked.
    development: tuple[Declared, ...] = ()
    development_resolved: frozenset[str] = frozenset()
    #: Folder requirements files read as an application's runtime (nothing at the root).
    from_folders: tuple[str, ...] = ()

    @property
    def locked_names(self) -> frozenset[str]:
        return frozenset(
            p.name for fit in self.fits if fit.foreign_reason is None for p in fit.lock.packages
        )


def resolve(deps: DependencySet, kind: ProjectKind) -> Resolution:
    runtime_all = [d for d in deps.declared if d.kind is DependencyKind.RUNTIME]
    development: list[Declared] = []
    from_folders: list[Declared] = []
    if kind is ProjectKind.LIBRARY:
        metadata = [d for d in runtime_all if d.format in METADATA_FORMATS]
        own_envs = [d for d in runtime_all if d.format not in METADATA_FORMATS]
        development = [
            d
            for d in deps.declared
            if d.kind is DependencyKind.DEVELOPMENT
            # Extras named test/lint/doc/dev are the library's own environment, not its
            # users' (pip-audit's layout); other extras are features users install.
            or (d.kind is DependencyKind.OPTIONAL and words_say_development(d.group))
        ]
        if metadata:
            development += own_envs  # requirements.txt of a library: its own environment
        runtime_all = metadata or runtime_all  # e.g. install_requires read from a file
    elif not _without_tool_only_files(runtime_all):
        # Nothing at the root but files of development tools: the folders are the runtime.
        from_folders = [d for d in deps.declared if _folder_runtime(d)]
        runtime_all = from_folders
    runtime = _first_by_name(runtime_all)
    fits = tuple(_fit(lock, deps) for lock in deps.lock_files)
    resolved: set[str] = set()
    hashed: set[str] = set()
    for fit in fits:
        if fit.foreign_reason is not None:
            continue
        for pin in fit.lock.packages:
            resolved.add(pin.name)
            if pin.hashes:
                hashed.add(pin.name)
        # A workspace member is built from this very tree: the commit pins it, whole.
        resolved.update(fit.lock.workspace)
        hashed.update(fit.lock.workspace)
    for dep in deps.declared:
        if dep.pinned_version is not None:
            resolved.add(dep.name)
            if dep.hashed:
                hashed.add(dep.name)
    names = {d.name for d in runtime}
    capped = tuple(d for d in runtime_all if d.capped and d.format in METADATA_FORMATS)
    dev = _first_by_name(development)
    return Resolution(
        runtime=tuple(runtime),
        resolved=frozenset(resolved & names),
        hashed=frozenset(hashed & names),
        fits=fits,
        capped=capped,
        development=tuple(dev),
        development_resolved=frozenset(resolved & {d.name for d in dev}),
        from_folders=tuple(sorted({d.source_file for d in from_folders})),
    )


def _without_tool_only_files(runtime: list[Declared]) -> list[Declared]:
    """Drop requirements files that list development tools only (see DEVELOPMENT_TOOLS)."""
    real = {d.source_file for d in runtime if d.name not in DEVELOPMENT_TOOLS}
    return [d for d in runtime if d.format != "requirements" or d.source_file in real]


def _folder_runtime(dep: Declared) -> bool:
    """A requirements file one folder down (``backend/requirements.txt``) whose name does
    not say development: the runtime of an application that declares nothing at its root."""
    rel = dep.source_file
    return (
        dep.kind is DependencyKind.DEVELOPMENT
        and dep.format == "requirements"
        and "/" in rel
        and not rel.startswith("requirements/")
        and not name_says_development(rel)
    )


def _first_by_name(declared: Sequence[Declared]) -> list[Declared]:
    seen: dict[str, Declared] = {}
    for dep in declared:
        seen.setdefault(dep.name, dep)
    return sorted(seen.values(), key=lambda d: d.name)


def covered(lock: LockFile, deps: DependencySet) -> list[Declared]:
    """The declarations this lock was made from (see the module docstring)."""
    metadata = [
        d
        for d in deps.declared
        if d.kind is DependencyKind.RUNTIME and d.format in METADATA_FORMATS
    ]
    if lock.format is LockFormat.PIPFILE:
        return [
            d for d in deps.declared if d.kind is DependencyKind.RUNTIME and d.format == "pipfile"
        ]
    if lock.format is LockFormat.PIP_COMPILE:
        sources = set(lock.sources)
        if not sources:
            sibling = lock.path.rsplit(".", 1)[0] + ".in"
            if any(d.source_file == sibling for d in deps.declared):
                sources = {sibling}
        if sources:
            out = [
                d
                for d in deps.declared
                if d.source_file in sources
                and d.kind is not DependencyKind.CONSTRAINT
                and (d.format == "requirements" or d.kind is DependencyKind.RUNTIME)
            ]
            return [d for d in out if d.url is None]
        return [d for d in metadata if d.url is None]
    if lock.format is LockFormat.PYLOCK and not metadata:
        return [
            d
            for d in deps.declared
            if d.kind is DependencyKind.RUNTIME and d.format == "requirements"
        ]
    return metadata


def _fit(lock: LockFile, deps: DependencySet) -> LockFit:
    expected = _first_by_name(covered(lock, deps))
    if lock.format in _ENV_SPECIFIC:
        expected = [d for d in expected if d.marker is None]
    names = {p.name for p in lock.packages} | set(lock.workspace)
    missing = tuple(d for d in expected if d.name not in names)
    project = deps.project.name
    foreign: str | None = None
    # The workspace holds every work-tree project of the lock, its root among them.
    if lock.root_name is not None and project is not None and project not in lock.workspace:
        foreign = f"{lock.path} was made for project '{lock.root_name}', this is '{project}'"
    elif len(expected) >= 2 and len(missing) == len(expected) and lock.packages:
        foreign = (
            f"{lock.path} lists none of the {len(expected)} dependencies declared here: "
            "it belongs to another project"
        )
    return LockFit(
        lock=lock,
        expected=tuple(expected),
        missing=() if foreign else missing,
        foreign_reason=foreign,
    )
