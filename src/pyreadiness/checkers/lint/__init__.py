"""The lint checker (pillar maintainability): ruff with a fixed rule set, and formatting."""

from __future__ import annotations

from pyreadiness.checkers.lint.checker import LintChecker

__all__ = ["LintChecker"]
