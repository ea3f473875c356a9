"""The ci checker on one fixture per situation, with exact metrics, scores and findings."""

from __future__ import annotations

from pathlib import Path

from pyreadiness.checkers.ci import CIChecker
from pyreadiness.checkers.interface import CheckContext
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Status
from pyreadiness.testing import run_checker
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES


def run_ci(root: Path, cache_dir: Path) -> CheckResult:
    return run_checker(CIChecker, root, cache_dir=cache_dir)


def rules(result: CheckResult) -> list[tuple[str, str | None, int | None]]:
    return [(f.rule, f.path, f.line) for f in result.findings]


def components(result: CheckResult) -> dict[str, float]:
    return {c.id: c.score for c in result.components}


def booleans(result: CheckResult) -> tuple[object, object, object]:
    m = result.metrics
    return m["runs_tests"], m["runs_lint"], m["runs_typecheck"]


def test_no_ci_scores_zero_with_a_clear_finding(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-none", cache_dir)
    assert result.status is Status.FAILED
    assert result.score == 0.0
    assert result.summary == "no CI configuration found"
    assert result.metrics["systems"] == []
    assert booleans(result) == (False, False, False)
    assert rules(result) == [("ci-missing", None, None)]
    assert components(result) == {
        "ci-present": 0.0,
        "runs-tests": 0.0,
        "runs-lint": 0.0,
        "runs-typecheck": 0.0,
    }


def test_github_full_passes_everything(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-github-full", cache_dir)
    assert result.status is Status.PASSED
    assert result.score == 100.0
    assert result.metrics["systems"] == ["github-actions"]
    assert booleans(result) == (True, True, True)
    assert result.metrics["workflows"] == 1
    assert result.findings == ()
    assert result.caps == ()
    assert result.metrics["evidence"] == [
        "lint: uv run ruff check . [.github/workflows/ci.yml:31]",
        "tests: uv run python -m pytest -q [.github/workflows/ci.yml:25]",
        "typecheck: uv run mypy src [.github/workflows/ci.yml:33]",
    ]
    assert [c.id for c in result.components] == [
        "ci-present",
        "runs-tests",
        "runs-lint",
        "runs-typecheck",
    ]  # the workflow supply chain is the security-process check's


def test_github_unsafe_hygiene_is_not_scored_here(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-github-unsafe", cache_dir)
    # (10 + 35 + 15) of 75: no type checks; pins, permissions and the pwn request are the
    # security-process check's (tests/test_security_process.py).
    assert result.score == 80.0
    assert booleans(result) == (True, True, False)
    assert rules(result) == [("ci-no-typecheck", ".github/workflows/ci.yml", None)]


def test_steps_that_cannot_fail_do_not_count(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-github-cannot-fail", cache_dir)
    assert booleans(result) == (False, False, False)
    assert result.metrics["checks_cannot_fail"] == 5
    assert result.score == 13.3  # presence only: 10 of 75
    cannot = [(f.line, f.message) for f in result.findings if f.rule == "ci-check-cannot-fail"]
    assert [line for line, _ in cannot] == [11, 12, 15, 21, 22]
    assert "`|| true` swallows its failure" in cannot[0][1]
    assert "`continue-on-error: true`" in cannot[1][1]
    assert "piped into `tee` without `set -o pipefail`" in cannot[2][1]
    assert "the job has `continue-on-error: true`" in cannot[3][1]
    assert components(result)["runs-tests"] == 0.0
    detail = next(c.detail for c in result.components if c.id == "runs-tests")
    assert detail == "no CI step runs the tests (2 command(s) that cannot fail)"


def test_gitlab_includes_extends_references_and_allow_failure(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-gitlab", cache_dir)
    assert result.metrics["systems"] == ["gitlab-ci"]
    assert booleans(result) == (True, True, False)
    assert result.metrics["ci_files"] == [".gitlab-ci.yml", "ci/lint.yml"]
    assert result.metrics["evidence"] == [
        "lint: ruff check . [ci/lint.yml:5]",
        "tests: python -m pytest -q [.gitlab-ci.yml:21]",
    ]
    assert rules(result) == [
        ("ci-no-typecheck", ".gitlab-ci.yml", None),
        ("ci-include-not-followed", ".gitlab-ci.yml", 3),
        ("ci-check-cannot-fail", ".gitlab-ci.yml", 28),
    ]
    assert result.score == 80.0  # 60 of 75
    assert "actions-pinned" not in components(result)


def test_circleci_run_steps_and_orb_test_job(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-circleci", cache_dir)
    assert result.metrics["systems"] == ["circleci"]
    assert booleans(result) == (True, True, True)
    assert result.metrics["evidence"] == [
        "lint: flake8 src [.circleci/config.yml:14]",
        "tests: circleci/python/test [.circleci/config.yml:23]",
        "typecheck: mypy src [.circleci/config.yml:18]",
    ]
    assert result.score == 100.0


def test_azure_without_set_e_only_the_last_command_counts(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-azure", cache_dir)
    assert result.metrics["systems"] == ["azure-pipelines"]
    assert booleans(result) == (False, True, True)
    assert result.metrics["ci_files"] == ["azure-pipelines.yml", "templates/typecheck.yml"]
    assert rules(result) == [
        ("ci-no-tests", "azure-pipelines.yml", None),
        ("ci-check-cannot-fail", "azure-pipelines.yml", 13),
    ]
    assert "`set -e` is off" in result.findings[1].message
    assert result.score == 53.3  # 40 of 75


def test_bitbucket_custom_pipelines_are_manual(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-bitbucket", cache_dir)
    assert result.metrics["systems"] == ["bitbucket-pipelines"]
    assert booleans(result) == (True, True, False)
    assert rules(result) == [
        ("ci-no-typecheck", "bitbucket-pipelines.yml", None),
        ("ci-check-cannot-fail", "bitbucket-pipelines.yml", 22),
    ]


def test_jenkins_sh_steps_and_return_status(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-jenkins", cache_dir)
    assert result.metrics["systems"] == ["jenkins"]
    assert booleans(result) == (True, True, False)
    assert result.metrics["evidence"] == [
        "lint: pylint src [Jenkinsfile:18]",
        "tests: python -m pytest -q [Jenkinsfile:12]",
    ]
    assert rules(result) == [
        ("ci-no-typecheck", "Jenkinsfile", None),
        ("ci-check-cannot-fail", "Jenkinsfile", 24),
    ]
    assert "returnStatus: true" in result.findings[1].message


def test_travis_only_is_legacy_scored_as_no_ci_and_capped(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-travis-only", cache_dir)
    assert result.metrics["systems"] == ["travis"]
    assert result.metrics["legacy_systems"] == ["travis"]
    assert booleans(result) == (False, False, False)  # pytest, flake8, mypy: all on Travis
    assert result.score == 0.0
    assert set(components(result).values()) == {0.0}
    assert result.summary == "only legacy CI (travis): scored as no CI"
    assert rules(result) == [("ci-missing", None, None), ("ci-legacy", ".travis.yml", None)]
    assert [(c.id, c.limit) for c in result.caps] == [("no-ci", 69.9)]
    assert "only legacy CI configured (travis)" in result.caps[0].evidence


def test_no_ci_caps_at_a_d(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-none", cache_dir)
    assert [(c.id, c.limit, c.evidence) for c in result.caps] == [
        ("no-ci", 69.9, "no CI configuration file of any system")
    ]


def test_indirect_steps_are_followed_one_level_down(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-indirect", cache_dir)
    assert booleans(result) == (True, True, True)
    assert result.score == 100.0
    workflow = ".github/workflows/ci.yml"
    pre_commit = "pre-commit run --all-files -> hook"
    assert result.metrics["evidence"] == [
        f"lint: {pre_commit} ruff-check (.pre-commit-config.yaml:9) [{workflow}:17]",
        f"lint: tox -e lint -> ruff check . (tox.ini:11) [{workflow}:14]",
        f"tests: make test -> python -m pytest -q tests (Makefile:6) [{workflow}:12]",
        f"typecheck: ./scripts/check.sh -> pyright src (scripts/check.sh:4) [{workflow}:16]",
        f"typecheck: nox -s typecheck -> mypy --strict src (noxfile.py:15) [{workflow}:15]",
        f"typecheck: {pre_commit} mypy (.pre-commit-config.yaml:14) [{workflow}:17]",
    ]
    # `make style` runs `-flake8 src`: make ignores that line's failure.
    assert rules(result) == [("ci-check-cannot-fail", workflow, 13)]
    assert "make style -> flake8 src (Makefile:9)" in result.findings[0].message


def test_malformed_yaml_is_a_finding_and_the_rest_still_counts(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-malformed-yaml", cache_dir)
    assert result.metrics["systems"] == ["github-actions", "gitlab-ci"]
    assert result.metrics["invalid_files"] == [".github/workflows/broken.yml", ".gitlab-ci.yml"]
    assert booleans(result) == (True, False, False)
    assert rules(result) == [
        ("ci-yaml-invalid", ".github/workflows/broken.yml", 3),
        ("ci-no-lint", ".github/workflows/ok.yml", None),
        ("ci-no-typecheck", ".github/workflows/ok.yml", None),
        ("ci-config-invalid", ".gitlab-ci.yml", 1),
    ]
    invalid = next(f for f in result.findings if f.rule == "ci-yaml-invalid")
    assert "is not valid YAML" in invalid.message
    assert "expected ',' or ']'" in invalid.message


def test_cache_inputs_cover_every_file_a_step_can_lead_to(cache_dir: Path) -> None:
    def inputs(name: str) -> list[str]:
        root = FIXTURES / name
        ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache_dir))
        return list(CIChecker().cache_inputs(ctx) or [])

    assert inputs("ci-indirect") == [
        ".github/workflows/ci.yml",
        ".pre-commit-config.yaml",
        "Makefile",
        "noxfile.py",
        "pyproject.toml",
        "scripts/check.sh",
        "src/indpkg/__init__.py",  # annotations decide what a type-check step is worth
        "tests/test_smoke.py",  # test files decide what a test step is worth
        "tox.ini",
    ]
    assert "templates/typecheck.yml" in inputs("ci-azure")
    assert "ci/lint.yml" in inputs("ci-gitlab")
