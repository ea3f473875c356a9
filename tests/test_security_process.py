"""The security-process checker on one fixture per situation: scanning in CI, secret-bearing
files, no CI at all, and its weights."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.security_process import SecurityProcessChecker, scoring, workflows
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Pillar, Severity, Status
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES, check_json, check_result


def run(root: Path, cache_dir: Path) -> CheckResult:
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache_dir))
    return SecurityProcessChecker().run(ctx)


def components(result: CheckResult) -> dict[str, tuple[float, float]]:
    return {c.id: (c.weight, c.score) for c in result.components}


def test_scanning_pinned_least_privilege_and_a_policy_earn_full_marks(cache_dir: Path) -> None:
    result = run(FIXTURES / "security-process-scanning", cache_dir)
    assert SecurityProcessChecker.pillar is Pillar.SECURITY
    assert components(result) == {
        "security-scanning": (35.0, 100.0),  # CodeQL action, `uvx pip-audit`
        "actions-pinned": (15.0, 100.0),
        "permissions": (15.0, 100.0),
        "pull-request-target": (20.0, 100.0),
        "secret-files": (30.0, 100.0),
        "security-policy": (10.0, 100.0),
    }
    assert result.score == 100.0
    assert result.findings == ()
    assert result.metrics["security_policy"] == "SECURITY.md"


def test_committed_keys_credentials_and_env_values(cache_dir: Path) -> None:
    result = run(FIXTURES / "security-process-secret-files", cache_dir)
    assert result.metrics["secret_files"] == [".env", ".pypirc", "deploy/id_rsa"]
    assert components(result)["secret-files"] == (30.0, 0.0)
    # bandit in CI: scanning runs. (100*35 + 100*50 + 0*30) / 115
    assert result.score == 73.9
    assert [(f.rule, f.path, f.severity) for f in result.findings] == [
        ("secret-file-committed", ".env", Severity.MEDIUM),
        ("secret-file-committed", ".pypirc", Severity.HIGH),
        ("secret-file-committed", "deploy/id_rsa", Severity.HIGH),
        # a test TLS key is test material: reported, not scored
        ("secret-file-in-tests", "tests/certs/server.key", Severity.INFO),
    ]
    # .env.example is a template; certs/ca.pem holds a certificate, not a private key.


def test_env_files_alone_halve_the_component(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "app.py").write_text("X = 1\n")
    (tmp_path / ".env").write_text("SECRET_KEY=abc\n")
    (tmp_path / ".env.production").write_text("export TOKEN='t'\n")
    (tmp_path / ".env.local").write_text("# only comments\nEMPTY=\n")
    result = run(tmp_path, cache_dir)
    assert result.metrics["secret_files"] == [".env", ".env.production"]
    assert components(result)["secret-files"] == (30.0, 25.0)  # 100 * 0.5 ** 2


def test_without_ci_the_ci_components_leave_the_mean_and_say_so(cache_dir: Path) -> None:
    result = run(FIXTURES / "security-process-no-ci", cache_dir)
    assert components(result) == {"secret-files": (30.0, 100.0)}
    assert result.reason == (
        "no CI that runs anything: security scanning not measured; "
        "no readable GitHub Actions workflow: CI supply chain not measured"
    )
    assert result.metrics["security_scanning"] is None


def test_ci_without_a_scanner_is_a_real_zero(cache_dir: Path) -> None:
    result = run(FIXTURES / "ci-github-unsafe", cache_dir)
    assert components(result)["security-scanning"] == (35.0, 0.0)
    assert result.status is Status.FAILED
    # (0*35 + 0*15 + 0*15 + 0*20 + 100*30) / 115
    assert result.score == 26.1


def test_pre_commit_ci_running_bandit_is_security_scanning(cache_dir: Path) -> None:
    result = run(FIXTURES / "ci-pre-commit-ci", cache_dir)
    assert components(result)["security-scanning"] == (35.0, 100.0)


def test_a_folder_without_python_is_skipped(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "README.md").write_text("# x\n")
    assert run(tmp_path, cache_dir).status is Status.SKIPPED


@pytest.mark.parametrize(
    ("name", "weight"),
    [
        ("WEIGHT_SCANNING", 35.0),
        ("WEIGHT_SECRET_FILES", 30.0),
        ("WEIGHT_POLICY", 10.0),
        ("ENV_FILE_FACTOR", 0.5),
    ],
)
def test_weights_are_pinned(name: str, weight: float) -> None:
    assert getattr(scoring, name) == weight


def test_supply_chain_weights_are_pinned() -> None:
    assert (workflows.WEIGHT_PINNED, workflows.WEIGHT_PERMISSIONS) == (15.0, 15.0)
    assert workflows.WEIGHT_PR_TARGET == 20.0


def test_cache_inputs_name_secret_candidates_and_policy_files(cache_dir: Path) -> None:
    root = FIXTURES / "security-process-secret-files"
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache_dir))
    inputs = SecurityProcessChecker().cache_inputs(ctx)
    assert inputs is not None
    assert {".env", ".env.example", ".pypirc", "deploy/id_rsa", "SECURITY.md"} <= set(inputs)
    assert ".github/workflows/ci.yml" in inputs


def test_a_env_file_of_plain_settings_is_not_secret_bearing(
    tmp_path: Path, cache_dir: Path
) -> None:
    """geek-computers/Python commits a .env holding a data file name: configuration."""
    (tmp_path / "app.py").write_text("X = 1\n")
    (tmp_path / ".env").write_text('STUDENTS_RECORD_FILE= "student_records.pkl"\nDEBUG=1\n')
    result = run(tmp_path, cache_dir)
    assert result.metrics["secret_files"] == []
    assert components(result)["secret-files"] == (30.0, 100.0)


def test_a_hostile_env_file_costs_nothing(tmp_path: Path, cache_dir: Path) -> None:
    """One 1 MB line of identifier characters: skipped, not scanned quadratically."""
    (tmp_path / "app.py").write_text("X = 1\n")
    (tmp_path / ".env").write_text("SECRET" * 200_000 + "\n")
    assert run(tmp_path, cache_dir).metrics["secret_files"] == []


@pytest.mark.slow
def test_cached_result_is_reused_and_invalidated_by_a_new_secret_file(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "security-process-scanning", root)
    only = ("--select", "security-process", "--offline")
    _, first = check_json(root, *only, cache_dir=cache_dir)
    _, again = check_json(root, *only, cache_dir=cache_dir)
    assert again["timings"]["checks"]["security-process"]["cached"] is True
    assert check_result(again, "security-process") == check_result(first, "security-process")
    (root / ".pypirc").write_text("[pypi]\npassword = pypi-fake\n")
    _, changed = check_json(root, *only, cache_dir=cache_dir)
    result = check_result(changed, "security-process")
    assert changed["timings"]["checks"]["security-process"]["cached"] is False
    assert result["metrics"]["secret_files"] == [".pypirc"]
