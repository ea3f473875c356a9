"""The vulnerabilities checker through the real pip-audit, against a local OSV server.

The server is a real ``http.server`` on 127.0.0.1 (random port, in a thread) answering
OSV ``POST /v1/query`` from records the test wrote; pip-audit is pointed at it with
``--osv-url``. Nothing here reaches the network.
"""

from __future__ import annotations

import json
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pyreadiness.checkers.vulnerabilities import VulnerabilitiesChecker
from pyreadiness.model import CheckResult, Status
from pyreadiness.testing import run_checker as run_one_checker
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES, check_json, check_result, tree_digest

MIXED = FIXTURES / "vulns-pinned-mixed"


def _osv(vuln_id: str, name: str, events: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": vuln_id,
        "summary": f"{vuln_id} in {name}",
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"name": name, "ecosystem": "PyPI"},
                "ranges": [{"type": "ECOSYSTEM", "events": events}],
            }
        ],
    }
    record.update(extra)
    return record


# What the test service knows, by (package, version) as pip-audit asks for it.
RECORDS = {
    ("vulnsdemo-alpha", "1.1.0"): [
        _osv("PYSEC-0000-1", "vulnsdemo-alpha", [{"introduced": "0"}, {"fixed": "1.2.0"}],
             aliases=["CVE-0000-0001"]),
        _osv("GHSA-0000-aaaa-bbbb", "vulnsdemo-alpha", [{"introduced": "0"}, {"fixed": "1.2.0"}],
             aliases=["CVE-0000-0001", "PYSEC-0000-1"]),
    ],
    ("vulnsdemo-beta", "2.3"): [
        _osv("PYSEC-0000-2", "vulnsdemo-beta", [{"introduced": "2.0"}, {"last_affected": "2.3"}]),
    ],
    ("vulnsdemo-zeta", "1.9"): [
        _osv("PYSEC-0000-6", "vulnsdemo-zeta", [{"introduced": "0"}, {"fixed": "1.10"}]),
    ],
    ("vulnsdemo-delta", "0.5"): [
        _osv("PYSEC-0000-4", "vulnsdemo-delta", [{"introduced": "0"}],
             withdrawn="2024-02-01T00:00:00Z"),
    ],
}  # fmt: skip


