"""``ignore-vulns``: advisories a repository accepted, with a reason and an expiry date.

An accepted advisory (matched by its id or any alias) leaves the audit before scoring:
the score counts per vulnerable dependency, and an accepted, dated risk is a decision, not
a defect. It stays visible: the result's summary counts it and the ``accepted_advisories``
metric lists each with its reason. Past its ``until`` date (inclusive) an ignore accepts
nothing, the advisory counts again, and the ignore itself is a finding.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from pyreadiness.checkers.vulnerabilities.model import AuditReport, PackageAudit
from pyreadiness.model import Finding, Severity
from pyreadiness.suppress.model import SuppressionRule

EXPIRED_RULE = "expired-ignore"


@dataclass(frozen=True, kw_only=True)
class Accepted:
    report: AuditReport  # the audit without accepted advisories
    accepted: tuple[str, ...]  # "GHSA-... in name==1.0: reason (until ...)", sorted
    expired: tuple[Finding, ...]


def accept(
    report: AuditReport, ignores: Sequence[SuppressionRule], today: datetime.date, check: str
) -> Accepted:
    live = {r.rule: r for r in ignores if r.until is None or r.until >= today}
    expired = [r for r in ignores if r.until is not None and r.until < today]
    audited: list[PackageAudit] = []
    accepted: list[str] = []
    for audit in report.audited:
        kept = []
        for adv in audit.advisories:
            hit = next((live[i] for i in sorted(adv.ids) if i in live), None)
            if hit is None:
                kept.append(adv)
            else:
                accepted.append(_describe(hit, adv.id, str(audit.key)))
        audited.append(PackageAudit(key=audit.key, advisories=tuple(kept)))
    return Accepted(
        report=AuditReport(audited=tuple(audited), not_audited=report.not_audited),
        accepted=tuple(sorted(accepted)),
        expired=tuple(_expired(check, r) for r in expired),
    )


def _describe(rule: SuppressionRule, advisory: str, package: str) -> str:
    text = f"{advisory} in {package}"
    if rule.reason:
        text += f": {rule.reason}"
    return text + (f" (until {rule.until})" if rule.until else "")


def _expired(check: str, rule: SuppressionRule) -> Finding:
    return Finding(
        check=check,
        rule=EXPIRED_RULE,
        severity=Severity.LOW,
        message=(
            f"ignore-vulns entry {rule.rule} expired on {rule.until}: the advisory counts again"
            + (f" (reason was: {rule.reason})" if rule.reason else "")
        ),
        path="pyproject.toml",
        help="Upgrade past the advisory, or review the risk and set a new 'until' date.",
    )
