"""Which role a repository plays: library, application/service, CLI, scripts or monorepo.

The profile decides which components and weights apply (docs/scoring.md, "Profiles"). It is
read from ``[tool.pyreadiness] profile`` when set, otherwise detected from the evidence a
reviewer looks at first, in this order (the first rule that holds decides):

1. **monorepo**: a workspace is declared (``[tool.uv.workspace]``, a hatch environment's
   ``workspace.members``), or there are two or more projects (packaging files below the
   root outside test, fixture, example, docs, template and vendored folders; a packaged
   root counts as one) that hold most of the shipped Python. The share rule keeps a
   tutorial collection with a few packaged folders among hundreds of loose scripts out.
2. **application**: something runs it as a service: a compose file, a ``Procfile`` or
   Django's ``manage.py`` at the root; or a ``Dockerfile``/``Containerfile`` at the root of
   a project that is not packaged or that depends on a server framework (a CLI also ships
   a Dockerfile to run the tool in a container: that alone does not make it a service).
3. **cli** / **library**: build metadata (``[build-system]``, ``setup.py``, ``setup.cfg``
   ``[metadata]``, ``[tool.poetry]``). Classifiers decide when they say it ("Topic ::
   Software Development :: Libraries" -> library; "Environment :: Console" -> cli); else
   console scripts make a cli unless a ``py.typed`` marker says it is meant to be imported.
   ``[project.scripts]`` alone also counts as packaging: scripts exist only once installed.
4. **application**: not packaged, and most of the shipped code is one package folder run
   as it is.
5. **scripts**: anything else unpackaged: notebooks, loose scripts, many unrelated folders.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.projects import NOT_PROJECT_DIRS
from pyreadiness.model import Profile, ProfileDecision

#: Root files that mean "this is run as a service" whatever else the repository holds.
_SERVICE_FILES = (
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
    "Procfile",
    "manage.py",
)
_CONTAINER_FILES = ("Dockerfile", "Containerfile")

#: Runtime dependencies that serve requests or run workers: a project depending on one and
#: shipping a container image is a service.
SERVER_FRAMEWORKS = frozenset(
    {
        "aiohttp",
        "celery",
        "django",
        "falcon",
        "fastapi",
        "flask",
        "gradio",
        "gunicorn",
        "litestar",
        "pyramid",
        "quart",
        "sanic",
        "starlette",
        "streamlit",
        "tornado",
        "uvicorn",
    }
)

_PACKAGING_FILES = ("pyproject.toml", "setup.py")
#: Projects deeper than this are not the repository's own layout (libs/a/pyproject.toml is 2).
MAX_PROJECT_DEPTH = 3
#: Share of shipped Python the projects must hold for several projects to be a monorepo.
MONOREPO_MIN_SHARE = 0.5
#: Share of shipped Python one package folder must hold for unpackaged code to be one app.
APPLICATION_MIN_SHARE = 0.8

_LIBRARY_CLASSIFIER = "Topic :: Software Development :: Libraries"
_CONSOLE_CLASSIFIER = "Environment :: Console"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def detect_profile(inv: Inventory, configured: Profile | None = None) -> ProfileDecision:
    if configured is not None:
        return ProfileDecision(
            profile=configured, evidence="[tool.pyreadiness] profile sets it", configured=True
        )
    pyproject = _table(inv)
    for rule in (_monorepo, _service, _packaged, _unpackaged):
        decision = rule(inv, pyproject)
        if decision is not None:
            return decision
    return ProfileDecision(
        profile=Profile.SCRIPTS,
        evidence="no packaging metadata and no service entry point: scripts run by hand",
    )


def _table(inv: Inventory) -> dict[str, Any]:
    doc = inv.toml("pyproject.toml")
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}


def _get(data: Mapping[str, Any], *keys: str) -> Any:
    node: Any = data
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


# -- 1. monorepo ---------------------------------------------------------------------------------


def _monorepo(inv: Inventory, pyproject: dict[str, Any]) -> ProfileDecision | None:
    workspace = _declared_workspace(pyproject)
    if workspace:
        return ProfileDecision(profile=Profile.MONOREPO, evidence=f"pyproject.toml {workspace}")
    nested = nested_projects(inv)
    root_packaged = _packaging_evidence(inv, pyproject) is not None
    projects = len(nested) + (1 if root_packaged else 0)
    if projects < 2:
        return None
    shipped = [p for p in inv.paths(FileKind.SOURCE) if p.endswith(".py")]
    inside = [p for p in shipped if root_packaged or any(p.startswith(f"{d}/") for d in nested)]
    if not shipped or len(inside) / len(shipped) < MONOREPO_MIN_SHARE:
        return None
    names = ", ".join(nested[:3]) + (" ..." if len(nested) > 3 else "")
    root = "the root and " if root_packaged else ""
    return ProfileDecision(
        profile=Profile.MONOREPO,
        evidence=f"{projects} projects ({root}{names}) hold {len(inside)} of "
        f"{len(shipped)} shipped Python files",
    )


def _declared_workspace(pyproject: dict[str, Any]) -> str:
    if isinstance(_get(pyproject, "tool", "uv", "workspace"), dict):
        return "declares a uv workspace ([tool.uv.workspace])"
    envs = _get(pyproject, "tool", "hatch", "envs")
    if isinstance(envs, dict):
        for name, env in sorted(envs.items()):
            if isinstance(_get(env, "workspace", "members"), list):
                return f"declares a hatch workspace ([tool.hatch.envs.{name}] workspace.members)"
    return ""


def nested_projects(inv: Inventory) -> list[str]:
    """Folders below the root that hold a packaging file and are the repository's projects."""
    found: set[str] = set()
    for f in inv.files:
        path = PurePosixPath(f.path)
        parent = path.parent
        if path.name not in _PACKAGING_FILES or parent == PurePosixPath("."):
            continue
        if len(parent.parts) > MAX_PROJECT_DEPTH:
            continue
        if any(part in NOT_PROJECT_DIRS or part.startswith(".") for part in parent.parts):
            continue
        found.add(parent.as_posix())
    # A project inside another project (a test package of a member) is part of that project.
    return sorted(p for p in found if not any(p.startswith(f"{q}/") for q in found))


