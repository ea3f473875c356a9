"""Turn an audit into score components and one finding per vulnerable dependency.

Every number here is documented in docs/checks/vulnerabilities.md and in the checker's
docstring; change them together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from packaging.version import InvalidVersion, Version

from pyreadiness.checkers.vulnerabilities.model import (
    Advisory,
    AuditReport,
    PackageAudit,
    PackageKey,
    group_advisories,
)
from pyreadiness.discover.dependencies import Pinned
from pyreadiness.model import Finding, ScoreComponent, Severity

#: Points one vulnerable dependency costs, by the worst severity among its advisories.
SEVERITY_POINTS: Mapping[Severity, float] = {
    Severity.CRITICAL: 60.0,
    Severity.HIGH: 40.0,
    Severity.MEDIUM: 15.0,
    Severity.LOW: 5.0,
    Severity.INFO: 0.0,
}
#: Advisories whose source gives no severity (pip-audit's JSON never does) count as high:
#: an unrated known vulnerability is not assumed harmless.
UNKNOWN_SEVERITY = Severity.HIGH
SEVERITY_WEIGHT = 0.8
SHARE_WEIGHT = 0.2
RULE = "known-vulnerability"


def severity_of(advisories: Sequence[Advisory]) -> Severity:
    rated = [a.severity or UNKNOWN_SEVERITY for a in advisories]
    return max(rated, key=lambda s: s.rank, default=UNKNOWN_SEVERITY)


def components(report: AuditReport) -> list[ScoreComponent]:
    vulnerable = [a for a in report.audited if a.advisories]
    by_severity: dict[Severity, int] = {}
    for audit in vulnerable:
        sev = severity_of(audit.advisories)
        by_severity[sev] = by_severity.get(sev, 0) + 1
    lost = sum(SEVERITY_POINTS[s] * n for s, n in by_severity.items())
    counted = ", ".join(
        f"{n} {s.value} ({SEVERITY_POINTS[s]:g} each)"
        for s, n in sorted(by_severity.items(), key=lambda i: -i[0].rank)
    )
    audited = len(report.audited)
    return [
        ScoreComponent(
            id="severity",
            weight=SEVERITY_WEIGHT,
            score=max(0.0, 100.0 - lost),
            detail=(
                f"100 minus points per vulnerable dependency by worst severity: {counted}"
                if vulnerable
                else "no audited dependency has a known vulnerability"
            ),
        ),
        ScoreComponent(
            id="share",
            weight=SHARE_WEIGHT,
            score=round(100.0 * (1 - len(vulnerable) / audited), 1),
            detail=f"{audited - len(vulnerable)} of {audited} audited pinned versions are clean",
        ),
    ]


def findings(
    check: str, report: AuditReport, sites: Mapping[PackageKey, Sequence[Pinned]]
) -> list[Finding]:
    out = [_finding(check, a, sites.get(a.key, ())) for a in report.audited if a.advisories]
    return sorted(out, key=lambda f: (f.path or "", f.line or 0, f.message))


def _finding(check: str, audit: PackageAudit, pins: Sequence[Pinned]) -> Finding:
    key = audit.key
    groups = group_advisories(audit.advisories)
    described = "; ".join(_describe(group, key.parsed) for group in groups)
    noun = "vulnerability" if len(groups) == 1 else "vulnerabilities"
    message = f"{key.name} {key.version} has {len(groups)} known {noun}: {described}"
    ordered = sorted(pins, key=lambda p: (p.source_file, p.line or 0))
    if len(ordered) > 1:
        others = ", ".join(_site(p) for p in ordered[1:])
        message += f" (also pinned in {others})"
    first = ordered[0] if ordered else None
    return Finding(
        check=check,
        rule=RULE,
        severity=severity_of(audit.advisories),
        message=message,
        path=first.source_file if first else None,
        line=first.line if first else None,
        help=_upgrade_advice(key, groups),
    )


def _describe(group: Sequence[Advisory], current: Version) -> str:
    ids = sorted({i for a in group for i in a.ids}, key=_id_order)
    primary, aliases = ids[0], ids[1:]
    # Fixes of other release lines (1.0.2 when 3.1 is pinned) do not help: name later ones.
    fixed = [str(v) for v in sorted({v for a in group for v in _versions(a.fixed)}) if v > current]
    text = primary + (f" ({', '.join(aliases)})" if aliases else "")
    return text + (f", fixed in {', '.join(fixed)}" if fixed else ", no fix known")


def _id_order(vuln_id: str) -> tuple[int, str]:
    """Name a vulnerability by the PyPI database's id first, whichever path found it.

    pip-audit folds aliases into one result while a mirror holds each record, so the id
    a group is named by must not depend on which records were seen.
    """
    for rank, prefix in enumerate(("PYSEC-", "GHSA-")):
        if vuln_id.startswith(prefix):
            return (rank, vuln_id)
    return (3 if vuln_id.startswith("CVE-") else 2, vuln_id)


def _upgrade_advice(key: PackageKey, groups: Sequence[Sequence[Advisory]]) -> str:
    """The lowest version above the pin that fixes every advisory, when there is one."""
    current = key.parsed
    targets: list[Version] = []
    unfixed: list[str] = []
    for group in groups:
        candidates = [v for a in group for v in _versions(a.fixed) if v > current]
        if candidates:
            targets.append(min(candidates))
        else:
            unfixed.append(min((i for a in group for i in a.ids), key=_id_order))
    if unfixed:
        return (
            f"No fixed release of {key.name} is known for {', '.join(unfixed)}: "
            "check the advisory for a workaround, or replace the dependency."
        )
    return f"Upgrade {key.name} to {max(targets)} or later and re-lock."


def _versions(raw: Sequence[str]) -> list[Version]:
    out = []
    for value in raw:
        try:
            out.append(Version(value))
        except InvalidVersion:
            continue
    return out


def _site(pin: Pinned) -> str:
    return f"{pin.source_file}:{pin.line}" if pin.line else pin.source_file
