"""The CI checker (pillar delivery): which CI systems run, and what their jobs really run."""

from __future__ import annotations

from pyreadiness.checkers.ci.checker import CIChecker

__all__ = ["CIChecker"]
