"""The project's own lint gate: what counts as one, what it costs to have none, pinned ruff."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.checkers.lint import scoring
from pyreadiness.checkers.lint.measure import OwnConfig
from pyreadiness.model import Severity, Status
from tests.helpers import FIXTURES
from tests.test_lint_config import config_of
from tests.test_lint_fixtures import components, rules, run_lint


def test_ruff_table_of_format_settings_only_is_no_lint_gate(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-ruff-format-only", cache_dir)
    m = result.metrics
    assert (m["own_linter"], m["own_config_passes"]) == (None, None)
    # ... but it still decides the formatting style (single quotes here).
    assert (m["format_style"], m["unformatted_files"]) == ("ruff", 0)
    assert components(result) == {
        "findings_per_kloc": (3.0, 100.0),
        "parses": (1.0, 100.0),
        "formatting": (1.0, 100.0),
        "own_config": (1.0, 0.0),
    }
    assert rules(result) == [("no-lint-gate", "pyproject.toml", None)]
    assert result.findings[0].severity is Severity.LOW
    assert result.score == 83.3  # (300 + 100 + 100 + 0) / 6
    assert result.status is Status.PASSED


def test_formatters_in_ci_and_pre_commit_are_no_lint_gate(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-formatters-only-no-gate", cache_dir)
    assert result.metrics["own_linter"] is None
    assert components(result)["own_config"] == (1.0, 0.0)
    assert "no lint gate" in result.summary


def test_flake8_run_by_pre_commit_is_a_lint_gate_we_do_not_run(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-flake8-precommit", cache_dir)
    assert result.metrics["own_linter"] == "flake8"
    assert "own_config" not in components(result)  # left out of the mean, with the reason
    assert result.reason == (
        "own lint gate not verified: the project lints with flake8 (.pre-commit-config.yaml), "
        "which we do not run (it loads plugins)"
    )
    assert result.score == 100.0
    assert rules(result) == []


def test_pylint_run_in_ci_is_a_lint_gate(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-pylint-in-ci", cache_dir)
    assert result.metrics["own_linter"] == "pylint"
    assert "(.github/workflows/lint.yml)" in result.reason
    assert "own_config" not in components(result)


def test_gate_failing_under_our_ruff_but_pinned_to_another_is_unverifiable(
    cache_dir: Path,
) -> None:
    result = run_lint(FIXTURES / "lint-ruff-pinned-other-release", cache_dir)
    m = result.metrics
    assert (m["own_linter"], m["own_config_passes"], m["own_config_findings"]) == (
        "ruff",
        None,
        None,
    )
    assert "own_config" not in components(result)
    assert result.reason.startswith(
        "own ruff config not verified: the project pins ruff 0.1.6 (.pre-commit-config.yaml); "
        "its gate fails with 1 violations under ruff "
    )
    assert [f.rule for f in result.findings] == []  # no own-config-fails finding
    assert result.score == 100.0


@pytest.mark.parametrize(
    ("files", "pin"),
    [
        ({"uv.lock": '[[package]]\nname = "ruff"\nversion = "0.4.10"\n'}, ("0.4.10", "uv.lock")),
        ({"requirements-dev.txt": "pytest\nruff==0.5.0\n"}, ("0.5.0", "requirements-dev.txt")),
        (
            {"pyproject.toml": '[dependency-groups]\nlint = ["ruff==0.6.1"]\n'},
            ("0.6.1", "pyproject.toml"),
        ),
        ({"requirements.txt": "ruff>=0.5\n"}, (None, None)),  # a range pins nothing
    ],
)
def test_ruff_pins_are_read_from_locks_and_requirements(
    tmp_path: Path, files: dict[str, str], pin: tuple[str | None, str | None]
) -> None:
    gate = config_of(tmp_path, files).gate
    assert (gate.ruff_pin, gate.ruff_pin_source) == pin


@pytest.mark.parametrize(
    ("files", "linter", "where"),
    [
        ({"ruff.toml": "[format]\nquote-style = 'single'\n"}, None, None),
        ({"ruff.toml": "line-length = 99\n"}, "ruff", "ruff.toml"),  # ruff with its defaults
        ({"pyproject.toml": "[tool.ruff]\nselect = ['E']\n[tool.ruff.format]\n"}, "ruff", None),
        ({"tox.ini": "[testenv:lint]\ncommands = flake8 src\n"}, "flake8", "tox.ini"),
        ({"Makefile": "lint:\n\truff check src\n"}, "ruff", "Makefile"),
        ({"Makefile": "lint:\n\tpyflakes src\n"}, "pyflakes", "Makefile"),
        ({"Makefile": "lint:\n\t.venv/bin/flake8 src\n"}, "flake8", "Makefile"),
        ({"tox.ini": "[testenv:lint]\ncommands = python -m pylint pkg\n"}, "pylint", "tox.ini"),
        ({".gitlab-ci.yml": "lint:\n  script: uvx ruff check .\n"}, "ruff", ".gitlab-ci.yml"),
        ({"Makefile": "# flake8 src\nfmt:\n\truff format src\n"}, None, None),
        ({"noxfile.py": "def lint(s):\n    s.install('flake8-bugbear')\n"}, None, None),
    ],
)
def test_what_makes_a_lint_gate(
    tmp_path: Path, files: dict[str, str], linter: str | None, where: str | None
) -> None:
    gate = config_of(tmp_path, files).gate
    assert gate.linter == linter
    if where is not None:
        assert gate.where == where


def test_no_lint_gate_component_is_pinned() -> None:
    component = scoring.no_gate_component()
    assert (component.id, component.weight, component.score) == ("own_config", 1.0, 0.0)
    assert scoring.NO_GATE_SCORE == 0.0


@pytest.mark.parametrize(
    ("violations", "lines", "score"),
    [
        (10, 1000, 62.5),  # the midpoint: 10 per KLOC halves the part above the floor
        (1, 1000, 94.975),  # 25 + 0.75 x decay(1, half_at=10) = 25 + 0.75 x 93.3
        (20, 1000, 43.75),
        (10_000, 1000, 25.0),  # the floor
    ],
)
def test_failing_gate_curve(violations: int, lines: int, score: float) -> None:
    own = OwnConfig(status="fails", violations={"E501": violations})
    component, _, _ = scoring.own_config_part(own, "ruff.toml", lines)
    assert component is not None
    assert component.score == pytest.approx(score)
    assert (scoring.OWN_FAILS_FLOOR, scoring.OWN_HALF_PER_KLOC) == (25.0, 10.0)


def test_weights_are_pinned() -> None:
    assert scoring.WEIGHTS == {
        "findings_per_kloc": 3.0,
        "parses": 1.0,
        "formatting": 1.0,
        "own_config": 1.0,
    }
    assert scoring.HALF_SCORE_PER_KLOC == 10.0


def test_newer_syntax_of_the_projects_python_is_no_syntax_error(cache_dir: Path) -> None:
    # .python-version says 3.14: `type X = ...` (3.12) and `except A, B:` (3.14) parse.
    result = run_lint(FIXTURES / "lint-newer-syntax-python-version", cache_dir)
    m = result.metrics
    assert m["target_version"] == "py314"
    assert (m["syntax_errors"], m["files_with_syntax_errors"], m["findings"]) == (0, 0, 0)
    parses = {c.id: c for c in result.components}["parses"]
    assert parses.score == 100.0
    assert parses.detail == (
        "1 of 1 shipped files parse as Python 3.14 (from .python-version '3.14' in .python-version)"
    )
