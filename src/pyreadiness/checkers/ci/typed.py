"""How much of the shipped code a type checker can check: the share of annotation slots
filled, from the typing checker's cached syntax-tree scan (mypy is never run here).

mypy does not check the body of an unannotated function, so a type-check step in CI proves
about as much as the annotations it has to work with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyreadiness.checkers.typing.annotations import analyse_files
from pyreadiness.checkers.typing.layout import discover_layout

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory
    from pyreadiness.tools.cache import Cache


@dataclass(frozen=True, kw_only=True)
class Annotated:
    slots: int  # parameters and returns of every shipped function
    filled: int

    @property
    def share(self) -> float | None:
        return self.filled / self.slots if self.slots else None


def annotated(inventory: Inventory, cache: Cache) -> Annotated:
    """Measured on the modules the typing checker measures: one per shipped module, its
    ``.pyi`` stub preferred (that is what a type checker reads), private implementation
    behind a stubbed public API left out."""
    rels = discover_layout(inventory).modules
    slots = filled = 0
    for result in analyse_files(inventory, cache, rels):
        for function in result.functions:
            slots += function.slots
            filled += function.filled
    return Annotated(slots=slots, filled=filled)
