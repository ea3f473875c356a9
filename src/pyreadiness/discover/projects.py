"""The projects of a repository: one, or the sub-projects of a monorepo.

The rule (docs/monorepo.md), first that applies:

1. **a declared workspace** at the root: ``[tool.uv.workspace] members`` (globs, minus
   ``exclude``), a hatch environment's ``workspace.members`` (strings or ``{path = ...}``),
   or PDM's editable local dev-dependencies (``-e file:///${PROJECT_ROOT}/libs/a``). Each
   member folder holding a ``pyproject.toml`` is a project.
2. **several packaging files below the root**: folders (at most :data:`MAX_DEPTH` deep)
   holding a ``pyproject.toml`` that packages something (``[project]``, ``[build-system]``,
   ``[tool.poetry]``), a ``setup.py``, or a ``setup.cfg`` with ``[metadata] name``; never
   inside test, fixture, example, documentation, template, benchmark or vendored folders,
   nor hidden ones. A project inside another project is part of the outer one.

The root itself is one more project (``.``) when it is packaged and ships Python source
outside every member folder (uv counts a workspace root with ``[project]`` as a member).
Fewer than two projects: the repository is one project, scored as always.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from pyreadiness.discover.classify import FileKind

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

#: Folders whose packaging files are test data, samples or copies, not the repository's
#: projects (a fixture's pyproject.toml describes the fixture, not a shipped package).
NOT_PROJECT_DIRS = frozenset(
    {
        "tests",
        "test",
        "testing",
        "fixtures",
        "fixture",
        "testdata",
        "test_data",
        "examples",
        "example",
        "docs",
        "doc",
        "templates",
        "template",
        "benchmarks",
        "vendor",
        "vendored",
        "_vendor",
        "third_party",
        "thirdparty",
        "node_modules",
        "site-packages",
    }
)
#: ``libs/group/a/pyproject.toml`` is 3 deep; deeper packaging files are not the layout.
MAX_DEPTH = 3
#: Without a declared workspace, the projects must hold at least this share of the shipped
#: Python: a tutorial collection with a few packaged folders among hundreds of loose
#: scripts is one repository of scripts, not a monorepo (the profile's rule too).
MIN_SHARE = 0.5
_PACKAGING_NAMES = ("pyproject.toml", "setup.py", "setup.cfg")
_PDM_LOCAL = re.compile(r"file:///\$\{PROJECT_ROOT\}/([^\s;#]+)")
_SETUP_PY_NAME = re.compile(r"""\bname\s*=\s*["']([A-Za-z0-9][A-Za-z0-9._-]*)["']""")


@dataclass(frozen=True, kw_only=True)
class SubProject:
    """One project of a monorepo: its folder (repository-relative, ``.`` for the root)."""

    name: str
    path: str
    declared_by: str  # "uv workspace", "hatch workspace", "pdm workspace", "packaging file"


@dataclass(frozen=True, kw_only=True)
class Layout:
    projects: tuple[SubProject, ...]  # in path order; fewer than two: not a monorepo
    evidence: str

    @property
    def is_monorepo(self) -> bool:
        return len(self.projects) >= 2


def detect_projects(inv: Inventory) -> Layout:
    doc = inv.toml("pyproject.toml")
    root = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    folders: list[str] = []
    declared_by = "packaging file"
    for how, members in (
        ("uv workspace", _uv_members(inv, root)),
        ("hatch workspace", _hatch_members(inv, root)),
        ("pdm workspace", _pdm_members(inv, root)),
    ):
        if members:
            folders, declared_by = members, how
            break
    else:
        folders = _packaged_folders(inv)
    folders = _outermost(folders)
    projects = [SubProject(name=_name(inv, f), path=f, declared_by=declared_by) for f in folders]
    if folders and _packaged(inv, root, ".") and _ships_outside(inv, folders):
        projects.insert(0, SubProject(name=_name(inv, "."), path=".", declared_by=declared_by))
    projects = _unique_names(projects)
    if len(projects) < 2:
        return Layout(projects=(), evidence="one project")
    if declared_by == "packaging file" and _share(inv, projects) < MIN_SHARE:
        return Layout(projects=(), evidence="packaged folders hold little of the shipped Python")
    listed = ", ".join(p.path for p in projects)
    return Layout(projects=tuple(projects), evidence=f"{declared_by}: {listed}")


# -- declared workspaces --------------------------------------------------------------------------


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _folders_with_pyproject(inv: Inventory) -> list[str]:
    return sorted(
        f.path[: -len("/pyproject.toml")] for f in inv.files if f.path.endswith("/pyproject.toml")
    )


def _glob_folders(inv: Inventory, includes: list[str], excludes: list[str]) -> list[str]:
    """Member folders: globs over the folders that hold a pyproject.toml (as uv does)."""

    def norm(glob: str) -> str:
        return glob.strip().removeprefix("./").rstrip("/")

    inc = [norm(g) for g in includes if norm(g)]
    exc = [norm(g) for g in excludes if norm(g)]
    if not inc:
        return []
    return [
        f
        for f in _folders_with_pyproject(inv)
        if any(_glob_match(f, g) for g in inc) and not any(_glob_match(f, g) for g in exc)
    ]


def _glob_match(folder: str, glob: str) -> bool:
    """A path glob: ``*`` stays within one folder, ``**`` crosses any number."""
    parts, globs = folder.split("/"), glob.split("/")
    if "**" not in globs:
        return len(parts) == len(globs) and all(
            fnmatchcase(p, g) for p, g in zip(parts, globs, strict=True)
        )
    head = globs.index("**")
    before, after = globs[:head], globs[head + 1 :]
    if len(parts) < len(before) + len(after):
        return False
    tail = parts[len(parts) - len(after) :] if after else []
    return all(fnmatchcase(p, g) for p, g in zip(parts, before, strict=False)) and all(
        fnmatchcase(p, g) for p, g in zip(tail, after, strict=True)
    )


def _uv_members(inv: Inventory, root: dict[str, Any]) -> list[str]:
    workspace = _get(root, "tool", "uv", "workspace")
    if not isinstance(workspace, dict):
        return []
    members = _strings(workspace.get("members"))
    return _glob_folders(inv, members, _strings(workspace.get("exclude")))


def _hatch_members(inv: Inventory, root: dict[str, Any]) -> list[str]:
    envs = _get(root, "tool", "hatch", "envs")
    globs: list[str] = []
    for env in envs.values() if isinstance(envs, dict) else ():
        members = _get(env, "workspace", "members")
        for member in members if isinstance(members, list) else ():
            path = member if isinstance(member, str) else _get(member, "path")
            if isinstance(path, str):
                globs.append(path)
    return _glob_folders(inv, globs, [])


def _pdm_members(inv: Inventory, root: dict[str, Any]) -> list[str]:
    groups = _get(root, "tool", "pdm", "dev-dependencies")
    if not isinstance(groups, dict):
        groups = _get(root, "dependency-groups")
    paths: list[str] = []
    for entries in groups.values() if isinstance(groups, dict) else ():
        for entry in _strings(entries):
            match = _PDM_LOCAL.search(entry)
            if match:
                paths.append(match.group(1))
    return _glob_folders(inv, paths, []) if paths and _get(root, "tool", "pdm") else []


# -- packaging files below the root ---------------------------------------------------------------


def _packaged_folders(inv: Inventory) -> list[str]:
    found = set()
    for f in inv.files:
        if not f.path.endswith(_PACKAGING_NAMES):
            continue
        path = PurePosixPath(f.path)
        if path.name not in _PACKAGING_NAMES:
            continue
        parts = path.parent.parts
        if not parts or len(parts) > MAX_DEPTH:
            continue
        if any(p in NOT_PROJECT_DIRS or p.startswith(".") for p in parts):
            continue
        folder = path.parent.as_posix()
        if folder not in found and _packaged(inv, _toml(inv, folder), folder):
            found.add(folder)
    return sorted(found)


def _toml(inv: Inventory, folder: str) -> dict[str, Any]:
    doc = inv.toml(_join(folder, "pyproject.toml"))
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}


