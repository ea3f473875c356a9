"""Offline audit: match pinned versions against a loaded OSV mirror."""

from __future__ import annotations

from collections.abc import Iterable

from pyreadiness.checkers.vulnerabilities.mirror import Mirror
from pyreadiness.checkers.vulnerabilities.model import AuditReport, PackageAudit, PackageKey


def match(keys: Iterable[PackageKey], mirror: Mirror) -> AuditReport:
    """Every key is audited: a package the mirror does not mention has no known advisory."""
    audited = []
    for key in sorted(set(keys)):
        version = key.parsed
        advisories = []
        for record in mirror.by_package.get(key.name, ()):
            advisory = record.advisory_for(key.name, version)
            if advisory is not None:
                advisories.append(advisory)
        audited.append(
            PackageAudit(key=key, advisories=tuple(sorted(advisories, key=lambda a: a.id)))
        )
    return AuditReport(audited=tuple(audited))
