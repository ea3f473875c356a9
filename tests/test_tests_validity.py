"""Score validity of the tests checker (issue 9): tests that cannot fail, the density curve
and its minimum count, configuration that is not pytest-only, coverage thresholds that are
really coverage's, committed coverage reports, and the "no tests" cap."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pyreadiness.checkers.tests import scoring
from pyreadiness.checkers.tests.vacuous import cannot_fail
from pyreadiness.model import ScoreCap
from tests.helpers import FIXTURES
from tests.test_tests_checker import components, rules, run_check


def _first_def(code: str) -> ast.FunctionDef:
    node = ast.parse(code).body[0]
    assert isinstance(node, ast.FunctionDef)
    return node


@pytest.mark.parametrize(
    ("body", "vacuous"),
    [
        ("pass", True),
        ("...", True),
        ('"""TODO."""', True),
        ("assert True", True),
        ("assert 1", True),
        ("assert 1 == 1", True),
        ("assert (1, 2) != ()", True),
        ("self.assertTrue(True)", True),
        ("self.assertEqual(1, 1)", True),
        ("self.assertIsNone(None)", True),
        ('"""Doc."""\n    pass', True),
        ("assert f() == 1", False),
        ("f()", False),  # a smoke test can fail by raising
        ("self.assertEqual(f(), 1)", False),
        ("self.fail('not written')", False),  # always fails: not a silent pass
        ("x = 1\n    assert x", False),
        ("with pytest.raises(E):\n        f()", False),
    ],
)
def test_bodies_that_cannot_fail(body: str, vacuous: bool) -> None:
    assert cannot_fail(_first_def(f"def test_x(self):\n    {body}\n")) is vacuous


def test_tests_that_cannot_fail_do_not_count(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-cannot-fail", cache_dir)
    m = result.metrics
    # 9 collected: pass, ..., docstring, assert True, assert 1 == 1, assertTrue(True),
    # assertEqual(1, 1) cannot fail; test_real and the smoke call count.
    assert m["test_functions"] == 2
    assert m["tests_cannot_fail"] == 7
    assert components(result) == {
        "density": (55.0, 20.0),  # 2 of the 10 tests full density needs
        "configuration": (15.0, 100.0),
        "coverage": (25.0, 0.0),
        "levels": (5.0, 40.0),
    }
    assert result.score == 28.0
    finding = next(f for f in result.findings if f.rule == "test-cannot-fail")
    assert finding.path == "tests/test_placeholders.py"
    assert finding.line == 6
    assert "7 test functions cannot fail" in finding.message
    assert result.caps == ()  # test files exist: never capped


def test_only_placeholder_tests_score_zero_but_are_not_capped(
    tmp_path: Path, cache_dir: Path
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("X = 1\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("def test_a():\n    assert True\n")
    result = run_check(tmp_path, cache_dir)
    assert components(result) == {"presence": (1.0, 0.0)}
    assert result.score == 0.0
    assert result.caps == ()


def test_no_tests_at_all_caps_the_overall_score_at_an_f(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-none", cache_dir)
    assert result.caps == (
        ScoreCap(
            id="no-tests",
            limit=59.9,
            reason="no tests at all",
            evidence="no test file and no test function for 7 lines of shipped Python",
        ),
    )


def test_unrecognised_test_files_are_not_capped(tmp_path: Path, cache_dir: Path) -> None:
    """A file the inventory takes for test code, though no test function was recognised in
    it, might be a suite we do not understand: no cap on a possibly missed detection."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("X = 1\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "check_things.py").write_text("def check():\n    assert f()\n")
    result = run_check(tmp_path, cache_dir)
    assert result.metrics["test_functions"] == 0
    assert result.caps == ()


@pytest.mark.parametrize(
    ("tests", "lines", "expected"),
    [
        (10, 1000, 50.0),  # the midpoint: a quarter of DENSITY_FULL earns half
        (40, 1000, 100.0),  # DENSITY_FULL
        (20, 1000, 70.7),
        (5, 2000, 25.0),  # 2.5 per KLOC
        (5, 50, 50.0),  # 100 per KLOC, but 5 of the MIN_TESTS
        (1, 10, 10.0),  # one test of a ten-line file is no suite
        (400, 1000, 100.0),
    ],
)
def test_density_curve(tests: int, lines: int, expected: float) -> None:
    assert scoring.density_score(tests, lines) == expected


