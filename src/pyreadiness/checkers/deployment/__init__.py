"""The deployment checker (pillar operability): images, manifests, charts, infrastructure."""

from __future__ import annotations

from pyreadiness.checkers.deployment.checker import DeploymentChecker

__all__ = ["DeploymentChecker"]
