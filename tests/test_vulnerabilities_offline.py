"""The vulnerabilities checker with a local OSV mirror (--vuln-db): no network at all."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from pyreadiness.checkers.vulnerabilities import VulnerabilitiesChecker
from pyreadiness.model import CheckResult, Status
from pyreadiness.testing import run_checker as run_one_checker
from tests.helpers import FIXTURES, check_json, check_result, tree_digest

MIRROR = FIXTURES / "vulns-osv-mirror"


def run_checker(
    root: Path, cache_dir: Path, *, vuln_db: Path | None = MIRROR, offline: bool = True
) -> CheckResult:
    return run_one_checker(
        VulnerabilitiesChecker,
        root,
        cache_dir=cache_dir,
        options={"db": vuln_db},
        offline=offline,
    )


def test_mixed_pins_exact_findings_and_score(cache_dir: Path) -> None:
    result = run_checker(FIXTURES / "vulns-pinned-mixed", cache_dir)
    assert result.status is Status.FAILED
    # severity: 100 - (60 critical + 3 x 40 high + 15 medium + 5 low) -> 0; share: 4/10 clean
    assert [(c.id, c.score) for c in result.components] == [("severity", 0.0), ("share", 40.0)]
    assert result.score == 8.0
    metrics = result.metrics
    assert (metrics["audited"], metrics["vulnerable"], metrics["vulnerabilities"]) == (10, 6, 6)
    assert metrics["not_audited"] == 0
    assert (metrics["records"], metrics["withdrawn_records"], metrics["broken_records"]) == (
        9,
        1,
        3,
    )
    assert metrics["vulnerable_packages"] == [
        "vulnsdemo-alpha==1.1.0",
        "vulnsdemo-beta==2.3",
        "vulnsdemo-epsilon==3.1",
        "vulnsdemo-eta==0.5",
        "vulnsdemo-gamma==1.0.0rc1",
        "vulnsdemo-zeta==1.9",
    ]
    assert [(f.path, f.line, f.severity.value) for f in result.findings] == [
        ("pyproject.toml", 5, "critical"),
        ("pyproject.toml", 6, "high"),
        ("pyproject.toml", 7, "medium"),
        ("pyproject.toml", 9, "low"),
        ("pyproject.toml", 10, "high"),
        ("pyproject.toml", 11, "high"),
    ]
    alpha, beta, _, epsilon, zeta, _ = result.findings
    assert alpha.rule == "known-vulnerability"
    assert alpha.message == (
        "vulnsdemo-alpha 1.1.0 has 1 known vulnerability: "
        "PYSEC-0000-1 (GHSA-0000-aaaa-bbbb, CVE-0000-0001), fixed in 1.2.0"
    )
    assert alpha.help == "Upgrade vulnsdemo-alpha to 1.2.0 or later and re-lock."
    assert beta.message.endswith("PYSEC-0000-2, no fix known")
    assert epsilon.message.endswith("PYSEC-0000-5, fixed in 3.2.5")  # not the 1.0.x fix
    assert zeta.help == "Upgrade vulnsdemo-zeta to 1.10 or later and re-lock."
    assert "3 broken record(s)" in result.reason


def test_one_medium_vulnerability_still_passes(cache_dir: Path) -> None:
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir)
    assert result.status is Status.PASSED
    assert [(c.id, c.score) for c in result.components] == [("severity", 85.0), ("share", 75.0)]
    assert result.score == 83.0
    assert [f.message.split(" has ")[0] for f in result.findings] == ["vulnsdemo-gamma 1.0.0rc1"]
    assert result.summary == "1 of 4 pinned versions has 1 known vulnerability (OSV mirror)"


def test_nothing_pinned_is_skipped_not_passed(cache_dir: Path) -> None:
    result = run_checker(FIXTURES / "vulns-nothing-pinned", cache_dir)
    assert result.status is Status.SKIPPED
    assert result.score is None
    assert result.reason == "nothing pinned to audit (no lock file or == pin)"


def test_pins_that_cannot_be_audited_are_skipped_with_the_reason(cache_dir: Path) -> None:
    result = run_checker(FIXTURES / "vulns-unauditable-pins", cache_dir)
    assert result.status is Status.SKIPPED
    assert result.metrics["audited"] == 0
    assert result.metrics["not_audited"] == 2
    assert "version 'not.a.release' is not PEP 440" in result.reason


def test_zip_mirror_gives_the_same_result(tmp_path: Path, cache_dir: Path) -> None:
    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(MIRROR.rglob("*")):
            if path.is_file():
                zf.write(path, path.name)  # OSV's own zip is flat: one file per record
    from_zip = run_checker(FIXTURES / "vulns-pinned-mixed", cache_dir, vuln_db=archive)
    from_folder = run_checker(FIXTURES / "vulns-pinned-mixed", cache_dir)
    assert from_zip.score == from_folder.score == 8.0
    assert from_zip.findings == from_folder.findings


def test_mirror_with_only_broken_records_is_skipped(tmp_path: Path, cache_dir: Path) -> None:
    shutil.copytree(MIRROR / "broken", tmp_path / "mirror")
    result = run_checker(FIXTURES / "vulns-pinned-mixed", cache_dir, vuln_db=tmp_path / "mirror")
    assert result.status is Status.SKIPPED
    assert result.reason == (
        "vulnerability database 'mirror' holds no usable PyPI record (0 loaded, 2 broken)"
    )
    assert result.metrics["broken_records"] == 2


def test_missing_mirror_is_skipped(tmp_path: Path, cache_dir: Path) -> None:
    result = run_checker(FIXTURES / "vulns-pinned-mixed", cache_dir, vuln_db=tmp_path / "gone")
    assert result.status is Status.SKIPPED
    assert result.reason == "vulnerability database 'gone' does not exist"


def test_offline_without_a_mirror_is_skipped(cache_dir: Path) -> None:
    result = run_checker(FIXTURES / "vulns-pinned-mixed", cache_dir, vuln_db=None)
    assert result.status is Status.SKIPPED
    assert result.reason == "offline and no --vuln-db mirror given"


@pytest.mark.slow
def test_cli_vuln_db_reports_findings_and_writes_nothing(tmp_path: Path, cache_dir: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "vulns-pinned-mixed", repo)
    before = tree_digest(repo)
    _, report = check_json(
        repo, "--select", "vulnerabilities", "--vuln-db", MIRROR, cache_dir=cache_dir
    )
    assert tree_digest(repo) == before
    check = check_result(report, "vulnerabilities")
    assert (check["status"], check["score"]) == ("failed", 8.0)
    assert check["metrics"]["vulnerabilities"] == 6
    rows = sorted(
        (f["rule"], f["severity"], f["path"], f["line"])
        for f in report["findings"]
        if f["check"] == "vulnerabilities"
    )
    assert rows == [
        ("known-vulnerability", "critical", "pyproject.toml", 5),
        ("known-vulnerability", "high", "pyproject.toml", 6),
        ("known-vulnerability", "high", "pyproject.toml", 10),
        ("known-vulnerability", "high", "pyproject.toml", 11),
        ("known-vulnerability", "low", "pyproject.toml", 9),
        ("known-vulnerability", "medium", "pyproject.toml", 7),
    ]


@pytest.mark.parametrize("offline", [True, False])
def test_mirror_is_used_whether_or_not_offline(offline: bool, cache_dir: Path) -> None:
    # With a mirror the online service is never consulted, so no network either way.
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir, offline=offline)
    assert result.metrics["source"] == "osv-mirror"
    assert result.score == 83.0


def test_lock_files_are_audited_and_every_pin_site_named(cache_dir: Path) -> None:
    # uv.lock and a pip-compile requirements file both pin vulnsdemo-alpha 1.1.0; the
    # pyproject's ranges are not audited (they name no version).
    result = run_checker(FIXTURES / "vulns-locked-uv", cache_dir)
    assert (result.metrics["audited"], result.metrics["vulnerable"]) == (3, 1)
    assert [(c.id, c.score) for c in result.components] == [("severity", 40.0), ("share", 66.7)]
    assert result.score == 45.3
    (finding,) = result.findings
    assert (finding.path, finding.line, finding.severity.value) == (
        "requirements.txt",
        7,
        "critical",
    )
    assert finding.message.endswith("fixed in 1.2.0 (also pinned in uv.lock:14)")


def test_broken_records_of_packages_not_pinned_do_not_make_the_audit_partial(
    tmp_path: Path, cache_dir: Path
) -> None:
    # The real PyPA database has two such records (binderhub, steam): they must not mark
    # every audit partial. PYSEC-0000-7 is about vulnsdemo-eta, which this fixture never pins.
    shutil.copytree(MIRROR / "pypi", tmp_path / "mirror")
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir, vuln_db=tmp_path / "mirror")
    assert result.metrics["broken_records"] == 1
    assert result.reason == ""


def test_broken_records_that_may_concern_a_pin_keep_the_audit_partial(cache_dir: Path) -> None:
    # not-yaml.yaml and no-id.json name no package: they could be about anything pinned.
    result = run_checker(FIXTURES / "vulns-one-medium", cache_dir)
    assert result.metrics["broken_records"] == 3
    assert result.reason == (
        "2 broken record(s) of the vulnerability database skipped, and they may concern a "
        "pinned package (broken/no-id.json, broken/not-yaml.yaml)"
    )


def test_accepted_advisory_costs_nothing_is_listed_and_expired_ignore_is_a_finding(
    cache_dir: Path,
) -> None:
    _, report = check_json(
        FIXTURES / "vulns-accepted-advisory",
        "--select",
        "vulnerabilities",
        "--vuln-db",
        MIRROR,
        cache_dir=cache_dir,
    )
    result = check_result(report, "vulnerabilities")
    # vulns-one-medium scores 83.0 with PYSEC-0000-3 counted; accepted, nothing is lost.
    assert [(c["id"], c["score"]) for c in result["components"]] == [
        ("severity", 100.0),
        ("share", 100.0),
    ]
    assert result["metrics"]["accepted_advisories"] == [
        "PYSEC-0000-3 in vulnsdemo-gamma==1.0.0rc1: the debug endpoint is disabled in our build"
        " (until 2099-12-31)"
    ]
    assert result["summary"] == (
        "no known vulnerability in 4 pinned versions (OSV mirror); "
        "1 accepted by ignore-vulns (listed in metrics)"
    )
    assert [(f["rule"], f["message"]) for f in report["findings"] if f["check"] != "discovery"] == [
        (
            "expired-ignore",
            "ignore-vulns entry GHSA-0000-aaaa-bbbb expired on 2021-06-30: the advisory counts "
            "again (reason was: reviewed last year)",
        )
    ]
