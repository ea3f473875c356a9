"""One sub-project's view of a monorepo: its folder as the root, plus the shared root files.

Every checker reads through the inventory with paths relative to its root, so a sub-project
is scored by the unchanged pipeline on an inventory rooted at its folder. What the project
does not hold itself but a reviewer would count for it is made visible at the same relative
path, read from the repository root (docs/monorepo.md, "What is shared"):

- CI and automation: ``.github/``, ``.gitlab-ci.yml``, ``.circleci/``, Azure, Bitbucket,
  Jenkins, pre-commit; task runners (``tox.ini``, ``noxfile.py``, ``Makefile``); CI jobs
  are then attributed to the project (checkers/ci/attribution.py);
- tool configuration files (``ruff.toml``, ``mypy.ini``, ``.coveragerc``, ...), security
  policy, CODEOWNERS, update bots, the licence and the workspace's lock file;
- ``pyproject.toml``: the project's own, with each ``[tool.X]`` table it lacks taken from
  the root's (packaging tools' tables and ``[tool.pyreadiness]`` ``profile`` and
  ``exclude`` excepted: they describe the root, not the member);
- test modules of the root's own folder (outside every member) that import one of the
  project's top-level packages: hatch tests hatchling, and pydantic-ai each member, from the
  root's ``tests/`` (``ProjectScope.tests_from_root``).

A file the project has itself always wins. Shared files are read, never handed to a tool
as a file to analyse (their kind is ``config``: they are not in the project's folder).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pyreadiness.discover.classify import FileKind, classify
from pyreadiness.discover.digests import DigestStore
from pyreadiness.discover.inventory import Inventory, ProjectScope, RepoFile, TomlDoc
from pyreadiness.discover.projects import SubProject

SHARED_FOLDERS = (
    ".github/",
    ".gitlab/",
    ".circleci/",
    ".azure-pipelines/",
    ".woodpecker/",
    ".buildkite/",
)
SHARED_FILES = frozenset(
    {
        ".gitlab-ci.yml",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
        "Jenkinsfile",
        ".travis.yml",
        "appveyor.yml",
        ".appveyor.yml",
        ".pre-commit-config.yaml",
        "tox.ini",
        "noxfile.py",
        "Makefile",
        "ruff.toml",
        ".ruff.toml",
        "mypy.ini",
        ".mypy.ini",
        "pyrightconfig.json",
        ".bandit",
        ".coveragerc",
        ".flake8",
        ".pylintrc",
        "pylintrc",
        "SECURITY.md",
        "SECURITY.rst",
        "CODEOWNERS",
        "renovate.json",
        ".renovaterc",
        ".renovaterc.json",
        "uv.lock",
        "pdm.lock",
        "LICENSE",
        "LICENSE.txt",
        "LICENSE.md",
        "COPYING",
        ".gitleaks.toml",
        ".secrets.baseline",
    }
)
#: ``[tool.X]`` tables of the root that describe the root's packaging, not a member's.
NOT_INHERITED_TOOLS = frozenset({"uv", "hatch", "pdm", "poetry", "setuptools", "flit"})


def is_shared(rel: str) -> bool:
    return rel in SHARED_FILES or rel.startswith(SHARED_FOLDERS)


def project_inventory(
    everything: Inventory,
    project: SubProject,
    projects: tuple[SubProject, ...],
    *,
    digest_store: DigestStore | None = None,
) -> Inventory:
    """The inventory ``project`` is scored on (``everything`` is the repository's)."""
    others = tuple(p.path for p in projects if p.path != project.path)
    scope = ProjectScope(path=project.path, others=others)
    if project.path == ".":
        foreign = tuple(f"{o}/" for o in others)
        files = tuple(f for f in everything.files if not f.path.startswith(foreign))
        view = _view(everything, everything.root, files, {}, everything.stamps, scope, digest_store)
        own_doc = everything.toml("pyproject.toml")
        if own_doc is not None and own_doc.data is not None:
            # The root as a member: its workspace table describes the repository, not it.
            view._memo["t:pyproject.toml"] = TomlDoc(
                path="pyproject.toml", data=_without_workspace(own_doc.data)
            )
        return view
    prefix = project.path + "/"
    own = {f.path[len(prefix) :]: f for f in everything.files if f.path.startswith(prefix)}
    stamps = {
        rel: everything.stamps[f.path] for rel, f in own.items() if f.path in everything.stamps
    }
    origins: dict[str, Path] = {}
    shared: list[RepoFile] = []
    in_a_project = tuple(f"{p.path}/" for p in projects if p.path != ".")
    for f in everything.files:
        if f.path in own or f.path.startswith(in_a_project) or not is_shared(f.path):
            continue
        origins[f.path] = everything.root / f.path
        shared.append(RepoFile(path=f.path, kind=FileKind.CONFIG, size=f.size))
        if f.path in everything.stamps:
            stamps[f.path] = everything.stamps[f.path]
    borrowed = _root_tests_importing(everything, _top_names(own), in_a_project, own)
    for f in borrowed:
        origins[f.path] = everything.root / f.path
        shared.append(RepoFile(path=f.path, kind=FileKind.CONFIG, size=f.size))
        if f.path in everything.stamps:
            stamps[f.path] = everything.stamps[f.path]
    tests_from_root = tuple(f.path for f in borrowed)
    scope = ProjectScope(path=project.path, others=others, tests_from_root=tests_from_root)
    merged = _merged_pyproject(everything, prefix)
    if merged is not None and "pyproject.toml" not in own:
        # The project has no pyproject.toml: the root's tool tables are visible on their own.
        origins["pyproject.toml"] = everything.root / "pyproject.toml"
        shared.append(RepoFile(path="pyproject.toml", kind=FileKind.CONFIG, size=0))
    root = everything.root / project.path
    from pyreadiness.discover.inventory import _pytest_test_globs

    probe = Inventory(
        root=root,
        files=tuple(RepoFile(path=rel, kind=f.kind, size=f.size) for rel, f in own.items()),
        listed_by=everything.listed_by,
    )
    globs = _pytest_test_globs(probe)
    files = tuple(
        RepoFile(path=rel, kind=classify(rel, globs), size=f.size) for rel, f in own.items()
    ) + tuple(shared)
    view = _view(everything, root, files, origins, stamps, scope, digest_store, prefix)
    if merged is not None:
        view._memo["t:pyproject.toml"] = merged
    return view


#: ``import a.b, c as d`` and ``from a.b import c``: the first name of each module imported.
#: No two neighbouring parts can match the same character (``\w+`` then ``\.``...): linear
#: on any line (tests/hostile/test_regex_bombs.py).
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(\w+)(?:\.[\w.]*)?[ \t]+import\b|import[ \t]+([\w., \t]+))", re.M
)
#: Top-level names of a folder that are never a project's importable package.
_NOT_PACKAGES = frozenset({"setup", "conftest", "noxfile", "tasks", "manage", "tests", "test"})


