"""The security checker (pillar security): bandit on shipped code, hard-coded secrets."""

from __future__ import annotations

from pyreadiness.checkers.security.checker import SecurityChecker

__all__ = ["SecurityChecker"]
