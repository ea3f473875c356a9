"""The operability checker (pillar operability): logs, metrics, traces, health, config."""

from __future__ import annotations

from pyreadiness.checkers.operability.checker import OperabilityChecker

__all__ = ["OperabilityChecker"]
