"""What the typing checker hands mypy: which modules, under which sanitised configuration.

Public so that the same plan can be run by hand (bench/byhand.py times mypy with it).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.typing.annotations import FileAnnotations, analyse_files
from pyreadiness.checkers.typing.layout import Layout, discover_layout
from pyreadiness.checkers.typing.mypy_config import (
    ProjectScope,
    RepoMypyConfig,
    excluded,
    find_repo_config,
    project_scope,
    search_paths,
)
from pyreadiness.checkers.typing.sanitise import SanitisedConfig, sanitise
from pyreadiness.discover.inventory import Inventory


@dataclass(frozen=True, kw_only=True)
class MypyPlan:
    layout: Layout
    files: tuple[FileAnnotations, ...]  # every shipped module's annotation analysis
    config: RepoMypyConfig  # the repository's own mypy configuration
    mypy_files: tuple[str, ...]  # the modules mypy is given (none: mypy cannot run)
    sanitised: SanitisedConfig | None  # what mypy reads instead; None without mypy_files
    scope: str = "every shipped module"  # whose list of targets mypy got, for the report


def plan_mypy(ctx: CheckContext) -> MypyPlan:
    """Analyse every shipped module (cached per content), then decide mypy's run."""
    inv = ctx.inventory
    layout = discover_layout(inv)
    files = analyse_files(inv, ctx.cache, layout.modules)
    parsed = [f for f in files if f.error is None]
    config = find_repo_config(inv)
    candidates = [f.path for f in parsed if not excluded(config, f.path)]
    scope = project_scope(config)
    in_scope = [p for p in candidates if scope.covers(p, layout.module_names[p])]
    # The project's own files/packages decide what mypy checks, unless they name no
    # shipped module at all (a stale path): then mypy checks every shipped module.
    scoped = scope.declared and bool(in_scope)
    mypy_files = _unique_modules(in_scope if scoped else candidates, layout.module_names)
    sanitised = None
    if mypy_files:
        third_party = _third_party_imports(inv, parsed, layout.own_names, search_paths(config))
        sanitised = sanitise(
            config,
            mypy_files,
            relax=bool(third_party),
            skip_modules=[layout.module_names[f.path] for f in files if f.error is not None],
        )
    return MypyPlan(
        layout=layout,
        files=files,
        config=config,
        mypy_files=tuple(mypy_files),
        sanitised=sanitised,
        scope=_scope_label(config, scope, scoped),
    )


def _scope_label(config: RepoMypyConfig, scope: ProjectScope, scoped: bool) -> str:
    if scoped:
        return f"the project's files/packages/modules in {config.path}"
    if scope.declared:
        return f"every shipped module: the files/packages/modules in {config.path} name none"
    return "every shipped module"


def _third_party_imports(
    inv: Inventory,
    files: Sequence[FileAnnotations],
    own_names: frozenset[str],
    stub_dirs: Sequence[str],
) -> set[str]:
    """Imported top-level names that neither the stdlib nor the repository provides."""
    names = {name for f in files for name in f.imports}
    names -= own_names | set(sys.stdlib_module_names) | {"__future__"}
    return {
        name
        for name in names
        if not any(
            inv.has(f"{d}/{name}{suffix}")
            for d in stub_dirs
            for suffix in (".pyi", ".py", "/__init__.pyi", "/__init__.py")
        )
    }


def _unique_modules(paths: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """One file per module name: mypy refuses to start when two files claim one name
    (two script folders each holding a ``utils.py``), so later claimants are left out."""
    seen: set[str] = set()
    out = []
    for path in paths:
        if names[path] not in seen:
            seen.add(names[path])
            out.append(path)
    return out
