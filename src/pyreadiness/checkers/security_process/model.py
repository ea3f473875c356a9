"""Names the security-process checker's modules share."""

from __future__ import annotations

from pyreadiness.model import Finding, Severity

CHECK_ID = "security-process"


def finding(
    rule: str,
    severity: Severity,
    message: str,
    *,
    path: str | None = None,
    line: int | None = None,
    help: str = "",
) -> Finding:
    return Finding(
        check=CHECK_ID,
        rule=rule,
        severity=severity,
        message=message,
        path=path,
        line=line,
        help=help,
    )
