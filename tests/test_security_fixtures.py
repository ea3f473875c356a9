"""The security checker on fixtures with known counts, with the real bandit.

Every count here was first measured by hand with ``python -m bandit -f json -q FILES``
(the files being the fixture's shipped sources); ``test_counts_equal_bandit_by_hand``
keeps proving the report and bandit agree.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pyreadiness.checkers.security import SecurityChecker
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Severity, Status
from pyreadiness.testing import run_checker
from tests.helpers import FIXTURES, check_json, check_result, tree_digest

# The planted values of fixtures/security-planted-key: none may ever appear in a report.
PLANTED = (
    "AKIAZ4Q7RM2XK9TB3WLD",
    "q8Vd2Lr7XkP0mN4bT9sY1wHc6GfJ3aZeUo5iRtQy",
    "Tr0ub4dor-and-3",
    "mail-Pa55word-2024",
    "MIIEowIBAAKCAQEA",
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUA",
)


def run_security(root: Path, cache: Path) -> CheckResult:
    return run_checker(SecurityChecker, root, cache_dir=cache)


def test_bandit_high_counts_and_score(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-bandit-high", cache_dir)
    m = result.metrics
    assert (m["high"], m["medium"], m["low"], m["nosec"], m["secrets"]) == (1, 1, 1, 0, 0)
    assert m["files_scanned"] == 3  # __init__, hashing, loader: never tests/
    assert m["per_kloc"] == 13.2  # 10x1 + 3x1 + 0.2x1 over the 1-KLOC floor
    bandit_part, secrets_part = result.components
    assert (bandit_part.id, bandit_part.score) == ("bandit", 40.1)  # 100 x 0.5^1.32
    assert (secrets_part.id, secrets_part.score) == ("secrets", 100.0)
    assert result.score == 70.0
    assert result.status is Status.PASSED
    assert [(f.rule, f.severity, f.path, f.line) for f in result.findings] == [
        ("B324", Severity.HIGH, "src/riskypkg/hashing.py", 5),
        ("B101", Severity.LOW, "src/riskypkg/loader.py", 5),
        ("B506", Severity.MEDIUM, "src/riskypkg/loader.py", 6),
    ]
    for finding in result.findings:
        assert finding.help.startswith("https://bandit.readthedocs.io/")
        assert finding.message


def test_clean_repository_scores_full_marks(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-clean", cache_dir)
    assert result.status is Status.PASSED
    assert result.score == 100.0
    assert result.findings == ()
    # config.yaml's password and token are references (${...}, {{ ... }}), not secrets.
    assert result.metrics["secrets"] == 0
    assert result.metrics["secret_files_scanned"] == 4


def test_nosec_is_honoured_and_counted(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-nosec", cache_dir)
    m = result.metrics
    # One bare "# nosec", one "# nosec B324": both silence an md5/sha1 (B324, HIGH).
    assert (m["high"], m["medium"], m["low"], m["nosec"]) == (0, 0, 1, 2)
    assert [f.rule for f in result.findings] == ["B311"]


def test_issues_in_tests_are_not_counted(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-tests-excluded", cache_dir)
    m = result.metrics
    assert (m["high"], m["medium"], m["low"], m["secrets"]) == (0, 0, 0, 0)
    assert m["files_scanned"] == 2  # core_test.py, conftest.py and tests/ are test code
    assert result.score == 100.0


def test_syntax_error_is_a_finding_and_the_rest_is_scanned(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-syntax-error", cache_dir)
    m = result.metrics
    assert (m["files_scanned"], m["files_unparsed"], m["low"]) == (2, 1, 1)
    broken = [f for f in result.findings if f.rule == "syntax-error"]
    assert len(broken) == 1
    assert (broken[0].path, broken[0].line, broken[0].severity) == (
        "src/brokenpkg/broken.py",
        1,
        Severity.LOW,
    )
    assert "syntax error" in broken[0].message
    assert result.reason == "1 source files could not be parsed, so were not scanned"
    assert result.status is Status.PASSED  # one LOW issue: 100 x 0.5^0.1 = 93.3, and 100


def test_planted_keys_are_found_and_never_printed(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-planted-key", cache_dir)
    m = result.metrics
    # The AWS access key ID alone is likely (high), not certain: it names a key.
    assert (m["secrets"], m["secrets_critical"], m["secrets_suppressed"]) == (6, 3, 1)
    assert [(f.rule, f.severity.value, f.path, f.line) for f in result.findings] == [
        ("hardcoded-credential", "high", ".env", 2),
        ("aws-secret-access-key", "critical", "config/production.yaml", 3),
        ("hardcoded-credential", "high", "config/production.yaml", 6),
        ("private-key", "critical", "keys/deploy.pem", 1),
        ("aws-access-key-id", "high", "src/leakypkg/settings.py", 2),
        ("private-key", "critical", "src/leakypkg/settings.py", 4),
    ]
    # A certain secret zeroes the secrets component; the 13-line package leaves bandit out.
    assert [(c.id, c.score) for c in result.components] == [("secrets", 0.0)]
    assert result.score == 0.0
    assert result.status is Status.FAILED
    text = repr(result)
    for value in PLANTED:
        assert value not in text
    assert "AKIA... (20 characters, the rest not shown)" in result.findings[4].message
    assert "SMTP_PASSWORD (18 characters, not shown)" in result.findings[0].message


SOURCE_FIXTURES = ["security-bandit-high", "security-nosec", "security-syntax-error"]


@pytest.mark.parametrize("name", SOURCE_FIXTURES)
def test_counts_equal_bandit_by_hand(name: str, cache_dir: Path) -> None:
    root = FIXTURES / name
    sources = sorted(build_inventory(root).paths(FileKind.SOURCE))
    by_hand = subprocess.run(
        [sys.executable, "-m", "bandit", "-f", "json", "-q", *sources],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    totals = json.loads(by_hand.stdout)["metrics"]["_totals"]
    m = run_security(root, cache_dir).metrics
    assert m["high"] == totals["SEVERITY.HIGH"]
    assert m["medium"] == totals["SEVERITY.MEDIUM"]
    assert m["low"] == totals["SEVERITY.LOW"]
    assert m["nosec"] == totals["nosec"] + totals["skipped_tests"]


def test_repository_bandit_config_is_ignored(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "security-bandit-high", root)
    (root / ".bandit").write_text("[bandit]\nskips: B101,B324,B506\n")
    with (root / "pyproject.toml").open("a") as fh:
        fh.write('\n[tool.bandit]\nskips = ["B101", "B324", "B506"]\n')
    result = run_security(root, cache_dir)
    assert (result.metrics["high"], result.metrics["medium"], result.metrics["low"]) == (1, 1, 1)
    assert result.metrics["repo_config_ignored"] == [".bandit", "pyproject.toml [tool.bandit]"]


def test_nothing_is_written_into_the_scanned_tree(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "security-bandit-high", root)
    shutil.copytree(FIXTURES / "security-planted-key", root / "more", dirs_exist_ok=True)
    before = tree_digest(root)
    run_security(root, cache_dir)
    run_security(root, cache_dir)  # the cached path too
    assert tree_digest(root) == before


def test_no_shipped_source_is_skipped_but_secrets_are_listed(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = tmp_path / "repo"
    (root / "deploy").mkdir(parents=True)
    (root / "deploy" / "settings.yaml").write_text("db_password: Tr0ub4dor-and-3\n")
    result = run_security(root, cache_dir)
    assert result.status is Status.SKIPPED
    assert result.reason == "no shipped Python source to scan"
    assert [(f.rule, f.path, f.line) for f in result.findings] == [
        ("hardcoded-credential", "deploy/settings.yaml", 1)
    ]


def test_cli_report_matches_and_hides_the_secrets(cache_dir: Path) -> None:
    _, report = check_json(
        FIXTURES / "security-planted-key", "--select", "security", cache_dir=cache_dir
    )
    check = check_result(report, "security")
    assert (check["status"], check["score"]) == ("failed", 0.0)
    assert check["metrics"]["secrets"] == 6
    rules = sorted(f["rule"] for f in report["findings"] if f["check"] == "security")
    assert rules == sorted(
        ["hardcoded-credential"] * 2
        + ["aws-secret-access-key", "aws-access-key-id"]
        + ["private-key"] * 2
    )
    raw = json.dumps(report)
    for value in PLANTED:
        assert value not in raw


def test_cli_bandit_findings_carry_everything(cache_dir: Path) -> None:
    _, report = check_json(
        FIXTURES / "security-bandit-high", "--select", "security", cache_dir=cache_dir
    )
    check = check_result(report, "security")
    assert (check["metrics"]["high"], check["metrics"]["medium"]) == (1, 1)
    high = [f for f in report["findings"] if f["rule"] == "B324"]
    assert len(high) == 1
    assert high[0]["severity"] == "high"
    assert (high[0]["path"], high[0]["line"]) == ("src/riskypkg/hashing.py", 5)
    assert high[0]["help"].endswith("b324_hashlib.html")
