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

from pyreadiness.checkers.interface import UNDECIDED_PROFILE
from pyreadiness.discover.dependencies import DependencySet
from pyreadiness.model import Profile, ProfileDecision


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
    pyproject = meta.metadata_file is not None and meta.metadata_file.endswith("pyproject.toml")
    if meta.metadata_file is not None and not pyproject:
        return KindDecision(kind=ProjectKind.LIBRARY, why=f"{where} gives package metadata")
    if pyproject and any(d.format == "poetry" for d in deps.declared):
        return KindDecision(kind=ProjectKind.LIBRARY, why="[tool.poetry] packages the project")
    return KindDecision(kind=ProjectKind.APPLICATION, why="no build metadata: nothing is packaged")


#: The dependency role of each profile: a CLI is published and installed like a library
#: (pipx resolves its ranges afresh), scripts are run as they are, like an application.
ROLE_OF_PROFILE = {
    Profile.LIBRARY: ProjectKind.LIBRARY,
    Profile.CLI: ProjectKind.LIBRARY,
    Profile.APPLICATION: ProjectKind.APPLICATION,
    Profile.SCRIPTS: ProjectKind.APPLICATION,
}


def dependency_role(profile: ProfileDecision, deps: DependencySet) -> KindDecision:
    """The role the repository's profile gives it (docs/scoring.md, "Profiles").

    A configured profile always wins. A detected one wins too, except over the packaging
    tool's own "not a distributable package" switch, which is stronger evidence than any
    detection. A monorepo, or a context without a profile, is judged by its build metadata.
    """
    role = ROLE_OF_PROFILE.get(profile.profile)
    if profile is UNDECIDED_PROFILE or role is None:
        return project_kind(deps)
    if not profile.configured and deps.project.package_mode is False:
        return project_kind(deps)
    return KindDecision(kind=role, why=f"profile {profile.profile.value}: {profile.evidence}")
