"""Turn CI steps into evidence: which checks run where, and which of them cannot fail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyreadiness.checkers.ci.actions import uses_categories
from pyreadiness.checkers.ci.commands import classify
from pyreadiness.checkers.ci.follow import Found, follow
from pyreadiness.checkers.ci.model import Command, Hit, Step
from pyreadiness.checkers.ci.shell import script_commands

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pyreadiness.checkers.ci.runners import Follow
    from pyreadiness.discover.inventory import Inventory


class Analyzer:
    """Classifies steps, following runners one level down (each target read once)."""

    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self._followed: dict[Follow, list[Found] | None] = {}

    def _follow(self, target: Follow) -> list[Found] | None:
        if target not in self._followed:
            self._followed[target] = follow(self.inventory, target)
        return self._followed[target]

    def hits(self, steps: Iterable[Step]) -> list[Hit]:
        out: list[Hit] = []
        for step in steps:
            if step.script is not None:
                for command in script_commands(
                    step.script,
                    line=step.script_line,
                    errexit=step.errexit,
                    pipefail=step.pipefail,
                    no_fail=step.no_fail,
                ):
                    out.extend(self._command(step, command))
            if step.uses is not None:
                out.extend(self._uses(step, step.uses))
        return out

    def _command(self, step: Step, command: Command) -> list[Hit]:
        classified = classify(command.argv)
        hits = [
            Hit(
                category=c,
                system=step.system,
                path=step.path,
                line=command.line,
                via=command.text,
                no_fail=command.no_fail,
            )
            for c in classified.categories
        ]
        if classified.follow is not None:
            hits.extend(
                self._followed_hits(
                    step, command.text, command.line, command.no_fail, classified.follow
                )
            )
        return hits

    def _uses(self, step: Step, uses: str) -> list[Hit]:
        categories, target = uses_categories(uses, step.with_args)
        hits = [
            Hit(
                category=c,
                system=step.system,
                path=step.path,
                line=step.line,
                via=uses,
                no_fail=step.no_fail,
            )
            for c in categories
        ]
        if target is not None:
            hits.extend(self._followed_hits(step, uses, step.line, step.no_fail, target))
        return hits

    def _followed_hits(
        self, step: Step, text: str, line: int | None, no_fail: str, target: Follow
    ) -> list[Hit]:
        found = self._follow(target)
        if found is None:  # nothing readable to follow: the target's name is all we have
            return [
                Hit(
                    category=c,
                    system=step.system,
                    path=step.path,
                    line=line,
                    via=f"{text} (judged by its name)",
                    no_fail=no_fail,
                )
                for c in target.guess
            ]
        hits: list[Hit] = []
        for item in found:
            where = f"{item.path}:{item.line}" if item.line else item.path
            via = f"{text} -> {item.text}" + (f" ({where})" if where else "")
            hits.extend(
                Hit(
                    category=c,
                    system=step.system,
                    path=step.path,
                    line=line,
                    via=via,
                    no_fail=no_fail or item.no_fail,
                )
                for c in item.categories
            )
        return hits
