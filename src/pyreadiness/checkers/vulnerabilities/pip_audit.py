"""Online audit: pip-audit against the OSV API, in a mode that cannot build or install.

pip-audit only ever sees a requirements file WE write (``name==version`` lines, names and
versions validated first, in a private temporary folder), never the repository's own files,
and runs with ``--disable-pip --no-deps``: it then reads the pins as already resolved and
never creates a virtual environment, runs pip, or builds an sdist.

``--vulnerability-service osv`` because OSV is the service whose records the offline mirror
mode also reads, so both modes agree; ``--osv-url`` (pip-audit >= 2.10) points it at a
private OSV-compatible service or a test server.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from pyreadiness.checkers.vulnerabilities.model import (
    Advisory,
    AuditReport,
    NotAudited,
    PackageAudit,
    PackageKey,
    version_sort_key,
)
from pyreadiness.tools.process import ToolFailed, ToolNotFound, python_module_command, run_tool

DEFAULT_OSV_API = "https://api.osv.dev"
TOOL = "pip-audit"
# pip-audit lets requests' errors escape as a traceback; the last such line says what failed.
_REQUESTS_ERROR = re.compile(r"^requests\.exceptions\.(\w+): (.*)$", re.MULTILINE)
_ERRNO = re.compile(r"\[Errno -?\d+\] [^'\")]+")


class ServiceUnavailable(Exception):
    """The vulnerability service could not be reached or failed; ``str()`` is the reason."""


#: pip-audit's per-request network timeout: a third of the tool's (which covers its start
#: and every request), at most this. A server that accepts and never answers must end as
#: "service unreachable: timed out" (remembered, answers.py), not as the whole tool timing out.
MAX_NETWORK_TIMEOUT = 15


def network_timeout(tool_timeout: float) -> int:
    return max(1, min(MAX_NETWORK_TIMEOUT, int(tool_timeout / 3)))


def query_url(service_url: str | None) -> str:
    """The OSV ``/v1/query`` endpoint for a base URL (a full endpoint URL is kept)."""
    base = (service_url or DEFAULT_OSV_API).rstrip("/")
    return base if base.endswith("/v1/query") else base + "/v1/query"


def audit_online(
    keys: Iterable[PackageKey],
    *,
    tool_dir: Path,
    service_url: str | None,
    timeout: float,
) -> AuditReport:
    """Audit every key with pip-audit; raise ServiceUnavailable or a ToolError on failure."""
    audited: list[PackageAudit] = []
    not_audited: list[NotAudited] = []
    for layer in _layers(keys):
        with tempfile.TemporaryDirectory(prefix="run-", dir=tool_dir) as work:
            result = _run(layer, Path(work), tool_dir, service_url, timeout)
        done, missing = result
        audited.extend(done)
        not_audited.extend(missing)
    return AuditReport(
        audited=tuple(sorted(audited, key=lambda a: a.key)),
        not_audited=tuple(sorted(not_audited, key=lambda n: n.key)),
    )


def _layers(keys: Iterable[PackageKey]) -> list[list[PackageKey]]:
    """Split keys so no run holds one name twice: pip-audit rejects duplicate requirements.

    A repository may pin a package at two versions (say in two requirements files); the
    second version goes to a second run instead of being dropped.
    """
    by_name: dict[str, list[PackageKey]] = {}
    for key in sorted(set(keys)):
        by_name.setdefault(key.name, []).append(key)
    depth = max((len(v) for v in by_name.values()), default=0)
    return [[v[i] for v in by_name.values() if len(v) > i] for i in range(depth)]


def _run(
    layer: Sequence[PackageKey], work: Path, tool_dir: Path, service_url: str | None, timeout: float
) -> tuple[list[PackageAudit], list[NotAudited]]:
    requirements = work / "pinned.txt"
    requirements.write_text("".join(f"{k.name}=={k.version}\n" for k in layer), encoding="utf-8")
    # The report goes to a file of ours: stdout may carry warnings, and an explicit
    # --output overrides a PIP_AUDIT_OUTPUT the user may have set.
    report = work / "report.json"
    argv = [
        *python_module_command(TOOL, "pip_audit"),
        "--requirement", str(requirements),
        "--disable-pip", "--no-deps",
        "--format", "json", "--output", str(report), "--aliases", "on", "--desc", "on",
        "--vulnerability-service", "osv",
        "--progress-spinner", "off",
        "--cache-dir", str(tool_dir / "http"),
        "--timeout", str(network_timeout(timeout)),
    ]  # fmt: skip
    if service_url:
        argv += ["--osv-url", query_url(service_url)]
    try:
        out = run_tool(TOOL, argv, cwd=work, timeout=timeout, ok_codes=(0, 1))
    except ToolFailed as exc:
        if "unrecognized arguments: --osv-url" in exc.stderr:
            raise ToolFailed(TOOL, "too old for --osv-url (needs pip-audit >= 2.10)") from exc
        raise
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict):
        if "No module named pip_audit" in out.stderr:
            raise ToolNotFound(TOOL, "not installed in pyreadiness's environment")
        _raise_service_error(out.stderr, query_url(service_url))
        raise ToolFailed(TOOL, f"exited with code {out.returncode} without a JSON report")
    return _parse(data, layer)


def _raise_service_error(stderr: str, url: str) -> None:
    host = urlsplit(url).netloc
    errors = _REQUESTS_ERROR.findall(stderr)
    if errors:
        kind, message = errors[-1]
        if kind == "HTTPError":  # the service answered, with an error status
            raise ServiceUnavailable(f"vulnerability service failed: {host}: {message[:160]}")
        errno = _ERRNO.search(message)
        detail = errno.group(0).strip() if errno else f"{kind}: {message[:160]}"
        raise ServiceUnavailable(f"vulnerability service unreachable: {host}: {detail}")
    if "Could not connect to OSV" in stderr:
        raise ServiceUnavailable(f"vulnerability service unreachable: {host}: timed out")


def _parse(
    data: dict[str, Any], layer: Sequence[PackageKey]
) -> tuple[list[PackageAudit], list[NotAudited]]:
    wanted = {(k.name, k.parsed): k for k in layer}
    by_name = {k.name: k for k in layer}
    audited: dict[PackageKey, PackageAudit] = {}
    skipped: dict[PackageKey, NotAudited] = {}
    deps = data.get("dependencies")
    if not isinstance(deps, list):
        raise ToolFailed(TOOL, "JSON report has no 'dependencies' list")
    for dep in deps:
        if not isinstance(dep, dict) or not isinstance(dep.get("name"), str):
            raise ToolFailed(TOOL, "JSON report has a dependency without a name")
        name = canonicalize_name(dep["name"])
        if "skip_reason" in dep:
            key = by_name.get(name)
            if key is not None:
                reason = f"pip-audit skipped it: {dep['skip_reason']}"
                skipped[key] = NotAudited(key=key, reason=reason)
            continue
        try:
            found = wanted.get((name, Version(str(dep.get("version")))))
        except InvalidVersion:
            found = None
        if found is not None:
            vulns = dep.get("vulns") or []
            audited[found] = PackageAudit(key=found, advisories=_advisories(vulns))
    missing = [
        NotAudited(key=k, reason="pip-audit did not report it")
        for k in layer
        if k not in audited and k not in skipped
    ]
    return list(audited.values()), [*skipped.values(), *missing]


def _advisories(vulns: Any) -> tuple[Advisory, ...]:
    if not isinstance(vulns, list):
        raise ToolFailed(TOOL, "JSON report has a 'vulns' entry that is not a list")
    result = []
    for vuln in vulns:
        if not isinstance(vuln, dict) or not isinstance(vuln.get("id"), str):
            raise ToolFailed(TOOL, "JSON report has a vulnerability without an id")
        fixed = [str(v) for v in vuln.get("fix_versions") or []]
        summary = " ".join(str(vuln.get("description") or "").split())[:200]
        result.append(
            Advisory(
                id=vuln["id"],
                aliases=tuple(sorted(str(a) for a in vuln.get("aliases") or [])),
                fixed=tuple(sorted(sorted(set(fixed)), key=version_sort_key)),
                severity=None,  # pip-audit's JSON carries no severity
                summary=summary,
            )
        )
    return tuple(sorted(result, key=lambda a: a.id))
