"""The typing checker: annotation coverage from the syntax tree, plus mypy."""

from __future__ import annotations

import importlib.metadata
import os
import sys
from collections.abc import Mapping, Sequence

from pyreadiness.checkers.interface import (
    CheckContext,
    Checker,
    CheckResult,
    Pillar,
    scored,
    skipped,
)
from pyreadiness.checkers.typing import scoring
from pyreadiness.checkers.typing.annotations import (
    PYTHON_VERSION,
    FileAnnotations,
    analyse_file,
)
from pyreadiness.checkers.typing.layout import discover_layout
from pyreadiness.checkers.typing.mypy_config import (
    CONFIG_FILES,
    excluded,
    find_repo_config,
    search_paths,
)
from pyreadiness.checkers.typing.mypy_run import MypyOutcome, run_mypy
from pyreadiness.checkers.typing.sanitise import sanitise
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory

__all__ = ["TypingChecker"]


class TypingChecker(Checker):
    """How much of the shipped code is typed, and whether mypy agrees with it.

    What it measures
      * Annotation coverage, read from the syntax tree of every shipped module (tests,
        docs and examples aside; nothing is imported). A module with a ``.pyi`` stub is
        measured on its stub. A function counts as annotated when all its parameters
        (``self``/``cls`` aside) and its return carry annotations; the slot coverage is
        the share of those parameter and return annotations present.
      * mypy on the shipped modules, under the repository's own mypy configuration (the
        file mypy itself would read: mypy.ini, .mypy.ini, pyproject.toml, setup.cfg) minus
        the options that run code or write files (plugins, python_executable, reports,
        cache_dir...). No third-party package is installed for the scan: imports of them
        are not counted, and the strict checks that only fire on the ``Any`` such imports
        leave behind are turned off when the code has any.
      * Whether the configuration asks for ``strict = true``, and whether packages ship a
        ``py.typed`` marker so that their users' type checkers read the annotations.

    How it scores (weighted mean of the parts present)
      * functions fully annotated: share x 100, weight 35
      * annotation slots present: share x 100, weight 15
      * mypy: 100 at no errors, halved for every 5 errors per 1000 source lines, weight 35
      * strict: 100 for strict = true, 50 for disallow_untyped_defs alone, else 0; weight 10
      * py.typed: share of top-level packages with the marker x 100, weight 5
      When mypy cannot run (missing, crashed, timed out, stopped by a blocking error) its
      part is left out and the result says the score is partial.

    How to improve
      Annotate public functions first (``mypy --disallow-untyped-defs`` lists the rest),
      fix what mypy reports, set ``strict = true`` in ``[tool.mypy]`` (per-module
      overrides can relax legacy modules) and add an empty ``py.typed`` to each package.
      Details: docs/checks/typing.md.
    """

    id = "typing"
    pillar = Pillar.MAINTAINABILITY
    title = "Type annotations and mypy"
    version = "1"
    weight = 1.0

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        inv = ctx.inventory
        return [
            *inv.paths(FileKind.SOURCE, FileKind.STUB),
            *(name for name in CONFIG_FILES if inv.has(name)),
            *inv.matching("*py.typed"),
            *inv.matching("*__init__.py"),  # tests' packages decide module names too
        ]

    def cache_salt(self, ctx: CheckContext) -> str:
        override = os.environ.get("PYREADINESS_TOOL_MYPY", "")
        return f"mypy {_mypy_version()}|{override}|python {PYTHON_VERSION}"

    def run(self, ctx: CheckContext) -> CheckResult:
        inv = ctx.inventory
        layout = discover_layout(inv)
        if not layout.modules:
            return skipped(self.id, "no shipped Python modules to check")
        files = [analyse_file(inv, ctx.cache, rel) for rel in layout.modules]
        parsed = [f for f in files if f.error is None]
        cov = scoring.Coverage.of(parsed)
        config = find_repo_config(inv)
        mypy_files = _unique_modules(
            [f.path for f in parsed if not excluded(config, f.path)], layout.module_names
        )
        third_party = _third_party_imports(inv, parsed, layout.own_names, search_paths(config))
        sanitised = None
        outcome: MypyOutcome
        if mypy_files:
            sanitised = sanitise(
                config,
                mypy_files,
                relax=bool(third_party),
                skip_modules=[layout.module_names[f.path] for f in files if f.error is not None],
            )
            outcome = run_mypy(
                root=inv.root,
                cache=ctx.cache,
                timeout=ctx.tool_timeout,
                repo_config=config,
                sanitised=sanitised,
                own_names=layout.own_names,
                shipped=frozenset(layout.modules),
            )
        else:
            outcome = MypyOutcome(
                failure="no module for mypy: every one is unparseable or excluded by its config"
            )
        if not cov.functions and outcome.failure:
            return skipped(
                self.id,
                f"nothing to measure: no functions, and {outcome.failure}",
                files_unparsed=sum(1 for f in files if f.error is not None),
            )
        anchor = config.path or ("pyproject.toml" if inv.has("pyproject.toml") else None)
        return scored(
            self.id,
            components=scoring.components(cov, outcome, config, layout, inv.source_lines()),
            summary=scoring.summary(cov, outcome, config),
            metrics=scoring.metrics(
                cov, files, layout, outcome, config, sanitised, len(mypy_files)
            ),
            findings=scoring.findings(files, outcome, config, layout, anchor),
            reason=(
                f"partial score: mypy part left out ({outcome.failure})" if outcome.failure else ""
            ),
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


def _mypy_version() -> str:
    try:
        return importlib.metadata.version("mypy")
    except importlib.metadata.PackageNotFoundError:
        return "absent"
