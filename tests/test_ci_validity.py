"""Score validity of the ci checker (issue 9): formatters are not linters, legacy systems
score as no CI, pre-commit.ci counts, indirections are followed, a test step needs tests, a
type-check step is worth the annotations it can check, and the "no CI" cap."""

from __future__ import annotations

from pathlib import Path

from pyreadiness.checkers.ci import scoring
from pyreadiness.checkers.ci.model import Category
from pyreadiness.model import CheckResult, ScoreCap
from tests.helpers import FIXTURES
from tests.test_ci_fixtures import booleans, components, rules, run_ci
from tests.test_ci_systems import check


def detail(result: CheckResult, component_id: str) -> str:
    return next(c.detail for c in result.components if c.id == component_id)


def test_formatters_are_not_linters(cache_dir: Path) -> None:
    # black --check, isort --check-only, ruff format --check, psf/black: all formatters.
    result = run_ci(FIXTURES / "ci-formatters-only", cache_dir)
    assert booleans(result) == (False, False, False)
    assert result.metrics["evidence"] == []
    assert components(result) == {
        "ci-present": 100.0,
        "runs-tests": 0.0,
        "runs-lint": 0.0,
        "runs-typecheck": 0.0,
    }
    assert result.score == 13.3  # 10 of 75


def test_pre_commit_ci_section_runs_the_hooks_but_skipped_ones(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-pre-commit-ci", cache_dir)
    assert result.metrics["systems"] == ["pre-commit.ci"]
    # ruff-check lints; ruff-format is a formatter; mypy is under `ci: skip`.
    assert result.metrics["evidence"] == [
        "lint: pre-commit.ci -> hook ruff-check (.pre-commit-config.yaml:8) "
        "[.pre-commit-config.yaml:2]"
    ]
    assert components(result)["ci-present"] == 100.0
    assert booleans(result) == (False, True, False)
    assert result.score == 33.3  # (10 + 15) of 75
    assert result.caps == ()


def test_pre_commit_ci_badge_in_readme_counts(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-pre-commit-ci-badge", cache_dir)
    assert result.metrics["systems"] == ["pre-commit.ci"]
    assert booleans(result) == (False, True, False)
    assert result.caps == ()


def test_environment_variables_holding_the_command_are_followed(cache_dir: Path) -> None:
    # run: $TEST_SUITE (job env), ${LINT_COMMAND} (workflow env), ${{ env.X }} (step env)
    result = run_ci(FIXTURES / "ci-env-indirection", cache_dir)
    assert booleans(result) == (True, True, True)
    assert result.metrics["evidence"] == [
        "lint: ruff check . [.github/workflows/ci.yml:13]",
        "tests: python -m pytest -q [.github/workflows/ci.yml:12]",
        "typecheck: mypy pkg [.github/workflows/ci.yml:14]",
    ]
    assert result.score == 100.0


def test_tox_factor_selection_matrix_envs_and_plain_python_test_scripts(
    cache_dir: Path,
) -> None:
    result = run_ci(FIXTURES / "ci-tox-factors-and-scripts", cache_dir)
    workflow = ".github/workflows/ci.yml"
    assert result.metrics["evidence"] == [
        f"tests: tox -e unit -> python -m unittest discover -s tests (tox.ini:10) [{workflow}:16]",
        f"tests: tox run -f py312-tests -> python tests/test_answer.py (tox.ini:6) [{workflow}:8]",
    ]
    # -f py312-tests selects py312-tests only: py312-lint's ruff is not run.
    assert booleans(result) == (True, False, False)


def test_a_test_step_without_tests_checks_nothing(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-tests-without-tests", cache_dir)
    assert result.metrics["runs_tests"] is True  # the command is there...
    assert result.metrics["test_files"] == 0
    assert components(result)["runs-tests"] == 0.0  # ...but it has nothing to run
    assert detail(result, "runs-tests").endswith("but the repository has no test files")
    assert ("ci-tests-without-tests", ".github/workflows/ci.yml", None) in rules(result)


def test_a_type_check_step_is_worth_the_annotations_it_checks(cache_dir: Path) -> None:
    # 4 of 10 slots annotated (add and scale have none): 0.4 / 0.8 = half marks.
    result = run_ci(FIXTURES / "ci-typecheck-untyped", cache_dir)
    assert result.metrics["annotated_share"] == 0.4
    assert components(result)["runs-typecheck"] == 50.0
    assert "on 40% annotated code (full marks from 80%)" in detail(result, "runs-typecheck")


def test_appveyor_is_legacy_and_capped(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-appveyor-only", cache_dir)
    assert result.metrics["systems"] == ["appveyor"]
    assert result.score == 0.0
    assert rules(result) == [("ci-missing", None, None), ("ci-legacy", "appveyor.yml", None)]
    assert result.caps == (
        ScoreCap(
            id="no-ci",
            limit=69.9,
            reason="no CI runs anything",
            evidence="only legacy CI configured (appveyor), which no longer runs open-source "
            "builds",
        ),
    )


def test_a_ci_system_we_do_not_read_is_never_capped(cache_dir: Path) -> None:
    result = run_ci(FIXTURES / "ci-unread-system", cache_dir)
    assert result.caps == ()
    assert rules(result) == [("ci-not-read", ".drone.yml", None)]
    assert detail(result, "ci-present") == "only a CI system that is not read (.drone.yml)"


def test_weights_and_curve_constants_are_pinned() -> None:
    assert scoring.WEIGHT_PRESENT == 10.0
    assert scoring.WEIGHTS == {Category.TESTS: 35.0, Category.LINT: 15.0, Category.TYPECHECK: 15.0}
    assert scoring.TYPED_FULL == 0.8  # midpoint: 40% annotated earns half (see above)
    assert scoring.NO_CI_CAP == 69.9


def test_a_type_check_step_reads_annotations_from_stubs(tmp_path: Path) -> None:
    """attrs keeps its types in .pyi stubs beside unannotated modules: mypy reads the stubs,
    so the step is worth what they declare (it scored 18.5 from the .py files)."""
    workflow = "on: push\njobs:\n  t:\n    steps:\n      - run: mypy pkg\n"
    result = check(
        tmp_path,
        {
            ".github/workflows/ci.yml": workflow,
            "pkg/__init__.py": "",
            "pkg/core.py": "def add(a, b):\n    return a + b\n",
            "pkg/core.pyi": "def add(a: int, b: int) -> int: ...\n",
        },
    )
    assert result.metrics["annotated_share"] == 1.0
    assert components(result)["runs-typecheck"] == 100.0


def test_toxenv_in_the_environment_selects_the_env_a_bare_tox_runs(tmp_path: Path) -> None:
    """tqdm's check workflow: `run: tox` with `env: TOXENV: ${{ matrix.TOXENV }}`."""
    workflow = """\
on: push
jobs:
  check:
    strategy:
      matrix:
        TOXENV: [lint, typing]
    steps:
      - run: tox
        env:
          TOXENV: ${{ matrix.TOXENV }}
"""
    tox_ini = """\
[tox]
env_list = py312, lint, typing

[testenv]
commands = pytest

[testenv:lint]
commands = ruff check .

[testenv:typing]
commands = mypy pkg
"""
    result = check(tmp_path, {".github/workflows/ci.yml": workflow, "tox.ini": tox_ini})
    # Not py312's pytest: TOXENV chose lint and typing.
    assert result.metrics["evidence"] == [
        "lint: tox -e lint -> ruff check . (tox.ini:8) [.github/workflows/ci.yml:8]",
        "typecheck: tox -e typing -> mypy pkg (tox.ini:11) [.github/workflows/ci.yml:8]",
    ]
