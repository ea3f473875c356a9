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
    RepoMypyConfig,
    excluded,
    find_repo_config,
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


def plan_mypy(ctx: CheckContext) -> MypyPlan:
    """Analyse every shipped module (cached per content), then decide mypy's run."""
    inv = ctx.inventory
    layout = discover_layout(inv)
    files = analyse_files(inv, ctx.cache, layout.modules)
    parsed = [f for f in files if f.error is None]
    config = find_repo_config(inv)
    mypy_files = _unique_modules(
        [f.path for f in parsed if not excluded(config, f.path)], layout.module_names
    )
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
    )


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