def _packaged(inv: Inventory, pyproject: dict[str, Any], folder: str) -> bool:
    if "project" in pyproject or "build-system" in pyproject:
        return True
    if _get(pyproject, "tool", "poetry"):
        return True
    if inv.has(_join(folder, "setup.py")):
        return True
    cfg = inv.ini(_join(folder, "setup.cfg"))
    return cfg is not None and cfg.has_option("metadata", "name")


def _outermost(folders: list[str]) -> list[str]:
    unique = sorted(set(folders))
    return [f for f in unique if not any(f.startswith(o + "/") for o in unique if o != f)]


def _ships_outside(inv: Inventory, folders: list[str]) -> bool:
    prefixes = tuple(f + "/" for f in folders)
    return any(not p.startswith(prefixes) for p in inv.paths(FileKind.SOURCE))


def _share(inv: Inventory, projects: list[SubProject]) -> float:
    """Share of the shipped Python files that are inside the projects."""
    shipped = inv.paths(FileKind.SOURCE)
    if not shipped:
        return 0.0
    if any(p.path == "." for p in projects):
        return 1.0
    prefixes = tuple(f"{p.path}/" for p in projects)
    return sum(1 for p in shipped if p.startswith(prefixes)) / len(shipped)


def _join(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"


def _name(inv: Inventory, folder: str) -> str:
    """The distribution name (``[project] name``, setup.cfg, setup.py), else the folder's."""
    name = _get(_toml(inv, folder), "project", "name") or _get(
        _toml(inv, folder), "tool", "poetry", "name"
    )
    if isinstance(name, str) and name.strip():
        return name.strip()
    cfg = inv.ini(_join(folder, "setup.cfg"))
    if cfg is not None and cfg.has_option("metadata", "name"):
        return cfg.get("metadata", "name").strip()
    text = inv.read_text(_join(folder, "setup.py")) or ""
    match = _SETUP_PY_NAME.search(text[:65536])
    if match:
        return match.group(1)
    return PurePosixPath(inv.root.name if folder == "." else folder).name


def _unique_names(projects: list[SubProject]) -> list[SubProject]:
    """Two projects of one name (copies of a template) are told apart by their folder."""
    seen: dict[str, int] = {}
    for p in projects:
        seen[p.name] = seen.get(p.name, 0) + 1
    return [
        p if seen[p.name] == 1 else SubProject(name=p.path, path=p.path, declared_by=p.declared_by)
        for p in projects
    ]
