"""Positions read from tools' JSON output, converted to the convention of ``Finding``.

``Finding`` columns are 1-based and ``end_column`` points one past the last character (as
SARIF's ``endColumn``). ruff already writes that; bandit and mypy count columns from 0
(Python's ``ast`` offsets), so theirs get one added.
"""

from __future__ import annotations

from typing import Any


def position(value: Any, *, zero_based: bool = False) -> int | None:
    """A 1-based line or column from a tool's JSON value; None when absent or not a number."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    value += 1 if zero_based else 0
    return value if value >= 1 else None
