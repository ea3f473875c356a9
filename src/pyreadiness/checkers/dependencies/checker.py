"""The dependencies checker: do the runtime dependencies resolve reproducibly?"""

from __future__ import annotations

from collections.abc import Sequence

from pyreadiness.checkers.dependencies import components
from pyreadiness.checkers.dependencies import library as library_parts
from pyreadiness.checkers.dependencies.catalogue import RULES
from pyreadiness.checkers.dependencies.findings import (
    CHECK,
    DECLARATION_UNREADABLE,
    from_problem,
    sort_key,
)
from pyreadiness.checkers.dependencies.imports import (
    code_in_members,
    python_paths,
    third_party_imports,
)
from pyreadiness.checkers.dependencies.project_kind import ProjectKind, dependency_role
from pyreadiness.checkers.dependencies.resolution import Resolution, resolve
from pyreadiness.checkers.dependencies.update_tools import (
    UpdateTool,
    candidate_files,
    update_tools,
)
from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.dependencies import DependencyKind, DependencySet, read_dependencies
from pyreadiness.model import (
    CheckResult,
    Finding,
    MetricValue,
    Pillar,
    ScoreComponent,
    scored,
    skipped,
)


class DependenciesChecker(Checker):
    """Do the runtime dependencies resolve to the same versions on every install?

    Reads every common declaration statically (nothing is executed): PEP 621
    ``[project]`` dependencies and extras, PEP 735 dependency groups, Poetry (groups
    included), PDM, uv and Hatch environments, setup.cfg, setup.py (through its syntax
    tree), requirements*.txt / requirements/*.txt / *.in with ``-r``/``-c`` includes, and
    Pipfile; and the lock files uv.lock, poetry.lock, pdm.lock, Pipfile.lock, pylock.toml
    (PEP 751) and pip-compile output.

    The role comes from the repository's profile: a library or CLI is installed next to
    other code, so it declares ranges and makes its own development environment
    reproducible; an application (or scripts) is deployed as it is and should pin
    everything it runs with. Without a profile (or for a monorepo) the build metadata
    decides: a distribution is built (a build backend, Poetry/setup.cfg/setup.py
    metadata) unless its tool says "not a package".

    Score (weighted mean of the components; pass at 70):

    * ranges (40, library role): share of runtime dependencies of the metadata not
      pinned to one version (==): an exact pin forces that release on every user.
    * dev-env (30, library role): 100 with a lock file or every development dependency
      ==-pinned; else 50 for declaring them plus 50 x the pinned share; none: 0.
    * reproducible (50, application role): share of runtime dependencies that resolve
      to one exact version, through a lock file made for this project or an == pin: 85
      points for the pins, 15 for artifact hashes. An application that declares nothing
      at its root is read from its folder requirements files or its one project folder.
    * undeclared (replaces the first component): no runtime dependency declared while
      shipped code imports third-party modules (guarded imports and extras excepted): 0.
      A declaration that cannot be read also scores 0 (the dependencies are unknown).
    * lock-fresh (20, only with a lock file): per lock, the share of the runtime
      dependencies it was made from that it lists; a lock of another project scores 0.
    * update-tool (15, when anything is declared): Dependabot with a pip/uv ecosystem or
      Renovate: 100; none, or configured only for other ecosystems: 0.

    Every unpinned dependency, stale lock entry, cap and unreadable line is a finding at
    its file and line. Improve by committing a lock file (``uv lock``, ``poetry lock``,
    ``pip-compile --generate-hashes``), re-locking after each change of the declarations,
    using ranges only in a library's metadata, pinning its development environment, and
    enabling Dependabot or Renovate.
    """

    id = "dependencies"
    pillar = Pillar.DEPENDENCIES
    title = "Dependencies resolve reproducibly"
    version = "5"  # 4: no full marks on unread code, dev-tool-only files; 5: workspace locks
    rules = RULES

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        inv = ctx.inventory
        deps = read_dependencies(inv)
        inputs = [*deps.files, *candidate_files(inv)]
        if not deps.of_kind(DependencyKind.RUNTIME):
            inputs.extend(python_paths(inv))  # the undeclared-imports scan reads them
        return sorted(set(inputs))

    def cache_salt(self, ctx: CheckContext) -> str:
        return f"profile={ctx.profile.profile.value},configured={ctx.profile.configured}"

    def run(self, ctx: CheckContext) -> CheckResult:
        inv = ctx.inventory
        deps = read_dependencies(inv)
        if not deps.files and not python_paths(inv):
            return skipped(CHECK, "no Python project here: no Python files, no dependency files")
        kind = dependency_role(ctx.profile, deps)
        res = resolve(deps, kind.kind)
        findings: list[Finding] = [from_problem(p) for p in deps.problems]
        parts: list[tuple[ScoreComponent, list[Finding]]] = []

        unknown = _unknown(deps)
        # Computed at build time: neither measurable nor undeclared.
        dynamic = not res.runtime and unknown is None and deps.project.dynamic_dependencies
        scan = not (res.runtime or unknown or dynamic)
        imports = third_party_imports(inv, _optional(deps)) if scan else []
        # Code that lives only in member projects declares its dependencies there.
        members = code_in_members(inv) if scan and not imports else ()
        # Nothing declared and no shipped .py to read imports from (an extensionless script,
        # notebooks): "needs nothing" cannot be told from "undeclared", so no full marks.
        unread = scan and not imports and not members and not inv.paths(FileKind.SOURCE)
        library = kind.kind is ProjectKind.LIBRARY
        if imports:
            parts.append(components.undeclared(imports))
        elif dynamic or members or unread:
            pass  # the reason says so
        elif library and unknown is None:
            parts.append(library_parts.ranges(res))
        else:
            parts.append(components.reproducibility(res, unknown=unknown))
        if library:
            parts.append(library_parts.dev_env(res, _anchor(deps)))
        if res.fits:
            parts.append(components.lock_freshness(res))
        tools = update_tools(inv)
        if _declares_anything(deps) or tools:
            parts.append(components.update_tool(tools, _anchor(deps)))
        for _component, found in parts:
            findings.extend(found)

        metrics = _metrics(deps, res, kind.kind, tools_name(tools))
        reason = _reason(unknown, deps.project.metadata_file if dynamic else None, members)
        if unread:
            reason = UNREAD_REASON
        if all(c.id == "update-tool" for c, _ in parts):
            # An update tool alone says nothing about what the dependencies resolve to.
            return skipped(CHECK, reason, **metrics)
        return scored(
            CHECK,
            components=[c for c, _ in parts],
            summary=_summary(metrics),
            metrics=metrics,
            findings=sorted(findings, key=sort_key),
            reason=reason,
        )


