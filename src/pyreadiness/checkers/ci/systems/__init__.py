"""The CI systems the checker recognises: where their files live and how to read them.

Each system module turns its configuration into :class:`Step` values (what runs, where,
and whether its failure can fail the pipeline); the rest of the checker is shared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyreadiness.checkers.ci.model import System
from pyreadiness.checkers.ci.systems import (
    azure,
    bitbucket,
    circleci,
    github,
    gitlab,
    hosted,
    jenkins,
    travis,
)
from pyreadiness.checkers.ci.systems.common import Extraction

if TYPE_CHECKING:
    from collections.abc import Callable

    from pyreadiness.discover.inventory import Inventory

__all__ = ["EXTRACTORS", "Extraction", "detect"]

EXTRACTORS: dict[System, Callable[[Inventory, list[str]], Extraction]] = {
    System.GITHUB: github.extract,
    System.GITLAB: gitlab.extract,
    System.CIRCLECI: circleci.extract,
    System.AZURE: azure.extract,
    System.BITBUCKET: bitbucket.extract,
    System.JENKINS: jenkins.extract,
    System.PRECOMMIT_CI: hosted.extract_pre_commit_ci,
    System.TRAVIS: travis.extract,
    System.APPVEYOR: hosted.extract_appveyor,
}


def _is_yaml(path: str) -> bool:
    return path.endswith((".yml", ".yaml"))


def detect(inventory: Inventory) -> dict[System, list[str]]:
    """Entry files of each configured system (only where each service looks for them)."""
    found: dict[System, list[str]] = {}
    for path in sorted(f.path for f in inventory.files):
        system: System | None = None
        folder, _, name = path.rpartition("/")
        if folder == ".github/workflows" and _is_yaml(name):
            system = System.GITHUB
        elif path == ".gitlab-ci.yml":
            system = System.GITLAB
        elif path == ".circleci/config.yml":
            system = System.CIRCLECI
        elif (
            not folder and _is_yaml(name) and name.removeprefix(".").startswith("azure-pipelines")
        ) or (folder in (".azure-pipelines", "azure-pipelines") and _is_yaml(name)):
            system = System.AZURE
        elif path == "bitbucket-pipelines.yml":
            system = System.BITBUCKET
        elif path == "Jenkinsfile":
            system = System.JENKINS
        elif path == ".travis.yml":
            system = System.TRAVIS
        elif path in hosted.APPVEYOR_FILES:
            system = System.APPVEYOR
        if system is not None:
            found.setdefault(system, []).append(path)
    if hosted.uses_pre_commit_ci(inventory):
        found[System.PRECOMMIT_CI] = [hosted.PRE_COMMIT_CONFIG]
    return found
