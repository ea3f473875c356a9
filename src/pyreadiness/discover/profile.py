"""Which role a repository plays: library, application/service, CLI, scripts or monorepo.

The profile decides which components and weights apply (docs/scoring.md, "Profiles"). It is
read from ``[tool.pyreadiness] profile`` when set, otherwise detected from evidence that a
reviewer would look at first, in this order:

1. several packaging files below the root (a workspace) -> monorepo
2. a service entry point (Dockerfile, Procfile, Django ``manage.py``) -> application
3. build metadata with console scripts and no ``.pyi`` stubs -> cli
4. build metadata (``[build-system]``, ``[project]``, ``setup.cfg``, ``setup.py``) -> library
5. notebooks or loose top-level scripts, nothing packaged -> scripts
6. otherwise -> application (something run as it is, not installed by others)
"""

from __future__ import annotations

from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory
from pyreadiness.model import Profile, ProfileDecision

_SERVICE_ENTRY_POINTS = ("Dockerfile", "Containerfile", "Procfile", "manage.py")


def detect_profile(inv: Inventory, configured: Profile | None = None) -> ProfileDecision:
    if configured is not None:
        return ProfileDecision(
            profile=configured,
            evidence="[tool.pyreadiness] profile sets it",
            configured=True,
        )
    for name in _SERVICE_ENTRY_POINTS:
        if inv.has(name):
            return ProfileDecision(
                profile=Profile.APPLICATION, evidence=f"{name} at the root runs it as a service"
            )
    doc = inv.toml("pyproject.toml")
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    project = data.get("project")
    if isinstance(project, dict) or "build-system" in data:
        scripts = project.get("scripts") if isinstance(project, dict) else None
        if isinstance(scripts, dict) and scripts and not inv.of_kind(FileKind.STUB):
            return ProfileDecision(
                profile=Profile.CLI,
                evidence=f"pyproject.toml packages the project with console scripts "
                f"({', '.join(sorted(scripts)[:3])})",
            )
        return ProfileDecision(
            profile=Profile.LIBRARY, evidence="pyproject.toml packages the project"
        )
    for name in ("setup.py", "setup.cfg"):
        if inv.has(name):
            return ProfileDecision(profile=Profile.LIBRARY, evidence=f"{name} packages the project")
    if inv.matching("*.ipynb"):
        return ProfileDecision(
            profile=Profile.SCRIPTS, evidence="notebooks and no packaging metadata"
        )
    return ProfileDecision(
        profile=Profile.APPLICATION, evidence="no packaging metadata: run as it is"
    )
