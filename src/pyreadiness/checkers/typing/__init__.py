"""The typing checker (pillar maintainability): annotation coverage from the syntax tree, mypy."""

from __future__ import annotations

from pyreadiness.checkers.typing.checker import MypyPlan, TypingChecker, plan_mypy

__all__ = ["MypyPlan", "TypingChecker", "plan_mypy"]
