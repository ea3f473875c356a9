"""A monorepo's run: each sub-project scored on its own inventory, then rolled up.

The pipeline calls :func:`run_projects` when discovery finds several projects (or the user
names some with ``--project``); a repository of one project never comes here, so its
report is byte for byte what it always was. Each project is scored by the same function
as a whole repository (``score``), on the inventory of discover/subproject.py; its
findings are then placed in the repository (paths from the repository root, the project's
name on each) and the scores rolled up (score/rollup.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from pyreadiness.discover.digests import DigestStore
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.projects import (
    MAX_DEPTH,
    NOT_PROJECT_DIRS,
    Layout,
    SubProject,
    detect_projects,
)
from pyreadiness.discover.subproject import project_inventory
from pyreadiness.errors import UsageError
from pyreadiness.model import Finding, Profile, ProfileDecision
from pyreadiness.report.model import ProjectEntry, Report, finding_sort_key
from pyreadiness.reporters.inert import inert_report, visible
from pyreadiness.score.gate import GateOutcome
from pyreadiness.score.rollup import ProjectScore, roll_up
from pyreadiness.tools.cache import Cache

#: Scores one inventory as a repository (pipeline._score): the project's report.
ScoreFn = Callable[[Inventory], Report]

#: How far above a scanned folder its repository root is looked for.
MAX_CLIMB = 32


def choose(layout: Layout, names: Sequence[str], where: str) -> tuple[SubProject, ...]:
    """The projects ``--project`` names (by name or folder); all of them when none is."""
    if not names:
        return layout.projects
    known = {p.name: p for p in layout.projects} | {p.path: p for p in layout.projects}
    chosen: list[SubProject] = []
    for name in names:
        project = known.get(name.strip().rstrip("/"))
        if project is None:
            listed = ", ".join(p.name for p in layout.projects) or "none: not a monorepo"
            raise UsageError(f"{where}: unknown project {name!r} (projects: {listed})")
        if project not in chosen:
            chosen.append(project)
    return tuple(sorted(chosen, key=lambda p: p.path))


def enclosing_repository(target: Path) -> Path | None:
    """The git work tree ``target`` (resolved) is a sub-folder of, if any.

    Only a real ``.git`` (folder or worktree file, not a symlink) in an ancestor counts,
    so a scan never reads above the repository the user pointed into.
    """
    if (target / ".git").exists():
        return None  # the scanned folder is a repository's root itself
    for depth, parent in enumerate(target.parents):
        if depth >= MAX_CLIMB:
            return None
        marker = parent / ".git"
        if marker.is_symlink():
            return None
        if marker.exists():
            return parent
    return None


def could_be_project(folder: Path, repository: Path) -> bool:
    """Whether a scanned sub-folder may be one of its repository's projects, decided
    without listing the repository: it holds a packaging file, and sits where detection
    looks for projects (not in a test, fixture, example or vendored folder; at most
    ``MAX_DEPTH`` deep). Anything else is scanned on its own, as always, at no extra cost."""
    parts = folder.relative_to(repository).parts
    if len(parts) > MAX_DEPTH or any(p in NOT_PROJECT_DIRS or p.startswith(".") for p in parts):
        return False
    return any((folder / name).is_file() for name in ("pyproject.toml", "setup.py", "setup.cfg"))


def project_at(layout: Layout, rel: str) -> SubProject | None:
    """The sub-project whose folder holds ``rel`` (a repository-relative folder)."""
    for project in layout.projects:
        if project.path != "." and (rel == project.path or rel.startswith(project.path + "/")):
            return project
    return None


def monorepo_report(
    everything: Inventory,
    names: Sequence[str],
    *,
    scanned: Path,
    cache: Cache,
    score: ScoreFn,
    root_findings: Sequence[Finding],
) -> Report | None:
    """The report of a monorepo, or None for a repository of one project (the usual path).

    ``everything`` is the repository's inventory; when ``scanned`` is a sub-folder of it,
    only the project there is scored (docs/monorepo.md, "Scanning a sub-folder").
    """
    layout = detect_projects(everything)
    if everything.root != scanned:
        project = project_at(layout, scanned.relative_to(everything.root).as_posix())
        if project is None:
            return None
        chosen: tuple[SubProject, ...] = (project,)
    elif not layout.is_monorepo and not names:
        return None
    else:
        chosen = choose(layout, names, "--project")
    return run_projects(
        everything, chosen, layout, cache=cache, score=score, root_findings=root_findings
    )


def run_projects(
    everything: Inventory,
    projects: Sequence[SubProject],
    layout: Layout,
    *,
    cache: Cache,
    score: ScoreFn,
    root_findings: Sequence[Finding],
) -> Report:
    """Score ``projects`` of the repository ``everything`` lists; the report's target is the
    repository root, so every path in it is relative to one place."""
    entries = []
    for project in projects:
        folder = everything.root / project.path
        digests = DigestStore(cache, folder) if cache.enabled else None
        inv = project_inventory(everything, project, layout.projects, digest_store=digests)
        # Names and folders come from the repository: printable and inert in every format.
        project = dataclasses.replace(
            project, name=visible(project.name), path=visible(project.path)
        )
        report = _placed(score(inv), project, inv)
        if digests is not None:
            digests.save({f.path for f in inv.files})
        entries.append(
            ProjectEntry(
                name=project.name, path=project.path, declared_by=project.declared_by, report=report
            )
        )
    profile = ProfileDecision(profile=Profile.MONOREPO, evidence=layout.evidence)
    return _rolled_up(entries, root_findings, everything, profile)


def _placed(report: Report, project: SubProject, inv: Inventory) -> Report:
    """The project's report with its findings' paths from the repository root."""

    def place(f: Finding) -> Finding:
        path = f.path
        if path is not None and project.path != "." and path not in inv.origins:
            path = f"{project.path}/{path}"
        return dataclasses.replace(f, path=path, project=project.name)

    findings = tuple(sorted((place(f) for f in report.findings), key=finding_sort_key))
    return dataclasses.replace(report, findings=findings, target=inv.root.as_posix())


def _rolled_up(
    entries: list[ProjectEntry],
    root_findings: Sequence[Finding],
    everything: Inventory,
    profile: ProfileDecision,
) -> Report:
    reports = [e.report for e in entries]
    rollup = roll_up(
        [
            ProjectScore(
                name=e.name,
                shipped_lines=e.report.source_lines,
                score=e.report.score,
                pillars=e.report.pillars,
            )
            for e in entries
        ]
    )
    # The repository passes when every project passes its own gate.
    failing = [e for e in entries if not e.report.gate.passed]
    gate = GateOutcome(
        passed=not failing,
        reasons=tuple(
            f"project {e.name}: {why}"
            for e in (failing or entries)
            for why in e.report.gate.reasons
        ),
    )
    partial = rollup.partial + tuple(
        f"project {e.name}: {why}" for e in entries for why in e.report.partial
    )
    findings = list(root_findings) + [f for r in reports for f in r.findings]
    first = reports[0]
    return inert_report(
        Report(
            tool_version=first.tool_version,
            target=everything.root.as_posix(),
            score=rollup.score,
            grade=rollup.grade,
            # Each project's score is after its own caps; the roll-up adds none.
            uncapped_score=rollup.score,
            partial=partial,
            gate=gate,
            thresholds=first.thresholds,
            pillars=rollup.pillars,
            checks=(),
            findings=tuple(sorted(findings, key=finding_sort_key)),
            plugin_errors=first.plugin_errors,
            profile=profile,
            files=len(everything.files),
            source_lines=sum(r.source_lines for r in reports),
            listed_by=everything.listed_by,
            duration=sum(r.duration for r in reports),
            projects=tuple(entries),
            weakest=rollup.weakest,
        )
    )