# -- 2. application run as a service -------------------------------------------------------------


def _service(inv: Inventory, pyproject: dict[str, Any]) -> ProfileDecision | None:
    for name in _SERVICE_FILES:
        if inv.has(name):
            return ProfileDecision(
                profile=Profile.APPLICATION, evidence=f"{name} at the root runs it as a service"
            )
    container = next((n for n in _CONTAINER_FILES if inv.has(n)), None)
    if container is None:
        return None
    packaged = _packaging_evidence(inv, pyproject)
    frameworks = sorted(runtime_dependencies(inv, pyproject) & SERVER_FRAMEWORKS)
    if packaged is not None and not frameworks:
        return None
    why = f"depends on {', '.join(frameworks[:3])}" if frameworks else "is not packaged"
    return ProfileDecision(
        profile=Profile.APPLICATION,
        evidence=f"{container} at the root, and the project {why}: run as a service",
    )


def runtime_dependencies(inv: Inventory, pyproject: dict[str, Any]) -> set[str]:
    """Normalised names of the declared runtime dependencies (pyproject, root requirements)."""
    lines: list[str] = []
    declared = _get(pyproject, "project", "dependencies")
    if isinstance(declared, list):
        lines += [d for d in declared if isinstance(d, str)]
    poetry = _get(pyproject, "tool", "poetry", "dependencies")
    if isinstance(poetry, dict):
        lines += [str(k) for k in poetry]
    text = inv.read_text("requirements.txt")
    if text is not None:
        lines += [line for line in text.splitlines() if not line.lstrip().startswith("-")]
    names = set()
    for line in lines:
        match = _NAME.match(line)
        if match:
            names.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
    return names


# -- 3. packaged: library or cli -----------------------------------------------------------------


