"""The fleet in a terminal: the league table and a progress bar while it runs."""

from __future__ import annotations

import io
from collections.abc import Sequence
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from pyreadiness.fleet.table import FleetRow, missing_controls, table_cells


def render_terminal(rows: Sequence[FleetRow], width: int = 120) -> str:
    header, body = table_cells(rows)
    table = Table(box=None, pad_edge=False, title="Fleet readiness", title_justify="left")
    for column in header:
        table.add_column(column, justify="left" if column == "repository" else "right")
    for cells in body:
        table.add_row(*(Text(c) for c in cells))  # a repository's name is text, not markup
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False)
    console.print(table)
    controls = missing_controls(rows)
    if controls:
        console.print("\nMost common missing controls:")
        for c in controls:
            console.print(f"  {c.id} ({c.kind}): {c.repositories} repositories", markup=False)
    failing = [r for r in rows if r.fails]
    console.print("\nGate failures:" if failing else "\nEvery gate passed.")
    for row in failing:
        why = row.reason if row.status != "scored" else "; ".join(row.gate_reasons)
        console.print(f"  {row.name}: {why or 'gate failed'}", markup=False)
    return buffer.getvalue()


class FleetProgress:
    """repositories done/total, the ones running now and the failures so far."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("fleet"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}", markup=False),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task("fleet", total=None, failed=0, current="")

    def __enter__(self) -> FleetProgress:
        self._progress.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.__exit__(kind, exc, tb)

    def update(self, done: int, total: int, current: Sequence[str], failed: int) -> None:
        self._progress.update(
            self._task, completed=done, total=total, failed=failed, current=", ".join(current)
        )
