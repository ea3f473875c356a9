"""Library or application: the one judgement that changes how dependencies are scored.

A library is installed next to other code, so it declares ranges and pins only its own
environments; an application is deployed alone and should pin everything it runs with.
We call a repository a *library* when it builds a distribution: ``[build-system]`` is
declared, or ``[tool.poetry]`` / ``setup.cfg [metadata]`` / a ``setup()`` call give package
metadata. Its tool's own "not a package" switch wins (Poetry ``package-mode = false``, PDM
``distribution = false``, uv ``package = false``): that is an application, as is a
repository with requirements files or a Pipfile but no build metadata.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from pyreadiness.discover.dependencies import DependencySet


class ProjectKind(str, enum.Enum):
    LIBRARY = "library"
    APPLICATION = "application"


@dataclass(frozen=True, kw_only=True)
class KindDecision:
    kind: ProjectKind
    why: str


def project_kind(deps: DependencySet) -> KindDecision:
    meta = deps.project
    where = meta.metadata_file or "pyproject.toml"
    if meta.package_mode is False:
        return KindDecision(
            kind=ProjectKind.APPLICATION, why=f"{where} says it is not a distributable package"
        )
    if meta.build_backend is not None:
        return KindDecision(
            kind=ProjectKind.LIBRARY,
            why=f"pyproject.toml declares a build backend ({meta.build_backend})",
        )
    if meta.metadata_file is not None and meta.metadata_file != "pyproject.toml":
        return KindDecision(kind=ProjectKind.LIBRARY, why=f"{where} gives package metadata")
    if meta.metadata_file == "pyproject.toml" and any(d.format == "poetry" for d in deps.declared):
        return KindDecision(kind=ProjectKind.LIBRARY, why="[tool.poetry] packages the project")
    return KindDecision(kind=ProjectKind.APPLICATION, why="no build metadata: nothing is packaged")
