"""What a repository declares and pins, as values any checker can read.

:func:`pyreadiness.discover.dependencies.read_dependencies` fills a :class:`DependencySet`
from the inventory, statically (nothing of the repository is ever executed). Names are
canonicalized (PEP 503) everywhere so declarations and lock entries can be compared.

This module is a shared API (the dependencies and vulnerabilities checkers both read it):
add fields only with defaults, never rename or remove one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, SpecifierSet


class DependencyKind(str, enum.Enum):
    """What a declared requirement is for."""

    RUNTIME = "runtime"  # installed with the project / the application's requirements
    OPTIONAL = "optional"  # an extra (PEP 621 optional-dependencies, Poetry extras)
    DEVELOPMENT = "development"  # dependency groups, dev requirements, Hatch envs, Pipfile dev
    BUILD = "build"  # [build-system] requires
    CONSTRAINT = "constraint"  # a line of a pip constraints file (-c): pins, does not install


class LockFormat(str, enum.Enum):
    UV = "uv.lock"
    POETRY = "poetry.lock"
    PDM = "pdm.lock"
    PIPFILE = "Pipfile.lock"
    PYLOCK = "pylock.toml"  # PEP 751
    PIP_COMPILE = "pip-compile"  # requirements file written by pip-tools' pip-compile


@dataclass(frozen=True, kw_only=True)
class Declared:
    """One requirement as a project declares it, at the file and line where it is written.

    ``specifier`` is a PEP 440 specifier set as text ("" means any version); Poetry
    constraints (``^1.2``, ``~1.2``, ``*``) are already translated. ``url`` is set for
    requirements that no version can pin: direct URLs, local paths, editable installs.
    """

    name: str  # canonicalized
    specifier: str
    extras: tuple[str, ...]
    marker: str | None
    source_file: str  # relative, forward slashes
    line: int | None
    group: str  # "main", an extra's name, a dependency group, a requirements file's path
    # without its suffix ("requirements/dev"), a Hatch environment
    kind: DependencyKind
    format: str = ""  # where it was read from: "pep621", "poetry", "requirements", ...
    url: str | None = None
    hashed: bool = False  # requirements line carrying --hash options

    @property
    def pinned_version(self) -> str | None:
        """The one version this requirement allows (``==1.2.3`` / ``===1.2.3``), else None."""
        if self.url is not None:
            return None
        try:
            specs = list(SpecifierSet(self.specifier))
        except InvalidSpecifier:
            return None
        exact = [s for s in specs if s.operator in ("==", "===") and not s.version.endswith("*")]
        if len(exact) != 1:
            return None
        return exact[0].version

    @property
    def capped(self) -> bool:
        """Does the specifier set an upper bound (``<``, ``<=``, ``~=``, ``==``, ``===``)?

        An exact pin is the tightest cap of all; ``==X.*`` caps too.
        """
        try:
            specs = list(SpecifierSet(self.specifier))
        except InvalidSpecifier:
            return False
        return any(s.operator in ("<", "<=", "~=", "==", "===") for s in specs)


@dataclass(frozen=True, kw_only=True)
class Pinned:
    """One exact version the repository resolves a package to, where it is pinned.

    Comes from a lock file (``lock`` set) or from an exact ``==`` pin in a requirements or
    constraints file (``lock`` None).
    """

    name: str  # canonicalized
    version: str
    source_file: str
    line: int | None
    hashes: bool  # the pin carries artifact hashes (--hash=, lock file hashes)
    lock: LockFormat | None = None
    groups: tuple[str, ...] = ()  # lock sections/groups when the format records them


@dataclass(frozen=True, kw_only=True)
class LockFile:
    path: str
    format: LockFormat
    packages: tuple[Pinned, ...]  # the project itself (uv's editable root) is not included
    root_name: str | None = None  # canonical name of the project the lock was made for
    #: Canonical names of every project the lock builds from the work tree: the root and a
    #: workspace's members (one uv.lock serves every member of a uv workspace).
    workspace: tuple[str, ...] = ()
    # Files it was compiled from, when it says (pip-compile); may name paths that do not
    # exist, as the header's paths are read both from the lock's folder and from the root.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Problem:
    """Something in a dependency file that could not be read as written.

    ``rule`` is short and stable ("malformed-toml", "bad-requirement", "include-cycle",
    "include-outside", "include-missing", "malformed-lock"); checkers prefix their id.
    """

    rule: str
    path: str
    line: int | None
    message: str
    #: The runtime dependencies themselves could not be read (they are unknown).
    affects_runtime: bool = False


@dataclass(frozen=True, kw_only=True)
class ProjectMeta:
    """What the build metadata says about the project (for library/application heuristics)."""

    name: str | None = None  # canonicalized [project].name / [tool.poetry].name / setup name
    build_backend: str | None = None
    metadata_file: str | None = None  # pyproject.toml, setup.cfg or setup.py declaring it
    # False when the project says it is not a distributable package: Poetry
    # ``package-mode = false``, PDM ``distribution = false``, uv ``package = false``.
    package_mode: bool | None = None
    #: ``[project] dynamic`` lists "dependencies": a build hook computes them.
    dynamic_dependencies: bool = False


@dataclass(frozen=True, kw_only=True)
class DependencySet:
    declared: tuple[Declared, ...] = ()
    lock_files: tuple[LockFile, ...] = ()
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()  # every dependency file read (sorted): the cache inputs
    project: ProjectMeta = ProjectMeta()

    @property
    def locked(self) -> tuple[Pinned, ...]:
        """Every package of every lock file."""
        return tuple(p for lock in self.lock_files for p in lock.packages)

    @property
    def pins(self) -> tuple[Pinned, ...]:
        """Every exact version the repository resolves to: lock entries and exact ``==`` pins
        of declarations (requirements, constraints, pyproject...), sorted by
        (name, version, file, line)."""
        out = list(self.locked)
        for dep in self.declared:
            version = dep.pinned_version
            if version is None:
                continue
            out.append(
                Pinned(
                    name=dep.name,
                    version=version,
                    source_file=dep.source_file,
                    line=dep.line,
                    hashes=dep.hashed,
                    groups=(dep.group,),
                )
            )
        return tuple(sorted(set(out), key=_pin_key))

    def of_kind(self, *kinds: DependencyKind) -> tuple[Declared, ...]:
        return tuple(d for d in self.declared if d.kind in kinds)


def _pin_key(pin: Pinned) -> tuple[str, str, str, int]:
    return (pin.name, pin.version, pin.source_file, pin.line or 0)