class OsvServer(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.records: dict[tuple[str, str], list[dict[str, Any]]] = dict(RECORDS)
        self.queries: list[tuple[str, str]] = []
        self.status = 200
        self.lock = threading.Lock()
        #: OSV records served by id (GET /v1/vulns/ID); none unless a test adds them.
        self.by_id: dict[str, dict[str, Any]] = {}
        self.lookups: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: OsvServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        query = json.loads(self.rfile.read(length))
        key = (query["package"]["name"], query["version"])
        with self.server.lock:
            self.server.queries.append(key)
        if self.path != "/v1/query" or query["package"]["ecosystem"] != "PyPI":
            self.send_error(404)
            return
        if self.server.status != 200:
            self.send_error(self.server.status)
            return
        vulns = self.server.records.get(key)
        body = json.dumps({"vulns": vulns} if vulns else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        vuln_id = self.path.removeprefix("/v1/vulns/")
        with self.server.lock:
            self.server.lookups.append(vuln_id)
        record = self.server.by_id.get(vuln_id)
        if not self.path.startswith("/v1/vulns/") or record is None:
            self.send_error(404)
            return
        body = json.dumps(record).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean


@pytest.fixture
def osv_server() -> Iterator[OsvServer]:
    server = OsvServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_checker(
    root: Path, cache_dir: Path, service_url: str | None, *, timeout: float = 120
) -> CheckResult:
    return run_one_checker(
        VulnerabilitiesChecker,
        root,
        cache_dir=cache_dir,
        options={"service-url": service_url},
        tool_timeout=timeout,
        offline=False,
    )


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


def _fake_tool(tmp_path: Path, body: str) -> str:
    """A stand-in pip-audit; ``emit(obj)`` writes its JSON report where --output says."""
    prelude = (
        "import json, sys, time\n"
        "def emit(obj):\n"
        "    json.dump(obj, open(sys.argv[sys.argv.index('--output') + 1], 'w'))\n"
    )
    script = tmp_path / "fake-pip-audit"
    script.write_text(f"#!{sys.executable}\n{prelude}{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.mark.slow
def test_real_pip_audit_against_a_local_osv_service(osv_server: OsvServer, cache_dir: Path) -> None:
    result = run_checker(MIXED, cache_dir, osv_server.url)
    assert result.status is Status.FAILED
    metrics = result.metrics
    assert metrics["source"] == "pip-audit"
    assert (metrics["audited"], metrics["vulnerable"], metrics["vulnerabilities"]) == (10, 3, 3)
    assert metrics["not_audited"] == 0
    # pip-audit's JSON has no severity: 3 unknown -> high (40 each); 7 of 10 clean.
    assert [(c.id, c.score) for c in result.components] == [("severity", 0.0), ("share", 70.0)]
    assert result.score == 14.0
    assert [(f.line, f.severity.value) for f in result.findings] == [
        (5, "high"),
        (6, "high"),
        (10, "high"),
    ]
    assert result.findings[0].message == (
        "vulnsdemo-alpha 1.1.0 has 1 known vulnerability: "
        "PYSEC-0000-1 (GHSA-0000-aaaa-bbbb, CVE-0000-0001), fixed in 1.2.0"
    )
    # Every pin was asked about once, both versions of the packages pinned twice included.
    assert sorted(osv_server.queries) == [
        ("vulnsdemo-alpha", "1.1.0"),
        ("vulnsdemo-beta", "2.3"),
        ("vulnsdemo-beta", "2.3.1"),
        ("vulnsdemo-delta", "0.5"),
        ("vulnsdemo-epsilon", "1.0.2"),
        ("vulnsdemo-epsilon", "3.1"),
        ("vulnsdemo-eta", "0.5"),
        ("vulnsdemo-gamma", "1.0.0rc1"),
        ("vulnsdemo-omega", "0.1"),
        ("vulnsdemo-zeta", "1.9"),
    ]


def test_clean_audit_passes_with_full_marks(
    osv_server: OsvServer, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    osv_server.records = {}
    # A user's own pip-audit settings must not send the report elsewhere.
    monkeypatch.setenv("PIP_AUDIT_OUTPUT", str(tmp_path / "elsewhere.json"))
    monkeypatch.setenv("PIP_AUDIT_FORMAT", "columns")
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir, osv_server.url)
    assert not (tmp_path / "elsewhere.json").exists()
    assert result.status is Status.PASSED
    assert result.score == 100.0
    assert result.metrics["audited"] == 4
    assert result.findings == ()
    assert result.summary == "no known vulnerability in 4 pinned versions (pip-audit, OSV)"


def test_unreachable_service_is_skipped_never_passed(cache_dir: Path) -> None:
    url = _closed_port_url()
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir, url)
    assert result.status is Status.SKIPPED
    assert result.score is None
    host = url.removeprefix("http://")
    assert (
        result.reason
        == f"vulnerability service unreachable: {host}: [Errno 111] Connection refused"
    )


def test_service_error_status_is_skipped(osv_server: OsvServer, cache_dir: Path) -> None:
    osv_server.status = 503
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir, osv_server.url)
    assert result.status is Status.SKIPPED
    assert result.reason.startswith("vulnerability service failed: 127.0.0.1:")
    assert "503 Server Error" in result.reason


def test_audit_of_nothing_is_skipped_not_a_pass(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pip-audit says "No known vulnerabilities found" and exits 0 even when it skipped
    # every dependency: that must not read as a clean audit.
    fake = _fake_tool(
        tmp_path,
        "args = sys.argv[1:]\n"
        "req = open(args[args.index('--requirement') + 1]).read().split()\n"
        "deps = [{'name': r.split('==')[0], 'skip_reason': 'index unreachable'} for r in req]\n"
        "emit({'dependencies': deps, 'fixes': []})\n"
        "print('No known vulnerabilities found', file=sys.stderr)",
    )
    monkeypatch.setenv("PYREADINESS_TOOL_PIP_AUDIT", fake)
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir, "http://127.0.0.1:9")
    assert result.status is Status.SKIPPED
    assert result.metrics["audited"] == 0
    assert result.metrics["not_audited"] == 4
    assert result.reason.startswith("no pinned version could be audited: ")
    assert "pip-audit skipped it: index unreachable" in result.reason


def test_partly_skipped_audit_says_partial(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _fake_tool(
        tmp_path,
        "args = sys.argv[1:]\n"
        "req = open(args[args.index('--requirement') + 1]).read().split()\n"
        "deps = [{'name': r.split('==')[0], 'version': r.split('==')[1], 'vulns': []}\n"
        "        for r in req[1:]]\n"
        "deps.append({'name': req[0].split('==')[0], 'skip_reason': 'not on PyPI'})\n"
        "emit({'dependencies': deps, 'fixes': []})",
    )
    monkeypatch.setenv("PYREADINESS_TOOL_PIP_AUDIT", fake)
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir, "http://127.0.0.1:9")
    assert result.status is Status.PASSED
    assert (result.metrics["audited"], result.metrics["not_audited"]) == (3, 1)
    assert result.reason == (
        "partial: 1 of 4 pinned versions not audited "
        "(vulnsdemo-alpha==1.2.0: pip-audit skipped it: not on PyPI)"
    )


def test_pip_audit_sees_only_our_requirements_file(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "argv.json"
    fake = _fake_tool(
        tmp_path,
        "args = sys.argv[1:]\n"
        "req = args[args.index('--requirement') + 1]\n"
        f"json.dump({{'args': args, 'req': open(req).read()}}, open({str(record)!r}, 'w'))\n"
        "emit({'dependencies': [], 'fixes': []})",
    )
    monkeypatch.setenv("PYREADINESS_TOOL_PIP_AUDIT", fake)
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "vulns-one-medium", repo)
    before = tree_digest(repo)
    run_checker(repo, cache_dir, "http://127.0.0.1:9")
    assert tree_digest(repo) == before
    seen = json.loads(record.read_text(encoding="utf-8"))
    args = seen["args"]
    for flag in ("--disable-pip", "--no-deps"):
        assert flag in args
    assert args[args.index("--vulnerability-service") + 1] == "osv"
    assert args[args.index("--osv-url") + 1] == "http://127.0.0.1:9/v1/query"
    requirement = Path(args[args.index("--requirement") + 1])
    assert requirement.is_relative_to(cache_dir)
    assert Path(args[args.index("--cache-dir") + 1]).is_relative_to(cache_dir)
    assert Path(args[args.index("--output") + 1]).is_relative_to(cache_dir)
    assert seen["req"] == (
        "vulnsdemo-alpha==1.2.0\n"
        "vulnsdemo-gamma==1.0.0rc1\n"
        "vulnsdemo-omega==0.1\n"
        "vulnsdemo-zeta==1.10\n"
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ("print('boom', file=sys.stderr); sys.exit(3)", Status.ERROR,
         "pip-audit: exited with code 3: boom"),
        ("print(json.dumps({'dependencies': []}))", Status.ERROR,  # stdout is not read
         "pip-audit: exited with code 0 without a JSON report"),
        ("emit({'dependencies': 'nope'})", Status.ERROR,
         "pip-audit: JSON report has no 'dependencies' list"),
        ("time.sleep(30)", Status.ERROR, "pip-audit: timed out after 2s"),
        ("print('unrecognized arguments: --osv-url', file=sys.stderr); sys.exit(2)",
         Status.ERROR, "pip-audit: too old for --osv-url (needs pip-audit >= 2.10)"),
    ],
)  # fmt: skip
def test_broken_pip_audit_is_an_error_with_its_words(
    body: str,
    status: Status,
    reason: str,
    tmp_path: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYREADINESS_TOOL_PIP_AUDIT", _fake_tool(tmp_path, body))
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir, "http://127.0.0.1:9", timeout=2)
    assert (result.status, result.reason) == (status, reason)


