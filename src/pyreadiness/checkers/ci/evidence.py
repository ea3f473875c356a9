"""What the repository's CI runs: every system's steps, classified (shared by the ``ci`` and
``security-process`` checkers, so both read the same evidence the same way)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyreadiness.checkers.ci.analyze import Analyzer
from pyreadiness.checkers.ci.attribution import script_applies
from pyreadiness.checkers.ci.model import LEGACY_SYSTEMS, Hit, System
from pyreadiness.checkers.ci.systems import EXTRACTORS, Extraction, detect

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

#: Files of CI systems whose configuration is not read. Their presence means something may
#: run checks that we cannot see, so "no CI at all" is not clear-cut and nothing is capped.
OTHER_CI_FILES = (
    ".drone.yml",
    ".woodpecker.yml",
    ".cirrus.yml",
    ".semaphore/semaphore.yml",
    "cloudbuild.yaml",
    "cloudbuild.yml",
    "buildspec.yml",
    "codefresh.yml",
    ".buildkite/pipeline.yml",
)
OTHER_CI_FOLDERS = (
    ".woodpecker/",
    ".buildkite/",
    ".gitea/workflows/",
    ".forgejo/workflows/",
    ".teamcity/",
    "bamboo-specs/",
)


@dataclass(frozen=True, kw_only=True)
class CIEvidence:
    detected: dict[System, list[str]]  # entry files of each configured system
    extractions: tuple[Extraction, ...]  # one per system, in system-name order
    hits: tuple[Hit, ...]
    other_ci: tuple[str, ...]  # files of CI systems that are not read

    @property
    def systems(self) -> list[System]:
        return sorted(self.detected, key=lambda s: s.value)

    @property
    def readable(self) -> list[System]:
        return [e.system for e in self.extractions if e.documents]

    @property
    def current(self) -> list[System]:
        """Readable systems that run builds today (not legacy)."""
        return [s for s in self.readable if s not in LEGACY_SYSTEMS]

    @property
    def legacy(self) -> list[System]:
        return [s for s in self.systems if s in LEGACY_SYSTEMS]

    def extraction(self, system: System) -> Extraction | None:
        return next((e for e in self.extractions if e.system is system), None)

    def anchor(self) -> str | None:
        """The busiest readable entry file of a current system, for repository findings."""
        steps_in = Counter(step.path for e in self.extractions for step in e.steps)
        entries = [
            (-steps_in[path], path)
            for e in self.extractions
            if e.system not in LEGACY_SYSTEMS
            for path in self.detected[e.system]
            if path in e.documents
        ]
        return min(entries)[1] if entries else None


def gather(inventory: Inventory) -> CIEvidence:
    detected = detect(inventory)
    systems = sorted(detected, key=lambda s: s.value)
    extractions = tuple(EXTRACTORS[s](inventory, detected[s]) for s in systems)
    # GitHub's reader attributes its steps itself (working-directory, paths: filters).
    steps = (
        step
        for e in extractions
        for step in e.steps
        if step.system is System.GITHUB or script_applies(step.script, inventory.scope, None)
    )
    hits = Analyzer(inventory).hits(steps)
    other = sorted(
        f.path
        for f in inventory.files
        if f.path in OTHER_CI_FILES or f.path.startswith(OTHER_CI_FOLDERS)
    )
    return CIEvidence(
        detected=detected, extractions=extractions, hits=tuple(hits), other_ci=tuple(other)
    )
