"""The project checker (pillar governance): licence, governance files, packaging metadata,
supported Python versions, committed artifacts and documentation."""

from __future__ import annotations

from pyreadiness.checkers.project.checker import ProjectChecker

__all__ = ["ProjectChecker"]
