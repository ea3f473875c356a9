"""The vulnerabilities checker: audit the exact versions the repository resolves to."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from pyreadiness.checkers.interface import CheckContext, Checker, OptionSpec
from pyreadiness.checkers.vulnerabilities import scoring
from pyreadiness.checkers.vulnerabilities.answers import remembered_audit
from pyreadiness.checkers.vulnerabilities.catalogue import RULES
from pyreadiness.checkers.vulnerabilities.matcher import match
from pyreadiness.checkers.vulnerabilities.mirror import Mirror, MirrorError, load_mirror
from pyreadiness.checkers.vulnerabilities.model import (
    AuditReport,
    NotAudited,
    PackageKey,
    group_advisories,
    package_keys,
)
from pyreadiness.checkers.vulnerabilities.pip_audit import ServiceUnavailable, audit_online
from pyreadiness.discover.dependencies import Pinned, read_dependencies
from pyreadiness.model import CheckResult, MetricValue, Pillar, scored, skipped

CHECK_ID = "vulnerabilities"


class VulnerabilitiesChecker(Checker):
    """Known vulnerabilities in the exact versions the repository pins.

    What it measures: every exact version the repository resolves to -- lock files (uv,
    Poetry, PDM, Pipfile.lock, pylock.toml, pip-compile output) and ``==`` pins -- is looked
    up in the OSV vulnerability database. Ranges (``>=2``) are not audited: they name no
    version (the dependencies check scores pinning itself).

    Two ways to look versions up, neither of which builds or installs anything:

    - online (default): pip-audit with the OSV service, on a requirements file of
      ``name==version`` lines written to a private folder, with ``--disable-pip --no-deps``.
      ``--vuln-service URL`` (or ``PYREADINESS_VULN_SERVICE``) names an OSV-compatible
      service instead of api.osv.dev.
    - offline: ``--vuln-db PATH`` matches the pins against a local OSV mirror (a folder of
      OSV JSON/YAML records, or OSV's ``PyPI/all.zip``) without any network: ECOSYSTEM
      ranges (introduced / fixed / last_affected / limit) and explicit version lists, PEP 440
      ordering, withdrawn records ignored, broken records skipped and counted.

    How it scores (0-100, pass mark 70), over the versions that could be audited:

    - severity (weight 0.8): 100 minus points per vulnerable dependency, by the worst
      severity among its advisories: critical 60, high 40, medium 15, low 5 (floor 0).
      Severity comes from the record's ``database_specific.severity`` or its CVSS v3 vector;
      an advisory without one (every pip-audit result) counts as high.
    - share (weight 0.2): 100 x the share of audited versions with no known vulnerability.

    So one critical or high advisory fails the check (at most 68); one medium one does not.
    Skipped, never passed: nothing pinned; offline without ``--vuln-db``; the service
    unreachable; pip-audit missing; a mirror without usable PyPI records; no pin auditable.
    Versions that could not be audited (not PEP 440, skipped by pip-audit) are listed in
    the reason as a partial audit.

    How to improve: upgrade each flagged dependency to the version its finding names (the
    lowest one fixing every advisory), re-lock, and audit in CI.
    """

    id: ClassVar[str] = CHECK_ID
    pillar: ClassVar[Pillar] = Pillar.SECURITY
    title: ClassVar[str] = "Known vulnerabilities in pinned dependencies"
    version: ClassVar[str] = "1"
    rules = RULES
    # Command line only: a scanned repository must not choose where its own
    # vulnerabilities are looked up.
    options: ClassVar[Mapping[str, OptionSpec]] = {
        "db": OptionSpec(
            kind="path",
            help="local OSV mirror (folder of records or OSV zip) for offline matching (--vuln-db)",
            repository=False,
        ),
        "service-url": OptionSpec(
            kind="string",
            help="base URL of an OSV-compatible service (--vuln-service)",
            repository=False,
        ),
    }

    def run(self, ctx: CheckContext) -> CheckResult:
        vuln_db = ctx.options.get("db")
        url = ctx.options.get("service-url")
        service_url = url if isinstance(url, str) else None
        deps = read_dependencies(ctx.inventory)
        sites, invalid = package_keys(deps.pins)
        if not sites and not invalid:
            return skipped(CHECK_ID, "nothing pinned to audit (no lock file or == pin)", pinned=0)
        mirror: Mirror | None = None
        if isinstance(vuln_db, Path):
            try:
                mirror = load_mirror(vuln_db)
            except MirrorError as exc:
                return skipped(CHECK_ID, str(exc))
            if not mirror.by_package:
                return skipped(
                    CHECK_ID,
                    f"vulnerability database {vuln_db.name!r} holds no usable PyPI record "
                    f"({mirror.records} loaded, {len(mirror.broken)} broken)",
                    **_mirror_metrics(mirror),
                )
            report = match(sites, mirror)
        elif ctx.offline:
            return skipped(CHECK_ID, "offline and no --vuln-db mirror given")
        elif not sites:
            report = AuditReport(audited=())
        else:
            try:
                report = remembered_audit(
                    ctx.cache,
                    sites,
                    service_url,
                    lambda: audit_online(
                        sites,
                        tool_dir=ctx.cache.tool_dir("pip-audit"),
                        service_url=service_url,
                        timeout=ctx.tool_timeout,
                    ),
                )
            except ServiceUnavailable as exc:
                return skipped(CHECK_ID, str(exc))
            # pip-audit missing, crashing or talking nonsense: the engine maps its ToolError.
        report = AuditReport(
            audited=report.audited,
            not_audited=tuple(sorted([*report.not_audited, *invalid], key=lambda n: n.key)),
        )
        return _result(report, sites, mirror)


def _result(
    report: AuditReport, sites: Mapping[PackageKey, Sequence[Pinned]], mirror: Mirror | None
) -> CheckResult:
    metrics = _metrics(report, mirror)
    if not report.audited:
        return skipped(
            CHECK_ID,
            "no pinned version could be audited: " + _not_audited_text(report.not_audited),
            **metrics,
        )
    vulnerable = [a for a in report.audited if a.advisories]
    vulns = sum(len(group_advisories(a.advisories)) for a in vulnerable)
    source = "OSV mirror" if mirror is not None else "pip-audit, OSV"
    if vulnerable:
        noun = "vulnerability" if vulns == 1 else "vulnerabilities"
        verb = "has" if len(vulnerable) == 1 else "have"
        summary = (
            f"{len(vulnerable)} of {len(report.audited)} pinned versions {verb} "
            f"{vulns} known {noun} ({source})"
        )
    else:
        summary = f"no known vulnerability in {len(report.audited)} pinned versions ({source})"
    reasons = []
    if report.not_audited:
        reasons.append(
            f"partial: {len(report.not_audited)} of "
            f"{len(report.audited) + len(report.not_audited)} pinned versions not audited ("
            + _not_audited_text(report.not_audited)
            + ")"
        )
    # A broken record only makes this audit partial if it may be about a pinned package:
    # the real PyPA database holds a few broken records of packages most repositories never use.
    pinned = {a.key.name for a in report.audited}
    relevant = [
        b
        for b in (mirror.broken if mirror is not None else ())
        if b.packages is None or b.packages & pinned
    ]
    if relevant:
        reasons.append(
            f"{len(relevant)} broken record(s) of the vulnerability database skipped, and they "
            f"may concern a pinned package ({', '.join(b.source for b in relevant[:3])}"
            + (", ..." if len(relevant) > 3 else "")
            + ")"
        )
    return scored(
        CHECK_ID,
        components=scoring.components(report),
        summary=summary,
        metrics=metrics,
        findings=scoring.findings(CHECK_ID, report, sites),
        reason="; ".join(reasons),
    )


def _metrics(report: AuditReport, mirror: Mirror | None) -> dict[str, MetricValue]:
    vulnerable = [a for a in report.audited if a.advisories]
    metrics: dict[str, MetricValue] = {
        "source": "osv-mirror" if mirror is not None else "pip-audit",
        "audited": len(report.audited),
        "vulnerable": len(vulnerable),
        "vulnerabilities": sum(len(group_advisories(a.advisories)) for a in vulnerable),
        "not_audited": len(report.not_audited),
        "vulnerable_packages": sorted(str(a.key) for a in vulnerable),
        "not_audited_packages": sorted(str(n.key) for n in report.not_audited),
    }
    if mirror is not None:
        metrics.update(_mirror_metrics(mirror))
    return metrics


def _mirror_metrics(mirror: Mirror) -> dict[str, MetricValue]:
    return {
        "records": mirror.records,
        "withdrawn_records": mirror.withdrawn,
        "broken_records": len(mirror.broken),
        "mirror_packages": mirror.packages,
    }


def _not_audited_text(items: Sequence[NotAudited], limit: int = 3) -> str:
    text = "; ".join(f"{n.key}: {n.reason}" for n in items[:limit])
    return text + ("; ..." if len(items) > limit else "")