UNREAD_REASON = (
    "no runtime dependency declared and no shipped Python source to read imports from: "
    "whether the code needs any is not measured"
)


def _reason(unknown: str | None, dynamic_in: str | None, members: Sequence[str]) -> str:
    if unknown:
        return f"{unknown}; scored on what could be read"
    if dynamic_in:
        return (
            f"the runtime dependencies are dynamic ({dynamic_in} [project] dynamic): "
            "computed at build time, so not measured"
        )
    if members:
        shown = ", ".join(members[:3]) + (
            f" and {len(members) - 3} more" if len(members) > 3 else ""
        )
        return (
            f"the code lives in projects of their own ({shown}): their runtime dependencies "
            "are declared there and not measured here"
        )
    return ""


def _unknown(deps: DependencySet) -> str | None:
    """What leaves the runtime dependencies unknown: an unreadable declaration file, or a
    runtime table of the wrong type."""
    parts = sorted({p.path for p in deps.problems if p.rule in DECLARATION_UNREADABLE})
    parts += sorted(
        {
            f"{p.path}: {p.message.split(' must be ', 1)[0]}"
            for p in deps.problems
            if p.affects_runtime
        }
    )
    return f"{', '.join(parts)} could not be read" if parts else None


def _optional(deps: DependencySet) -> frozenset[str]:
    """Extras: an import of one of them is declared (as optional), not undeclared."""
    return frozenset(d.name for d in deps.of_kind(DependencyKind.OPTIONAL))


def _declares_anything(deps: DependencySet) -> bool:
    return bool(deps.lock_files) or any(d.kind is not DependencyKind.BUILD for d in deps.declared)


def _anchor(deps: DependencySet) -> str | None:
    """The file a finding about the whole dependency set points at."""
    if deps.project.metadata_file is not None:
        return deps.project.metadata_file
    runtime = sorted(d.source_file for d in deps.of_kind(DependencyKind.RUNTIME))
    return runtime[0] if runtime else (deps.files[0] if deps.files else None)


def tools_name(tools: Sequence[UpdateTool]) -> str | None:
    names = sorted({t.name for t in tools if t.python})
    return "+".join(names) if names else None


def _metrics(
    deps: DependencySet, res: Resolution, kind: ProjectKind, update_tool: str | None
) -> dict[str, MetricValue]:
    return {
        "kind": kind.value,
        "declared": len(res.runtime),
        "pinned": len(res.resolved),
        "hashed": len(res.hashed),
        "locked": len(res.locked_names),
        "capped": len({d.name for d in res.capped}),
        "development": len(res.development),
        "development_pinned": len(res.development_resolved),
        "from_folders": list(res.from_folders),
        "stale": sum(len(fit.missing) for fit in res.fits),
        "lock_files": sorted(lock.path for lock in deps.lock_files),
        "update_tool": update_tool,
    }


def _summary(metrics: dict[str, MetricValue]) -> str:
    locks = metrics["lock_files"]
    lock_text = ", ".join(locks) if isinstance(locks, list) and locks else "no lock file"
    return (
        f"{metrics['kind']}: {metrics['pinned']}/{metrics['declared']} runtime dependencies "
        f"pinned ({lock_text}); update tool: {metrics['update_tool'] or 'none'}"
    )