def _packaging_evidence(inv: Inventory, pyproject: dict[str, Any]) -> str | None:
    if "build-system" in pyproject:
        return "pyproject.toml declares a build backend"
    if isinstance(_get(pyproject, "tool", "poetry"), dict):
        return "pyproject.toml is a Poetry project"
    if isinstance(_get(pyproject, "project", "scripts"), dict):
        # Console scripts exist only once installed: pip builds it with its default backend.
        return "pyproject.toml [project] declares console scripts"
    if inv.has("setup.py"):
        return "setup.py packages the project"
    cfg = inv.ini("setup.cfg")
    if cfg is not None and cfg.has_option("metadata", "name"):
        return "setup.cfg packages the project"
    return None


def _packaged(inv: Inventory, pyproject: dict[str, Any]) -> ProfileDecision | None:
    packaged = _packaging_evidence(inv, pyproject)
    if packaged is None:
        return None
    classifiers = _classifiers(inv, pyproject)
    scripts = console_scripts(inv, pyproject)
    if any(c.startswith(_LIBRARY_CLASSIFIER) for c in classifiers):
        return ProfileDecision(
            profile=Profile.LIBRARY, evidence=f"{packaged}; classified as a library"
        )
    if _CONSOLE_CLASSIFIER in classifiers and scripts:
        return ProfileDecision(
            profile=Profile.CLI,
            evidence=f"{packaged}; console scripts ({_first(scripts)}), classified Console",
        )
    if scripts and not inv.matching("*py.typed"):
        return ProfileDecision(
            profile=Profile.CLI,
            evidence=f"{packaged}; console scripts ({_first(scripts)}) and no py.typed marker",
        )
    return ProfileDecision(profile=Profile.LIBRARY, evidence=packaged)


def _first(names: list[str]) -> str:
    return ", ".join(names[:3]) + (" ..." if len(names) > 3 else "")


def _classifiers(inv: Inventory, pyproject: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for table in (("project",), ("tool", "poetry")):
        found = _get(pyproject, *table, "classifiers")
        if isinstance(found, list):
            out |= {c.strip() for c in found if isinstance(c, str)}
    cfg = inv.ini("setup.cfg")
    if cfg is not None and cfg.has_option("metadata", "classifiers"):
        out |= {c.strip() for c in cfg.get("metadata", "classifiers").splitlines() if c.strip()}
    setup_py = inv.read_text("setup.py") or ""
    # setup.py is never run: its classifier strings are found as text.
    out |= {c for c in (_LIBRARY_CLASSIFIER, _CONSOLE_CLASSIFIER) if c in setup_py}
    return out


def console_scripts(inv: Inventory, pyproject: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for table in (("project", "scripts"), ("tool", "poetry", "scripts")):
        found = _get(pyproject, *table)
        if isinstance(found, dict):
            names += [str(k) for k in found]
    cfg = inv.ini("setup.cfg")
    if cfg is not None and cfg.has_option("options.entry_points", "console_scripts"):
        entries = cfg.get("options.entry_points", "console_scripts").splitlines()
        names += [e.split("=")[0].strip() for e in entries if "=" in e]
    if "console_scripts" in (inv.read_text("setup.py") or ""):
        names.append("(setup.py console_scripts)")
    return sorted(set(names))


# -- 4./5. unpackaged ----------------------------------------------------------------------------


def _unpackaged(inv: Inventory, pyproject: dict[str, Any]) -> ProfileDecision | None:
    shipped = [p for p in inv.paths(FileKind.SOURCE) if p.endswith(".py")]
    if not shipped:
        return None
    tops = Counter(PurePosixPath(p).parts[0] for p in shipped if "/" in p)
    if not tops:
        return None
    folder, count = tops.most_common(1)[0]
    if count / len(shipped) >= APPLICATION_MIN_SHARE and inv.has(f"{folder}/__init__.py"):
        return ProfileDecision(
            profile=Profile.APPLICATION,
            evidence=f"not packaged; the package {folder}/ holds {count} of {len(shipped)} "
            "shipped Python files: one application run as it is",
        )
    return None
