"""The tests checker on fixture repositories with known counts, run in process."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.tests import TestsChecker
from pyreadiness.discover.inventory import MAX_READ_BYTES, build_inventory
from pyreadiness.model import CheckResult, Severity, Status
from pyreadiness.testing import run_checker
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES


def run_check(root: Path, cache: Path) -> CheckResult:
    return run_checker(TestsChecker, root, cache_dir=cache)


def components(result: CheckResult) -> dict[str, tuple[float, float]]:
    return {c.id: (c.weight, c.score) for c in result.components}


def rules(result: CheckResult) -> list[tuple[str, str | None]]:
    return [(f.rule, f.path) for f in result.findings]


def test_no_tests_scores_zero_with_a_high_finding(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-none", cache_dir)
    assert result.status is Status.FAILED
    assert result.score == 0.0
    assert components(result) == {"presence": (1.0, 0.0)}
    assert result.metrics["test_files"] == 0
    assert result.metrics["test_functions"] == 0
    assert result.metrics["source_lines"] == 7
    assert rules(result) == [("no-tests", None)]
    assert result.findings[0].severity is Severity.HIGH
    assert "tests/test_*.py" in result.findings[0].help


def test_pytest_basic_counts_exactly_what_pytest_would_collect(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-pytest-basic", cache_dir)
    m = result.metrics
    # test_calc.py: 6 module functions (async, under `if`, parametrized once) + 2 in TestCalc;
    # sub/other_test.py: 1. Not: conftest, helpers, nested, __init__ class, and test_other.py's
    # two `assert <constant>` tests, which cannot fail.
    assert m["test_functions"] == 9
    assert m["tests_cannot_fail"] == 2
    assert m["test_files"] == 3
    assert m["source_lines"] == 13
    assert m["tests_per_kloc"] == 692.3
    assert m["pytest_config"] == "pyproject.toml"
    assert m["testpaths"] == ["tests"]
    assert m["levels"] == ["unit"]
    assert m["tests_unit"] == 9
    assert components(result) == {
        "density": (55.0, 90.0),  # 692 per KLOC, but 9 of the 10 tests full marks need
        "configuration": (15.0, 100.0),
        "coverage": (25.0, 0.0),
        "levels": (5.0, 40.0),
    }
    assert result.score == 66.5  # (55*90 + 15*100 + 25*0 + 5*40) / 100
    assert result.status is Status.FAILED
    assert result.caps == ()
    assert rules(result) == [
        ("few-test-levels", None),
        ("low-test-density", None),
        ("no-coverage", "pyproject.toml"),
        ("test-cannot-fail", "tests/test_other.py"),
        ("test-file-not-collected", "tools/test_release.py"),
    ]
    assert all(f.help for f in result.findings)


def test_unittest_testcases_and_django_tests_module(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-unittest", cache_dir)
    m = result.metrics
    # ModelTests 2, AsyncTests 1, Derived (via local Base) 1, app/tests.py AppTests 2; one of
    # them (`self.assertTrue(True)`) cannot fail.
    assert m["test_functions"] == 5
    assert m["tests_cannot_fail"] == 1
    assert m["test_files"] == 2
    assert m["unittest_classes"] == 4
    # app/tests.py (9 lines) is shipped-looking but holds tests: out of the denominator.
    assert m["source_lines"] == 8
    assert m["pytest_config"] is None
    # No pytest configuration, but unittest discovery finds the TestCases: not pytest-only.
    assert components(result)["configuration"] == (15.0, 75.0)
    assert components(result)["density"] == (55.0, 50.0)  # 5 tests: half of the 10 needed
    assert result.score == 40.8  # (55*50 + 15*75 + 25*0 + 5*40) / 100
    assert result.status is Status.FAILED
    assert "no-pytest-config" not in {rule for rule, _ in rules(result)}


def test_custom_patterns_testpaths_norecursedirs_and_ignore(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-custom-patterns", cache_dir)
    m = result.metrics
    # check_login.py: 2 functions + 2 in DescribeLogin; check_api.py: should_* and it_*.
    assert m["test_functions"] == 6
    assert m["test_files"] == 2
    assert m["pytest_config"] == "pytest.ini"  # pytest.ini wins over pyproject.toml
    assert m["testpaths"] == ["checks", "missing_dir"]
    assert rules(result) == [
        ("few-test-levels", None),
        ("low-test-density", None),
        ("test-file-not-collected", "checks/.hidden/check_hidden.py"),
        ("test-file-not-collected", "checks/legacy/check_old.py"),
        ("test-file-not-collected", "other/check_stray.py"),
        ("no-coverage", "pyproject.toml"),
        ("testpaths-not-found", "pytest.ini"),
    ]
    missing = next(f for f in result.findings if f.rule == "testpaths-not-found")
    assert "'missing_dir'" in missing.message


def test_levels_unit_integration_e2e_property(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-levels", cache_dir)
    m = result.metrics
    assert m["test_functions"] == 11
    assert m["test_files"] == 6
    assert m["levels"] == ["e2e", "integration", "property", "unit"]
    assert m["tests_unit"] == 3  # test_add, test_add_commutative, test_local
    assert m["tests_integration"] == 4  # folder (2), marker (1), module pytestmark (1)
    assert m["tests_e2e"] == 4  # playwright import, selenium import (2), e2e marker
    assert m["tests_property"] == 1
    assert components(result)["levels"] == (5.0, 100.0)
    assert result.score == 75.0  # (55*100 + 15*100 + 25*0 + 5*100) / 100
    assert "few-test-levels" not in {f.rule for f in result.findings}


def test_coverage_threshold_highest_found_wins(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-coverage-threshold", cache_dir)
    m = result.metrics
    # addopts says 85, [tool.coverage.report] 90, the workflow 75.
    assert m["coverage_threshold"] == 90.0
    assert m["coverage_threshold_source"] == "pyproject.toml"
    assert m["coverage_measured"] is True
    assert components(result)["coverage"] == (25.0, 100.0)
    assert components(result)["density"] == (55.0, 20.0)  # 2 tests of the 10 needed
    assert result.score == 53.0
    assert rules(result) == [("few-test-levels", None), ("low-test-density", None)]


def test_broken_test_files_are_counted_and_reported(cache_dir: Path) -> None:
    result = run_check(FIXTURES / "tests-broken-file", cache_dir)
    m = result.metrics
    assert m["test_files"] == 4
    # test_ok.py 2; test_cookie.py (declared latin-1) has 1, which cannot fail.
    assert m["test_functions"] == 2
    assert m["tests_cannot_fail"] == 1
    assert m["broken_test_files"] == 2
    broken = [(f.rule, f.path, f.line, f.severity) for f in result.findings if f.path]
    assert ("undecodable-test-file", "tests/test_latin1.py", None, Severity.LOW) in broken
    assert ("unparsable-test-file", "tests/test_syntax.py", 4, Severity.LOW) in broken


def test_no_python_source_is_skipped(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text("project = 'x'\n")
    (tmp_path / "README.md").write_text("# x\n")
    result = run_check(tmp_path, cache_dir)
    assert result.status is Status.SKIPPED
    assert result.score is None
    assert result.reason == "no Python source"


def test_tests_without_shipped_source_leave_density_out(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("def test_a():\n    assert len('a') == 1\n")
    result = run_check(tmp_path, cache_dir)
    assert result.metrics["source_lines"] == 0
    assert result.metrics["tests_per_kloc"] is None
    assert list(components(result)) == ["configuration", "coverage", "levels"]
    assert result.reason == "no shipped source lines: test density not scored"
    assert result.score == 4.4  # (15 * 0 + 25 * 0 + 5 * 40) / 45
    assert result.caps == ()  # no shipped Python: nothing to cap


def test_density_midpoint_is_ten_per_kloc(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "tests-pytest-basic", root)
    (root / "tests" / "test_more.py").write_text("def test_more():\n    assert len('a') == 1\n")
    body = "".join(f"X{i} = {i}\n" for i in range(987))
    (root / "src" / "basic" / "big.py").write_text(body)
    result = run_check(root, cache_dir)
    assert result.metrics["test_functions"] == 10  # exactly the minimum count
    assert result.metrics["source_lines"] == 1000
    assert result.metrics["tests_per_kloc"] == 10.0
    # sqrt(10 / 40) = 0.5: a quarter of the full-marks density earns half the marks.
    assert components(result)["density"] == (55.0, 50.0)
    low = next(f for f in result.findings if f.rule == "low-test-density")
    assert low.severity is Severity.LOW  # 50: not below half
    assert "10.0 per KLOC" in next(c.detail for c in result.components if c.id == "density")
    assert "10.0" not in low.message  # a baseline identity must not drift with line counts


def test_configuration_without_testpaths_scores_75(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "tests-pytest-basic", root)
    (root / "pyproject.toml").write_text('[tool.pytest.ini_options]\naddopts = "-q"\n')
    result = run_check(root, cache_dir)
    assert components(result)["configuration"] == (15.0, 75.0)
    assert ("no-testpaths", "pyproject.toml") in rules(result)
    # Without testpaths pytest walks the whole tree: tools/test_release.py counts too.
    assert result.metrics["test_files"] == 4
    assert result.metrics["test_functions"] == 9  # + tools/test_release.py, `assert True`
    assert result.metrics["tests_cannot_fail"] == 3


def test_cache_inputs_cover_tests_sources_and_absent_config(cache_dir: Path) -> None:
    root = FIXTURES / "tests-coverage-threshold"
    inv = build_inventory(root)
    ctx = CheckContext(root=root, inventory=inv, cache=Cache(cache_dir))
    inputs = TestsChecker().cache_inputs(ctx)
    assert inputs is not None
    assert {
        "pyproject.toml",
        "pytest.ini",
        "setup.cfg",
        "tox.ini",
        ".coveragerc",
        ".github/workflows/ci.yml",
        "src/cov/__init__.py",
        "tests/test_double.py",
    } <= set(inputs)
    assert list(inputs) == sorted(inputs)
    assert TestsChecker().cache_salt(ctx) == f"tests-checker-v{TestsChecker.version}"


def test_same_tree_same_result(tmp_path: Path) -> None:
    # Two fresh caches: the second run measures again rather than reading the first's result.
    first = run_check(FIXTURES / "tests-levels", tmp_path / "one")
    second = run_check(FIXTURES / "tests-levels", tmp_path / "two")
    assert replace(first, duration=0.0) == replace(second, duration=0.0)


def test_test_file_too_large_to_read_is_left_out_by_discovery(
    tmp_path: Path, cache_dir: Path
) -> None:
    write_tests = tmp_path / "tests"
    write_tests.mkdir()
    (write_tests / "test_ok.py").write_text("def test_ok():\n    assert len('a') == 1\n")
    (write_tests / "test_huge.py").write_bytes(b"# padding\n" * (MAX_READ_BYTES // 10 + 1))
    result = run_check(tmp_path, cache_dir)
    # Over the size bound: left out of every check; discovery reports it (tests/hostile).
    assert build_inventory(tmp_path).oversized[0][:2] == (
        "tests/test_huge.py",
        "discovery/too-large",
    )
    assert result.metrics["test_files"] == 1
    assert result.metrics["test_functions"] == 1
    assert result.metrics["broken_test_files"] == 0
