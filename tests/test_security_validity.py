"""The security score orders repositories the way a reviewer does (issue #9).

Every weight and curve midpoint of docs/checks/security.md is pinned here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.security import SecurityChecker, scoring
from pyreadiness.checkers.security import secret_rules as rules
from pyreadiness.checkers.security.bandit import BanditIssue
from pyreadiness.checkers.security.secret_files import secret_paths
from pyreadiness.checkers.security.secrets import SecretHit, SecretScan, scan_secrets
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Status
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES


def run_security(root: Path, cache: Path) -> CheckResult:
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache))
    return SecurityChecker().run(ctx)


def issue(severity: str, confidence: str = "HIGH", test_id: str = "B000") -> BanditIssue:
    return BanditIssue(
        path="a.py",
        line=1,
        test_id=test_id,
        test_name="t",
        severity=severity,
        confidence=confidence,
        text="x",
        more_info="",
    )


def test_small_clean_app_leaves_the_density_out_and_says_so(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-small-app-clean", cache_dir)
    assert [(c.id, c.score) for c in result.components] == [("secrets", 100.0)]
    assert result.reason == (
        "bandit density left out: 24 lines of shipped code are too few to measure one "
        "(below 1 KLOC), and bandit found no issue"
    )
    assert result.metrics["kloc"] == 0.024
    assert result.status is Status.PASSED


def test_small_app_with_issues_still_pays_for_them(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-bandit-high", cache_dir)
    bandit_part = result.components[0]
    # 10 (B324 high/high) + 3 (B506 medium/high) + 0.2 (B101 low/high) = 13.2 points,
    # counted as if in 1 KLOC: 100 x 0.5 ^ 1.32.
    assert (bandit_part.id, bandit_part.score) == ("bandit", 40.1)
    assert "too little for a density (below 1 KLOC)" in bandit_part.detail
    assert result.reason == ""


def test_low_findings_weigh_a_fiftieth_of_a_high_one() -> None:
    assert scoring.SEVERITY_WEIGHT == {"HIGH": 10.0, "MEDIUM": 3.0, "LOW": 0.2}
    assert scoring.CONFIDENCE_WEIGHT == {"HIGH": 1.0, "MEDIUM": 0.6, "LOW": 0.3}
    asserts = [issue("LOW", test_id="B101")] * 50
    # The midpoint: 50 asserts per KLOC (one line in 20) weigh one high issue per KLOC.
    component = scoring.bandit_component(asserts, 1000)
    assert component is not None and component.score == 50.0
    ten = scoring.bandit_component([issue("LOW", test_id="B404")] * 10, 1000)
    assert ten is not None and ten.score == 87.1


@pytest.mark.parametrize(
    ("issues", "lines", "score"),
    [
        ([], 1000, 100.0),
        ([issue("HIGH")], 1000, 50.0),  # the midpoint: 10 points per KLOC
        ([issue("HIGH")] * 2, 1000, 25.0),
        ([issue("HIGH")], 10_000, 93.3),
        ([issue("MEDIUM")], 2000, 90.1),
        ([issue("HIGH")], 500, 50.0),  # below 1 KLOC: 10 points halve it, whatever the size
        ([issue("LOW", "LOW")], 100, 99.6),
    ],
)
def test_bandit_curve(issues: list[BanditIssue], lines: int, score: float) -> None:
    component = scoring.bandit_component(issues, lines)
    assert component is not None
    assert (component.score, component.weight) == (score, 1.0)


def test_no_issue_in_little_code_is_no_component() -> None:
    assert scoring.bandit_component([], 999) is None
    assert scoring.bandit_component([], 1000) is not None
    assert scoring.MIN_KLOC == 1.0


def test_development_values_are_not_leaked_secrets(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-dev-secrets", cache_dir)
    found = [(f.rule, f.severity.value, f.path, f.line, f.message) for f in result.findings]
    assert found == [
        (
            "B105", "low", "backend/app/slack.py", 4,
            "Possible hardcoded password: 'ghp...' (40 characters, not shown) "
            "[hardcoded_password_string, confidence medium]",
        ),
        (
            "hardcoded-credential", "high", "infra/main.tf", 4,
            "hard-coded credential in configuration: password (12 characters, not shown)",
        ),
        (
            "hardcoded-credential", "high", "notebooks/explore.ipynb", None,
            "hard-coded credential in configuration: api_key, code cell 1, line 3 "
            "(12 characters, not shown)",
        ),
    ]  # fmt: skip
    m = result.metrics
    assert (m["secrets"], m["secrets_critical"], m["secret_files_scanned"]) == (2, 0, 16)
    # Two likely secrets: 20 points each. bandit's one B105 (low, medium: 0.12 points).
    assert [(c.id, c.score) for c in result.components] == [("bandit", 99.2), ("secrets", 60.0)]
    assert "ghp_Ab3d" not in repr(result)


@pytest.mark.parametrize(
    ("likely", "score"), [(0, 100.0), (1, 80.0), (2, 60.0), (3, 40.0), (9, 40.0)]
)
def test_likely_secrets_cost_a_bounded_amount(likely: int, score: float) -> None:
    hit = SecretHit(rule=rules.ASSIGNMENT, path=".env", line=1, shown="", length=9)
    scan = SecretScan(hits=(hit,) * likely, suppressed=0, files=1)
    assert scoring.secrets_component(scan).score == score
    assert (scoring.GENERIC_COST, scoring.GENERIC_MAX_COST) == (20.0, 60.0)


def test_one_certain_secret_zeroes_the_component() -> None:
    likely = SecretHit(rule=rules.ASSIGNMENT, path=".env", line=1, shown="", length=9)
    key = SecretHit(rule=rules.FORMAT_RULES[0], path="k.pem", line=1, shown="", length=31)
    scan = SecretScan(hits=(likely, key), suppressed=0, files=2)
    assert scoring.secrets_component(scan).score == 0.0


def test_password_hashes_are_not_cleartext_secrets(tmp_path: Path) -> None:
    """Django fixtures of demo users carry password hashes: nothing to revoke."""
    root = tmp_path / "repo"
    (root / "app" / "fixtures").mkdir(parents=True)
    salt_and_hash = "Qm9vIGJvbyBib28$" + "dGhpcyBpcyBub3QgYSByZWFsIGhhc2g" * 2
    users = [
        {"password": "pbkdf2_sha256$870123$" + salt_and_hash},
        {"password": "argon2$argon2id$v=19$m=102400,t=2,p=8$" + salt_and_hash},
        {"password": "bcrypt_sha256$" + salt_and_hash},
    ]
    (root / "app" / "fixtures" / "users.json").write_text(json.dumps(users, indent=1))
    inventory = build_inventory(root)
    found = scan_secrets(inventory, secret_paths(inventory), None)
    assert (found.hits, found.files) == ((), 1)
