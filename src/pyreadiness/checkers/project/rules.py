"""The check id and the one way this checker builds a finding."""

from __future__ import annotations

from typing import Any

from pyreadiness.model import Finding, Severity

CHECK_ID = "project"


def finding(rule: str, severity: Severity, message: str, **where: Any) -> Finding:
    """A finding of this check; ``where`` holds its ``path``, ``line`` and ``help``."""
    return Finding(check=CHECK_ID, rule=rule, severity=severity, message=message, **where)


def line_of(text: str | None, needle: str, after: str | None = None) -> int | None:
    """1-based line of the first line containing ``needle`` (after the line holding
    ``after``, e.g. a TOML table header): TOML and INI parsers keep no line numbers."""
    if text is None:
        return None
    started = after is None
    for number, line in enumerate(text.splitlines(), start=1):
        if not started:
            started = line.strip() == after
            continue
        if needle in line:
            return number
    return None
