"""Keep the vulnerability service's answer for the same pins for a few hours.

A pre-commit hook runs on every commit; asking OSV each time would make a warm run slow and
dependent on the network. Advisories are published daily, so an answer a few hours old is
still the honest state of knowledge; past ``ONLINE_TTL_SECONDS`` the service is asked again.
Only complete answers are kept: a failure (service down, pip-audit broken) is never cached
as an answer. That the service was unreachable is remembered for ``UNREACHABLE_TTL_SECONDS``
instead: offline, every warm run would otherwise pay the connection timeout again (1.2 s of a
1.9 s warm run on a medium repository; up to pip-audit's 30 s read timeout against a server
that accepts and never answers), and a pre-commit hook must stay near-instant. The skip
reason says the failure was remembered and when the service is asked again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from pyreadiness.checkers.vulnerabilities.model import (
    Advisory,
    AuditReport,
    NotAudited,
    PackageAudit,
    PackageKey,
)
from pyreadiness.checkers.vulnerabilities.pip_audit import ServiceUnavailable, query_url
from pyreadiness.model import Severity
from pyreadiness.tools.cache import Cache, make_key
from pyreadiness.tools.process import python_module_command

ONLINE_TTL_SECONDS = 6 * 3600
#: Answers kept before severities were looked up (ratings.py) are not reused.
ANSWER_LAYOUT = "rated-1"
NAMESPACE = "vulns-online"
#: How long "the service could not be reached" is believed without asking again.
UNREACHABLE_TTL_SECONDS = 10 * 60
UNREACHABLE_NAMESPACE = "vulns-unreachable"


def _pip_audit_identity() -> str:
    try:
        installed = version("pip-audit")
    except PackageNotFoundError:
        installed = "?"
    return installed + "|" + " ".join(python_module_command("pip-audit", "pip_audit"))


def _key_of(key: PackageKey) -> dict[str, str]:
    return {"name": key.name, "version": key.version}


def _to_json(report: AuditReport) -> dict[str, Any]:
    return {
        "audited": [
            {
                "key": _key_of(a.key),
                "advisories": [
                    {
                        "id": v.id,
                        "aliases": list(v.aliases),
                        "fixed": list(v.fixed),
                        "severity": v.severity.value if v.severity else None,
                        "summary": v.summary,
                    }
                    for v in a.advisories
                ],
            }
            for a in report.audited
        ],
        "not_audited": [{"key": _key_of(n.key), "reason": n.reason} for n in report.not_audited],
    }


def _from_json(data: Any) -> AuditReport:
    return AuditReport(
        audited=tuple(
            PackageAudit(
                key=PackageKey(**a["key"]),
                advisories=tuple(
                    Advisory(
                        id=v["id"],
                        aliases=tuple(v["aliases"]),
                        fixed=tuple(v["fixed"]),
                        severity=Severity(v["severity"]) if v["severity"] else None,
                        summary=v["summary"],
                    )
                    for v in a["advisories"]
                ),
            )
            for a in data["audited"]
        ),
        not_audited=tuple(
            NotAudited(key=PackageKey(**n["key"]), reason=n["reason"]) for n in data["not_audited"]
        ),
    )


def remembered_audit(
    cache: Cache,
    keys: Iterable[PackageKey],
    service_url: str | None,
    ask: Callable[[], AuditReport],
) -> AuditReport:
    """The service's answer for exactly these pins: from the cache while fresh, else ``ask()``."""
    key = make_key(
        ANSWER_LAYOUT, _pip_audit_identity(), query_url(service_url), *sorted(str(k) for k in keys)
    )
    stored = cache.get(NAMESPACE, key)
    now = time.time()
    if isinstance(stored, dict) and 0 <= now - stored.get("at", 0) < ONLINE_TTL_SECONDS:
        try:
            return _from_json(stored["report"])
        except (KeyError, TypeError, ValueError):
            pass  # an entry from an older layout: ask again
    _raise_if_recently_unreachable(cache, service_url, now)
    try:
        report = ask()
    except ServiceUnavailable as exc:
        cache.put(UNREACHABLE_NAMESPACE, query_url(service_url), {"at": now, "reason": str(exc)})
        raise
    cache.put(NAMESPACE, key, {"at": now, "report": _to_json(report)})
    return report


def _raise_if_recently_unreachable(cache: Cache, service_url: str | None, now: float) -> None:
    stored = cache.get(UNREACHABLE_NAMESPACE, query_url(service_url))
    if not isinstance(stored, dict) or not isinstance(stored.get("reason"), str):
        return
    at = stored.get("at")
    if isinstance(at, (int, float)) and 0 <= now - at < UNREACHABLE_TTL_SECONDS:
        minutes = UNREACHABLE_TTL_SECONDS // 60
        raise ServiceUnavailable(
            f"{stored['reason']} (remembered from an earlier run: not asked again for "
            f"{minutes} minutes; --no-cache asks now)"
        )
