"""The dependencies checker (pillar: dependencies). See :class:`DependenciesChecker`."""

from __future__ import annotations

from pyreadiness.checkers.dependencies.checker import DependenciesChecker

__all__ = ["DependenciesChecker"]