def test_pip_audit_not_installed_is_skipped(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What `python -m pip_audit` says in an environment without pip-audit.
    body = "print('/usr/bin/python: No module named pip_audit', file=sys.stderr); sys.exit(1)"
    monkeypatch.setenv("PYREADINESS_TOOL_PIP_AUDIT", _fake_tool(tmp_path, body))
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir, "http://127.0.0.1:9")
    assert (result.status, result.reason) == (
        Status.SKIPPED,
        "pip-audit: not installed in pyreadiness's environment",
    )


@pytest.mark.slow
def test_cli_with_vuln_service(osv_server: OsvServer, cache_dir: Path) -> None:
    _, report = check_json(
        MIXED, "--select", "vulnerabilities", "--vuln-service", osv_server.url, cache_dir=cache_dir
    )
    check = check_result(report, "vulnerabilities")
    assert (check["status"], check["score"]) == ("failed", 14.0)
    assert check["metrics"]["vulnerable_packages"] == [
        "vulnsdemo-alpha==1.1.0",
        "vulnsdemo-beta==2.3",
        "vulnsdemo-zeta==1.9",
    ]


def test_cli_offline_flag_never_tries_the_service(osv_server: OsvServer, cache_dir: Path) -> None:
    _, report = check_json(
        MIXED,
        "--select",
        "vulnerabilities",
        "--offline",
        "--vuln-service",
        osv_server.url,
        cache_dir=cache_dir,
    )
    check = check_result(report, "vulnerabilities")
    assert (check["status"], check["reason"]) == (
        "skipped",
        "offline and no --vuln-db mirror given",
    )
    assert osv_server.queries == []


