"""The scan's one fixed-rule-set ruff run, computed once and shared through ``ctx.shared``.

The lint checker scores the fixed rule set (``rules.SELECT``); the operability checker reads
ruff's blocking-call rules inside ``async def`` (``rules.SHARED_SELECT``) from the same
process rather than starting a second ruff. Whichever checker asks first runs it (per file,
from the cache where possible); the other waits for it. Either one alone still gets it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.lint.measure import run_fixed
from pyreadiness.checkers.lint.repo_config import RepoLintConfig, read_repo_config
from pyreadiness.checkers.lint.ruff import Diagnostic, Ruff, locate_ruff
from pyreadiness.checkers.lint.rules import is_shared_rule
from pyreadiness.discover.classify import FileKind

__all__ = ["FixedRun", "fixed_run"]

_MEMO_KEY = "lint.fixed-ruff-run"


@dataclass(frozen=True, kw_only=True)
class FixedRun:
    config: RepoLintConfig
    ruff: Ruff
    #: Every shipped source file, with every diagnostic of the run (both rule sets).
    diagnostics: Mapping[str, tuple[Diagnostic, ...]]

    def lint_rules(self) -> dict[str, tuple[Diagnostic, ...]]:
        """What lint scores: the run without the rules it carries for other checkers."""
        return {
            rel: tuple(d for d in found if not is_shared_rule(d.code))
            for rel, found in self.diagnostics.items()
        }

    def shared_rules(self) -> dict[str, tuple[Diagnostic, ...]]:
        """The rules carried for other checkers (``SHARED_SELECT``), by file."""
        return {
            rel: shared
            for rel, found in self.diagnostics.items()
            if (shared := tuple(d for d in found if is_shared_rule(d.code)))
        }


def fixed_run(ctx: CheckContext) -> FixedRun:
    """The fixed run on the shipped sources; raises ``ToolError`` as ruff fails."""
    return ctx.shared.once(_MEMO_KEY, lambda: _run(ctx))


def _run(ctx: CheckContext) -> FixedRun:
    config = read_repo_config(ctx.inventory)
    ruff = locate_ruff()
    sources = ctx.inventory.paths(FileKind.SOURCE)
    return FixedRun(config=config, ruff=ruff, diagnostics=run_fixed(ctx, ruff, config, sources))
