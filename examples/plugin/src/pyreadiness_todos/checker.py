"""The ``todos`` check: work markers (TODO, FIXME, XXX) left in comments of shipped source."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar

from pyreadiness.checkers.interface import CheckContext, Checker, OptionSpec
from pyreadiness.discover.classify import FileKind
from pyreadiness.model import (
    CheckResult,
    Finding,
    Pillar,
    ScoreComponent,
    Severity,
    scored,
    skipped,
)
from pyreadiness.score.model import decay

#: Lines longer than this are not searched: a minified or generated line is not a comment.
MAX_LINE = 1_000


class TodoChecker(Checker):
    """Work markers left in shipped source.

    Counts comments in shipped Python source that contain a marker word (TODO, FIXME, XXX
    by default) and scores their density per 1,000 lines of source with pyreadiness's
    shared decay curve: 100 with none, 50 at ``half-at`` markers per KLOC (default 5), 25
    at twice that. Test files, docs and examples are not counted.

    How to improve: move each piece of unfinished work into the issue tracker and remove
    its marker.
    """

    id: ClassVar[str] = "todos"
    pillar: ClassVar[Pillar] = Pillar.MAINTAINABILITY
    title: ClassVar[str] = "Work markers left in shipped source"
    version: ClassVar[str] = "1"
    options: ClassVar[Mapping[str, OptionSpec]] = {
        "markers": OptionSpec(
            kind="strings", default=("TODO", "FIXME", "XXX"), help="words that mark unfinished work"
        ),
        "half-at": OptionSpec(
            kind="number", default=5.0, help="markers per KLOC that cost half the score"
        ),
    }

    def run(self, ctx: CheckContext) -> CheckResult:
        sources = ctx.inventory.paths(FileKind.SOURCE)
        lines = ctx.inventory.source_lines()
        if not sources or lines == 0:
            return skipped(self.id, "no shipped Python source")
        markers = ctx.options["markers"]
        half_at = ctx.options["half-at"]
        if not isinstance(markers, tuple) or not markers or not isinstance(half_at, float):
            return skipped(self.id, "no marker words configured")
        words = "|".join(re.escape(m) for m in markers)
        pattern = re.compile(rf"\b({words})\b")
        findings = [
            Finding(
                check=self.id,
                rule="todos/marker",
                severity=Severity.LOW,
                message=f"{marker} left in shipped source",
                path=path,
                line=number,
                help="Track the work in an issue and remove the marker.",
            )
            for path in sources
            for number, marker in _markers(ctx.inventory.read_text(path), pattern)
        ]
        density = len(findings) / (lines / 1000)
        component = ScoreComponent(
            id="marker-density",
            weight=1.0,
            score=decay(density, half_at=half_at),
            detail=f"{len(findings)} marker(s) in {lines} lines: {density:.1f} per KLOC "
            f"(half marks at {half_at:g})",
        )
        return scored(
            self.id,
            components=[component],
            summary=f"{len(findings)} work marker(s) in shipped source",
            metrics={"markers": len(findings), "per_kloc": round(density, 1)},
            findings=findings,
        )


def _markers(text: str | None, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    if text is None:  # unreadable or too large: the inventory reports it
        return []
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        comment = line.find("#", 0, MAX_LINE)  # a string holding "#" may count: an example
        match = pattern.search(line, comment, MAX_LINE) if comment >= 0 else None
        if match:
            found.append((number, match.group(1)))
    return found
