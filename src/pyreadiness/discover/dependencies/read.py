"""Join every format reader into one :class:`DependencySet`."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from packaging.utils import canonicalize_name

from pyreadiness.discover.dependencies.locks import lock_paths, read_toml_lock
from pyreadiness.discover.dependencies.model import (
    Declared,
    DependencyKind,
    DependencySet,
    LockFile,
    Problem,
)
from pyreadiness.discover.dependencies.pipfile import read_pipfile, read_pipfile_lock
from pyreadiness.discover.dependencies.pyproject import PyprojectResult, read_pyproject
from pyreadiness.discover.dependencies.requirements import read_requirements
from pyreadiness.discover.dependencies.setup_files import read_setup_cfg, read_setup_py
from pyreadiness.discover.inventory import Inventory


def read_dependencies(inventory: Inventory) -> DependencySet:
    """Every declaration and lock file of the repository, read statically.

    Never raises on the repository's content: what cannot be read becomes a
    :class:`Problem` with the file and line. Files are read through the inventory, which
    reads each once per run however many checkers call this.
    """
    inv = inventory
    items: list[Declared | Problem] = []
    files: list[str] = []
    locks: list[LockFile] = []

    pyproject = read_pyproject(inv)
    folder = ""
    if _declares_nothing_at_root(inv, pyproject):
        folder = _project_folder(inv)
        if folder:
            pyproject = read_pyproject(inv, f"{folder}/pyproject.toml")
    items.extend(pyproject.items)
    files.extend(pyproject.files)
    setup_cfg = read_setup_cfg(inv)
    setup_py = read_setup_py(inv)
    for setup in (setup_cfg, setup_py):
        items.extend(setup.items)
        files.extend(setup.files)
    requirements = read_requirements(inv)
    items.extend(requirements.items)
    files.extend(requirements.files)
    locks.extend(requirements.locks)
    if inv.has("Pipfile"):
        files.append("Pipfile")
        items.extend(read_pipfile(inv))
    pipfile_lock = read_pipfile_lock(inv)
    if pipfile_lock is not None:
        files.append("Pipfile.lock")
        if isinstance(pipfile_lock, Problem):
            items.append(pipfile_lock)
        else:
            locks.append(pipfile_lock)
    for rel, fmt in lock_paths(inv, folder):
        files.append(rel)
        lock = read_toml_lock(inv, rel, fmt)
        if isinstance(lock, Problem):
            items.append(lock)
        else:
            locks.append(lock)

    meta = pyproject.meta
    if meta.metadata_file is None:
        for setup in (setup_cfg, setup_py):
            if setup.metadata_file is not None:
                meta = dataclasses.replace(meta, name=setup.name, metadata_file=setup.metadata_file)
                break
    if meta.name is None:
        name = setup_cfg.name or setup_py.name
        if name is not None:
            meta = dataclasses.replace(meta, name=name)
    declared = [i for i in items if isinstance(i, Declared)]
    return DependencySet(
        declared=tuple(sorted(_without_self(declared, meta.name), key=_declared_key)),
        lock_files=tuple(sorted(locks, key=lambda lock: lock.path)),
        problems=tuple(
            sorted(
                (i for i in items if isinstance(i, Problem)),
                key=lambda p: (p.path, p.line or 0, p.rule, p.message),
            )
        ),
        files=tuple(sorted(set(files))),
        project=meta,
    )


#: Root files that make the root the project: then no folder is looked into.
_ROOT_DECLARATIONS = ("setup.py", "setup.cfg", "Pipfile", "uv.lock", "poetry.lock", "pdm.lock")


def _declares_nothing_at_root(inv: Inventory, pyproject: PyprojectResult) -> bool:
    if pyproject.meta.metadata_file is not None or pyproject.items:
        return False
    if any(inv.has(name) for name in _ROOT_DECLARATIONS):
        return False
    return not any("/" not in f.path and "requirements" in f.path for f in inv.files)


def _project_folder(inv: Inventory) -> str:
    """The one folder below the root holding a ``pyproject.toml`` (``backend/`` of a
    full-stack application), or "" when there is none or several (a monorepo: each
    project is its own, and is not read as the repository's)."""
    folders = sorted(
        f.path.split("/", 1)[0]
        for f in inv.files
        if f.path.count("/") == 1 and f.path.endswith("/pyproject.toml")
    )
    return folders[0] if len(folders) == 1 else ""


def _without_self(declared: Iterable[Declared], project: str | None) -> list[Declared]:
    """Drop references to the project itself (``mypkg[test]`` in its own extras)."""
    if project is None:
        return list(declared)
    own = canonicalize_name(project)
    return [d for d in declared if d.name != own or d.kind is DependencyKind.CONSTRAINT]


def _declared_key(d: Declared) -> tuple[str, int, str, str, str]:
    return (d.source_file, d.line or 0, d.name, d.group, d.specifier)
