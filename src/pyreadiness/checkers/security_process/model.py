"""Names the security-process checker's modules share."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pyreadiness.checkers.ci.model import finding as ci_finding
from pyreadiness.model import Finding, Severity

CHECK_ID = "security-process"


def finding(rule: str, severity: Severity, message: str, **where: Any) -> Finding:
    """A finding of this check (``path``, ``line``, ``help`` as for the ci check's)."""
    return replace(ci_finding(rule, severity, message, **where), check=CHECK_ID)
