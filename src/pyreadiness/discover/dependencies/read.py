"""Join every format reader into one :class:`DependencySet`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyreadiness.discover.dependencies.model import DependencySet

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory


def read_dependencies(inventory: Inventory) -> DependencySet:
    """Every declaration and lock file of the repository (work in progress: formats land
    one by one; the signature and the returned value's API are stable)."""
    del inventory
    return DependencySet()