def test_weights_and_curve_constants_are_pinned() -> None:
    assert (scoring.W_DENSITY, scoring.W_CONFIGURATION, scoring.W_COVERAGE) == (55, 15, 25)
    assert scoring.W_LEVELS == 5.0  # levels guessed from names: a weak proxy
    assert (scoring.DENSITY_FULL, scoring.MIN_TESTS) == (40.0, 10)
    assert (scoring.COVERAGE_FULL, scoring.COVERAGE_MEASURED_ONLY) == (80.0, 30.0)
    assert scoring.COVERAGE_REPORT_EXTRA == 30.0
    assert scoring.NO_TESTS_CAP == 59.9


def test_a_tox_env_running_the_tests_is_a_test_configuration(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-run-by-tox", cache_dir)
    assert result.metrics["pytest_config"] is None
    assert result.metrics["test_runner"] == "tox.ini"  # commands = python tests/test_toxed.py
    assert components(result)["configuration"] == (15.0, 100.0)
    assert "no-pytest-config" not in {rule for rule, _ in rules(result)}


def test_other_tools_fail_under_is_not_a_coverage_threshold(cache_dir: Path) -> None:
    # interrogate's --fail-under in pre-commit, our own gate's, pylint's in CI.
    result = run_check(FIXTURES / "tests-fail-under-not-coverage", cache_dir)
    assert result.metrics["coverage_threshold"] is None
    assert result.metrics["coverage_measured"] is False
    assert components(result)["coverage"] == (25.0, 0.0)


def test_committed_coverage_report_gives_the_measured_number(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-coverage-report-committed", cache_dir)
    assert result.metrics["coverage_reported"] == 60.0
    assert result.metrics["coverage_report"] == "coverage.xml"
    assert result.metrics["coverage_threshold"] is None
    # 30 for measuring + 30 * 60/80 for the number; no threshold keeps it.
    assert components(result)["coverage"] == (25.0, 52.5)
    assert ("no-coverage-threshold", "pyproject.toml") in rules(result)


@pytest.mark.parametrize(
    ("name", "content", "percent"),
    [
        ("coverage.json", '{"meta": {}, "totals": {"percent_covered": 91.25}}', 91.2),
        ("lcov.info", "SF:a.py\nLF:10\nLH:5\nend_of_record\nSF:b.py\nLF:10\nLH:10\n", 75.0),
        ("coverage.json", "[" * 100_000, None),  # too deep for json: ignored, no crash
        ("coverage.xml", "<coverage/>", None),  # no line-rate
    ],
)
def test_coverage_report_formats(
    tmp_path: Path, cache_dir: Path, name: str, content: str, percent: float | None
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("X = 1\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("def test_a():\n    assert len('a')\n")
    (tmp_path / name).write_text(content)
    result = run_check(tmp_path, cache_dir)
    assert result.metrics["coverage_reported"] == percent


@pytest.mark.parametrize(
    ("text", "threshold"),
    [
        ("coverage report --fail-under=95", 95.0),
        ("python -m coverage report -m --fail-under 80", 80.0),
        ("pytest --cov=x --cov-fail-under=70", 70.0),
        ("interrogate --fail-under 90 src", None),
        ("pylint --fail-under=9.5 src", None),
        ("pyreadiness check --fail-under 70", None),
    ],
)
def test_only_coverage_options_are_thresholds(
    tmp_path: Path, cache_dir: Path, text: str, threshold: float | None
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("X = 1\n")
    (tmp_path / "Makefile").write_text(f"check:\n\t{text}\n")
    result = run_check(tmp_path, cache_dir)
    assert result.metrics["coverage_threshold"] == threshold


@pytest.mark.slow
def test_a_hostile_command_line_costs_nothing(tmp_path: Path, cache_dir: Path) -> None:
    """`coverage report ` repeated over one 1.6 MB line: skipped, not scanned quadratically."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("X = 1\n")
    (tmp_path / "Makefile").write_text("check:\n\t" + "coverage report " * 100_000 + "\n")
    result = run_check(tmp_path, cache_dir)
    assert result.metrics["coverage_threshold"] is None


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pytest.ini", "[pytest]\naddopts = --doctest-modules\n"),  # doctests are tests
        ("tox.ini", "[testenv]\ncommands = python -m pytest checks\n"),  # a suite elsewhere
    ],
)
def test_declared_tests_we_cannot_count_are_never_capped(
    tmp_path: Path, cache_dir: Path, name: str, text: str
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("X = 1\n")
    (tmp_path / name).write_text(text)
    result = run_check(tmp_path, cache_dir)
    assert result.metrics["test_functions"] == 0
    assert result.caps == ()
