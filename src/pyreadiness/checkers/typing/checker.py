"""The typing checker: annotation coverage from the syntax tree, plus mypy."""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Sequence

from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.checkers.typing import scoring
from pyreadiness.checkers.typing.annotations import PYTHON_VERSION
from pyreadiness.checkers.typing.catalogue import RULES
from pyreadiness.checkers.typing.mypy_config import CONFIG_FILES
from pyreadiness.checkers.typing.mypy_run import HELP_BASE, MypyOutcome, run_mypy
from pyreadiness.checkers.typing.plan import MypyPlan, plan_mypy
from pyreadiness.checkers.typing.strictness import PYRIGHT_CONFIG, strictness
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.target_python import TARGET_FILES, target_python
from pyreadiness.model import CheckResult, Pillar, RuleDoc, scored, skipped
from pyreadiness.tools.slots import ToolSlots

__all__ = ["MypyPlan", "TypingChecker", "plan_mypy"]


class TypingChecker(Checker):
    """How much of the shipped code is typed, and whether mypy agrees with it.

    What it measures
      * Annotation coverage, read from the syntax tree of every shipped module (tests,
        docs, examples and test data aside; nothing is imported). A module with a ``.pyi``
        stub is measured on its stub; a package that declares its API in stubs
        (``__init__.pyi``) is measured on them, its private modules behind them left
        out. A function counts as annotated when all its parameters (``self``/``cls``
        aside) and its return carry annotations; the slot coverage is the share of those
        parameter and return annotations present.
      * mypy on the shipped modules (within the project's own ``files``/``packages``
        scope, when it sets one), under the repository's own mypy configuration (the
        file mypy itself would read: mypy.ini, .mypy.ini, pyproject.toml, setup.cfg) minus
        the options that run code or write files (plugins, python_executable, reports,
        cache_dir...). No third-party package is installed for the scan: imports of them
        are not counted, and the strict checks that only fire on the ``Any`` such imports
        leave behind are turned off when the code has any.
      * Whether mypy (``strict = true``) or pyright/basedpyright (``typeCheckingMode =
        "strict"``) is asked for strict checking, and whether packages ship a
        ``py.typed`` marker so that their users' type checkers read the annotations.

    How it scores (weighted mean of the parts present)
      * functions fully annotated: share x 100, weight 35
      * annotation slots present: share x 100, weight 15
      * mypy: 100 at no errors, halved for every 5 errors per 1000 source lines, times the
        share of annotation slots filled (mypy does not check unannotated code); weight 35
      * strict: 100 for mypy or pyright strict, 50 for disallow_untyped_defs alone, else 0;
        weight 10
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
    version = "3"  # 3: columns, rule names, grouped findings
    rules = RULES

    @classmethod
    def describe_rule(cls, rule: str) -> RuleDoc | None:
        code = rule.removeprefix("typing/").removeprefix("mypy/")
        if rule.startswith(("mypy/", "typing/mypy/")) and code:
            return RuleDoc(
                title=f"mypy error code {code}",
                why="mypy found a type error of this kind: code that fails at run time on "
                "some input, or that its callers cannot check.",
                fix=f"See mypy's documentation of the code: {HELP_BASE}{code}",
                precision="very-high",
            )
        return super().describe_rule(rule)

    weight = 1.0

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        inv = ctx.inventory
        return [
            *inv.paths(FileKind.SOURCE, FileKind.STUB),
            *(name for name in (*CONFIG_FILES, PYRIGHT_CONFIG, *TARGET_FILES) if inv.has(name)),
            *inv.matching("*py.typed"),
            *inv.matching("*__init__.py"),  # tests' packages decide module names too
        ]

    def cache_salt(self, ctx: CheckContext) -> str:
        override = os.environ.get("PYREADINESS_TOOL_MYPY", "")
        return f"mypy {_mypy_version()}|{override}|python {PYTHON_VERSION}"

    def run(self, ctx: CheckContext) -> CheckResult:
        inv = ctx.inventory
        # mypy is one process over the whole package and usually the longest tool run, and
        # it can only start once every module is parsed: the parse is the first part of
        # that chain, so it holds the slot too. Without one, it shared the cores with two
        # bandit processes and mypy started 4.9 s into a cold run on sqlalchemy, not ~2 s.
        with ctx.tool_slot(ToolSlots.LONG_RUN):
            plan = plan_mypy(ctx)
            outcome = _mypy_outcome(ctx, plan)
        layout, files, config, sanitised = plan.layout, plan.files, plan.config, plan.sanitised
        if not layout.modules:
            return skipped(self.id, "no shipped Python modules to check")
        cov = scoring.Coverage.of([f for f in files if f.error is None])
        if not cov.functions and outcome.failure:
            return skipped(
                self.id,
                f"nothing to measure: no functions, and {outcome.failure}",
                files_unparsed=sum(1 for f in files if f.error is not None),
            )
        anchor = config.path or ("pyproject.toml" if inv.has("pyproject.toml") else None)
        strict = strictness(inv, config)
        return scored(
            self.id,
            components=scoring.components(cov, outcome, strict, layout, inv.source_lines()),
            summary=scoring.summary(cov, outcome, strict),
            metrics=scoring.metrics(
                cov,
                files,
                layout,
                outcome,
                config,
                sanitised,
                len(plan.mypy_files),
                strict,
                plan.scope,
            ),
            findings=scoring.findings(
                files, outcome, config, layout, anchor, strict=strict, target=target_python(inv)
            ),
            reason=(
                f"partial score: mypy part left out ({outcome.failure})" if outcome.failure else ""
            ),
        )


def _mypy_outcome(ctx: CheckContext, plan: MypyPlan) -> MypyOutcome:
    if plan.sanitised is None:
        return MypyOutcome(
            failure="no module for mypy: every one is unparseable or excluded by its config"
        )
    return run_mypy(
        root=ctx.inventory.root,
        cache=ctx.cache,
        timeout=ctx.tool_timeout,
        repo_config=plan.config,
        sanitised=plan.sanitised,
        own_names=plan.layout.own_names,
        shipped=frozenset(plan.layout.modules),
    )


def _mypy_version() -> str:
    try:
        return importlib.metadata.version("mypy")
    except importlib.metadata.PackageNotFoundError:
        return "absent"
