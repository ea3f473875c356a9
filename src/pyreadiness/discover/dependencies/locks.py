"""TOML lock files: ``uv.lock``, ``poetry.lock``, ``pdm.lock``, ``pylock.toml`` (PEP 751).

All four list packages as an array of tables (``[[package]]``, ``[[packages]]`` for
pylock) with ``name`` and ``version``. uv marks the project itself (and workspace
members) with an editable or virtual source; pylock marks local projects with
``directory``. Those are the project, not dependencies, and are left out of
``packages``; the one at ``.`` names the project the lock was made for.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from packaging.utils import canonicalize_name

from pyreadiness.discover.dependencies.lines import TomlLines
from pyreadiness.discover.dependencies.model import LockFile, LockFormat, Pinned, Problem
from pyreadiness.discover.inventory import Inventory

_ARRAY_KEY = {
    LockFormat.UV: "package",
    LockFormat.POETRY: "package",
    LockFormat.PDM: "package",
    LockFormat.PYLOCK: "packages",
}


def lock_paths(inv: Inventory, folder: str = "") -> list[tuple[str, LockFormat]]:
    """Lock files at the top of the repository (where every tool writes them), or at the
    top of ``folder`` (``backend``) when the project lives there."""
    prefix = f"{folder}/" if folder else ""
    out = []
    for path in (f.path for f in inv.files):
        if not path.startswith(prefix):
            continue
        rel = path[len(prefix) :]
        if "/" in rel:
            continue
        if rel == "uv.lock":
            out.append((path, LockFormat.UV))
        elif rel == "poetry.lock":
            out.append((path, LockFormat.POETRY))
        elif rel == "pdm.lock":
            out.append((path, LockFormat.PDM))
        elif rel == "pylock.toml" or (rel.startswith("pylock.") and rel.endswith(".toml")):
            out.append((path, LockFormat.PYLOCK))
    return sorted(out)


def read_toml_lock(inv: Inventory, rel: str, fmt: LockFormat) -> LockFile | Problem:
    doc = inv.toml(rel)
    if doc is None or doc.data is None:
        error = doc.error if doc is not None else "not readable"
        return Problem(
            rule="malformed-lock",
            path=rel,
            line=doc.line if doc is not None else None,
            message=f"{rel} is not valid TOML ({error}); it pins nothing",
        )
    key = _ARRAY_KEY[fmt]
    entries = doc.data.get(key, [])
    if not isinstance(entries, list):
        return Problem(
            rule="malformed-lock",
            path=rel,
            line=None,
            message=f"{rel}: '{key}' is not an array of tables; it pins nothing",
        )
    lines = TomlLines(inv.read_text(rel) or "")
    packages: list[Pinned] = []
    root_name: str | None = None
    workspace: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            continue
        name = canonicalize_name(entry["name"])
        local = _local_project(entry, fmt)
        if local is not None:
            if local in (".", "") and root_name is None:
                root_name = name
            workspace.append(name)
            continue
        version = entry.get("version")
        if not isinstance(version, str):
            continue  # a dynamic or path entry: nothing pinned
        packages.append(
            Pinned(
                name=name,
                version=version,
                source_file=rel,
                line=lines.key_line((key,), "name", index) or lines.header_line((key,), index),
                hashes=_has_hashes(entry),
                lock=fmt,
                groups=_groups(entry),
            )
        )
    return LockFile(
        path=rel,
        format=fmt,
        packages=tuple(packages),
        root_name=root_name,
        workspace=tuple(sorted(set(workspace))),
    )


def _local_project(entry: Mapping[str, Any], fmt: LockFormat) -> str | None:
    """The path of a project built from the work tree (not a dependency), else None."""
    if fmt is LockFormat.UV:
        source = entry.get("source")
        if isinstance(source, Mapping):
            for kind in ("editable", "virtual"):
                if isinstance(source.get(kind), str):
                    return str(source[kind])
    if fmt is LockFormat.PYLOCK:
        directory = entry.get("directory")
        if isinstance(directory, Mapping) and isinstance(directory.get("path"), str):
            return str(directory["path"])
    return None


def _has_hashes(entry: Mapping[str, Any]) -> bool:
    """Any artifact hash: uv's sdist/wheels ``hash``, Poetry/PDM ``files``, pylock ``hashes``."""
    artifacts: list[Any] = []
    for key in ("sdist", "archive"):
        if isinstance(entry.get(key), Mapping):
            artifacts.append(entry[key])
    for key in ("wheels", "files"):
        if isinstance(entry.get(key), list):
            artifacts.extend(entry[key])
    for artifact in artifacts:
        if isinstance(artifact, Mapping) and (artifact.get("hash") or artifact.get("hashes")):
            return True
    return False


def _groups(entry: Mapping[str, Any]) -> tuple[str, ...]:
    groups = entry.get("groups")
    if isinstance(groups, list):
        return tuple(sorted(str(g) for g in groups))
    category = entry.get("category")  # Poetry < 1.5
    return (category,) if isinstance(category, str) else ()
