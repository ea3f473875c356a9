"""The code of a Jupyter notebook, for the secret scan: code cells only, bounded.

Outputs and markdown are left out: an output shows what ran (a token printed there was
also in a code cell, or came from the environment), and markdown is documentation. A
notebook that is not JSON, or not shaped like one, yields no code (nothing a regex can
judge); notebooks are never executed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

#: Larger notebooks are mostly outputs (images, tables): their code is not read.
MAX_NOTEBOOK_CHARS = 5 * 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class NotebookCode:
    text: str  # the code cells, joined with a newline
    #: For each line of ``text`` (0-based), its (code cell number, line in cell), 1-based.
    places: tuple[tuple[int, int], ...]

    def where(self, line: int) -> str:
        cell, in_cell = self.places[line - 1]
        return f"code cell {cell}, line {in_cell}"


def notebook_code(raw: str) -> NotebookCode | None:
    if len(raw) > MAX_NOTEBOOK_CHARS:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        return None
    lines: list[str] = []
    places: list[tuple[int, int]] = []
    number = 0
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        number += 1
        source = cell.get("source")
        if isinstance(source, list):
            source = "".join(part for part in source if isinstance(part, str))
        if not isinstance(source, str):
            continue
        for in_cell, line in enumerate(source.split("\n"), start=1):
            lines.append(line)
            places.append((number, in_cell))
    return NotebookCode(text="\n".join(lines), places=tuple(places))
