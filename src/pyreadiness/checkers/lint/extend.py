"""ruff's ``extend``: the one configuration key that makes ruff read another file.

A repository's ruff configuration is data, but ``extend`` may name any path: ``/dev/zero``
(ruff reads until memory runs out), a FIFO (ruff blocks until its timeout), a file outside
the repository (read, and its content may come back in ruff's error messages), or, through
ruff's own expansion of ``~`` and ``$VARIABLES``, the user's home. Before ruff runs with the
repository's configuration, every configuration file's ``extend`` must name a regular file
listed in the repository; otherwise the configuration is not used (as mypy's is sanitised).
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from pyreadiness.discover.inventory import Inventory


def unsafe_extend(inventory: Inventory, config_files: Sequence[str]) -> str | None:
    """Why the repository's ruff configuration must not be loaded, or None when it may."""
    for rel in config_files:
        extend = _extend_of(inventory, rel)
        if extend is None:
            continue
        if not isinstance(extend, str):
            return f"{rel}: extend is not a string"
        if extend.startswith(("/", "~")) or "$" in extend or "\\" in extend:
            return f"{rel}: extend = {extend!r} names a file outside the repository: not followed"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), extend))
        if target.startswith("../") or target == ".." or not inventory.has(target):
            return (
                f"{rel}: extend = {extend!r} is not a regular file of the repository: not followed"
            )
    return None


def _extend_of(inventory: Inventory, rel: str) -> Any:
    doc = inventory.toml(rel)
    if doc is None or doc.data is None:
        return None
    table: Any = doc.data
    if PurePosixPath(rel).name == "pyproject.toml":
        tool = table.get("tool")
        table = tool.get("ruff") if isinstance(tool, dict) else None
    return table.get("extend") if isinstance(table, dict) else None
