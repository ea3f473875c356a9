"""Severity of advisories found online, so that online equals offline.

pip-audit's JSON names advisories but carries no severity, so every online finding used to
count as high while the mirror path rated each by its record. Here each advisory's OSV
record is fetched by id from the same service (``GET /v1/vulns/{id}``) and rated exactly as
a mirror record is (``osv.severity_of_record``: the database's severity word, else the worst CVSS
rating). The primary id is asked first, then GitHub aliases (GHSA records carry a severity
more often than PYSEC ones). The ratings are kept with the audit's answer (answers.py).

Bounded: at most :data:`WORKERS` requests at once, each with the network timeout, and all
of them within one overall deadline; an advisory whose record cannot be had keeps an
unknown severity (counted as high, scoring.py) and is counted in the ``unrated`` metric.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from urllib.error import URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from pyreadiness.checkers.vulnerabilities.model import Advisory, AuditReport, PackageAudit
from pyreadiness.checkers.vulnerabilities.osv import severity_of_record
from pyreadiness.checkers.vulnerabilities.pip_audit import query_url
from pyreadiness.model import Severity

WORKERS = 8
#: A record larger than this is not an OSV advisory: not read further.
MAX_RECORD_BYTES = 2 * 1024 * 1024


def vuln_url(service_url: str | None, vuln_id: str) -> str:
    base = query_url(service_url).removesuffix("/v1/query")
    return f"{base}/v1/vulns/{quote(vuln_id, safe='')}"


def rate(report: AuditReport, service_url: str | None, timeout: float) -> AuditReport:
    """The same audit with each advisory's severity looked up where it has none."""
    wanted = sorted(
        {a for audit in report.audited for a in audit.advisories if a.severity is None},
        key=lambda a: a.id,
    )
    if not wanted:
        return report
    deadline = time.monotonic() + 2 * timeout
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(wanted))) as pool:
        found = dict(
            zip(
                (a.id for a in wanted),
                pool.map(lambda a: _lookup(a, service_url, timeout, deadline), wanted),
                strict=True,
            )
        )
    return AuditReport(
        audited=tuple(
            PackageAudit(
                key=audit.key,
                advisories=tuple(_rated(a, found.get(a.id)) for a in audit.advisories),
            )
            for audit in report.audited
        ),
        not_audited=report.not_audited,
    )


def _rated(advisory: Advisory, severity: Severity | None) -> Advisory:
    return advisory if severity is None else replace(advisory, severity=severity)


def _lookup(
    advisory: Advisory, service_url: str | None, timeout: float, deadline: float
) -> Severity | None:
    ghsa = sorted(a for a in advisory.aliases if a.startswith("GHSA-"))
    for vuln_id in (advisory.id, *ghsa):
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        record = _fetch(vuln_url(service_url, vuln_id), min(timeout, left))
        severity = severity_of_record(record) if record is not None else None
        if severity is not None:
            return severity
    return None


def _fetch(url: str, timeout: float) -> dict[str, object] | None:
    if not url.startswith(("https://", "http://")):
        return None
    request = Request(url, headers={"Accept": "application/json"})  # noqa: S310 - checked above
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - checked above
            data = json.loads(response.read(MAX_RECORD_BYTES + 1)[:MAX_RECORD_BYTES])
    except (URLError, OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