def _top_names(own: Mapping[str, RepoFile]) -> frozenset[str]:
    """The importable top-level names of a project's shipped code (``src/`` layout or not)."""
    names = set()
    for rel, f in own.items():
        if f.kind is not FileKind.SOURCE or not rel.endswith(".py"):
            continue
        parts = rel.split("/")
        if parts[0] == "src" and len(parts) > 1:
            parts = parts[1:]
        name = parts[0].removesuffix(".py")
        if name.isidentifier() and name not in _NOT_PACKAGES:
            names.add(name)
    return frozenset(names)


def imported_tops(text: str) -> frozenset[str]:
    """Top-level module names a module imports, read line by line (never executed)."""
    found = set()
    for match in _IMPORT.finditer(text):
        if match[1]:
            found.add(match[1])
            continue
        for part in match[2].split(","):
            words = part.split()
            if words:
                found.add(words[0].split(".", 1)[0])
    return frozenset(found)


def _imports_of(everything: Inventory, rel: str) -> frozenset[str]:
    """A root test module's imports, read once for all the members that ask."""
    key = f"imports:{rel}"
    found: frozenset[str] | None = everything._memo.get(key)
    if found is None:
        found = imported_tops(everything.read_text(rel) or "")
        everything._memo[key] = found
    return found


def _root_tests_importing(
    everything: Inventory,
    names: frozenset[str],
    in_a_project: tuple[str, ...],
    own: Iterable[str],
) -> tuple[RepoFile, ...]:
    """The root folder's test modules (outside every member) that import one of ``names``."""
    if not names:
        return ()
    mine = set(own)
    found = []
    for f in everything.files:
        rel = f.path
        if f.kind is not FileKind.TEST or not rel.endswith(".py") or rel in mine:
            continue
        if rel.startswith(in_a_project):
            continue
        if _imports_of(everything, rel) & names:
            found.append(f)
    return tuple(sorted(found, key=lambda f: f.path))


def _view(
    everything: Inventory,
    root: Path,
    files: tuple[RepoFile, ...],
    origins: dict[str, Path],
    stamps: Mapping[str, Any],
    scope: ProjectScope,
    digest_store: DigestStore | None,
    prefix: str = "",
) -> Inventory:
    problems = tuple(
        (path[len(prefix) :], why) for path, why in everything.problems if path.startswith(prefix)
    )
    return Inventory(
        root=root,
        files=files,
        listed_by=everything.listed_by,
        problems=problems,
        set_aside=tuple(p[len(prefix) :] for p in everything.set_aside if p.startswith(prefix)),
        origins=origins,
        scope=scope,
        stamps=stamps,
        digest_store=digest_store,
    )


def _merged_pyproject(everything: Inventory, prefix: str) -> TomlDoc | None:
    """The project's pyproject.toml with the root's tool tables it lacks (see module doc)."""
    root_doc = everything.toml("pyproject.toml")
    root_tool = root_doc.data.get("tool") if root_doc is not None and root_doc.data else None
    if not isinstance(root_tool, dict):
        return None
    inherited = {k: v for k, v in root_tool.items() if k not in NOT_INHERITED_TOOLS}
    if isinstance(inherited.get("pyreadiness"), dict):
        # A project's role is its own; the root's excludes were applied to the repository.
        inherited["pyreadiness"] = {
            k: v for k, v in inherited["pyreadiness"].items() if k not in ("profile", "exclude")
        }
    if not inherited:
        return None
    own = everything.toml(prefix + "pyproject.toml")
    if own is None:
        return TomlDoc(path="pyproject.toml", data={"tool": inherited})
    if own.data is None:
        return TomlDoc(path="pyproject.toml", data=None, error=own.error, line=own.line)
    data = dict(own.data)
    tool = data.get("tool")
    tool = dict(tool) if isinstance(tool, dict) else {}
    for key, table in inherited.items():
        tool.setdefault(key, table)
    data["tool"] = tool
    return TomlDoc(path="pyproject.toml", data=data)


def _without_workspace(data: dict[str, Any]) -> dict[str, Any]:
    tool = data.get("tool")
    uv = tool.get("uv") if isinstance(tool, dict) else None
    if not isinstance(tool, dict) or not isinstance(uv, dict) or "workspace" not in uv:
        return data
    return {**data, "tool": {**tool, "uv": {k: v for k, v in uv.items() if k != "workspace"}}}