@pytest.mark.slow
def test_online_answers_are_reused_for_a_while(osv_server: OsvServer, cache_dir: Path) -> None:
    # A pre-commit hook runs on every commit: asking the service each time would make a
    # warm run slow and network-bound. The answer for the same pins is kept for hours.
    first = run_checker(MIXED, cache_dir, osv_server.url)
    asked = len(osv_server.queries)
    assert asked == 10
    again = run_checker(MIXED, cache_dir, osv_server.url)
    assert len(osv_server.queries) == asked  # nothing asked
    assert (again.score, again.findings, again.metrics) == (
        first.score,
        first.findings,
        first.metrics,
    )
    # Another service is another answer.
    other = run_checker(MIXED, cache_dir, osv_server.url + "/")
    assert len(osv_server.queries) == asked  # the same endpoint, spelled differently
    assert other.score == first.score
    # Once the answer is older than the time to live, the service is asked again.
    cache = Cache(cache_dir)
    ((key, stored),) = cache.entries("vulns-online")
    stored["at"] -= 7 * 3600
    cache.put("vulns-online", key, stored)
    cache.close()
    run_checker(MIXED, cache_dir, osv_server.url)
    assert len(osv_server.queries) == 2 * asked


def _mirror_records() -> dict[str, dict[str, Any]]:
    import yaml

    records = {}
    for path in sorted((FIXTURES / "vulns-osv-mirror" / "pypi").iterdir()):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        records[data["id"]] = data
    return records


@pytest.mark.slow
def test_online_severity_equals_offline(osv_server: OsvServer, cache_dir: Path) -> None:
    from tests.test_vulnerabilities_offline import run_checker as run_offline

    osv_server.by_id = _mirror_records()
    online = run_checker(MIXED, cache_dir, osv_server.url)
    offline = run_offline(MIXED, cache_dir)
    online_by_path = {(f.path, f.line): f.severity for f in online.findings}
    offline_by_path = {(f.path, f.line): f.severity for f in offline.findings}
    common = online_by_path.keys() & offline_by_path.keys()
    assert len(common) == 3
    assert {k: online_by_path[k] for k in common} == {k: offline_by_path[k] for k in common}
    # alpha's PYSEC-0000-1 is rated by its GHSA alias's record: critical, not "unknown: high".
    assert sorted(s.value for s in online_by_path.values()) == ["critical", "high", "high"]
    assert online.metrics["unrated"] == 2  # beta's and zeta's records carry no severity
    # The ratings are kept with the answer: a warm run asks nothing.
    asked = len(osv_server.lookups)
    again = run_checker(MIXED, cache_dir, osv_server.url)
    assert len(osv_server.lookups) == asked
    assert again.findings == online.findings


@pytest.mark.slow
def test_records_that_cannot_be_had_leave_the_severity_unknown(
    osv_server: OsvServer, cache_dir: Path
) -> None:
    result = run_checker(MIXED, cache_dir, osv_server.url)  # no record served by id
    assert sorted(f.severity.value for f in result.findings) == ["high", "high", "high"]
    assert result.metrics["unrated"] == 4  # advisories: alpha has two (PYSEC and GHSA)
