"""The tests checker's building blocks: naming rules, file selection, coverage settings."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from pyreadiness.checkers.tests.collect import (
    ModuleScan,
    NamingRules,
    Unparsable,
    parse_module,
    scan_module,
)
from pyreadiness.checkers.tests.coverage import find_coverage
from pyreadiness.checkers.tests.levels import module_level
from pyreadiness.checkers.tests.selection import matches_file_pattern, select_tests
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.discover.pytest_config import (
    DEFAULT_NORECURSEDIRS,
    PytestConfig,
    read_pytest_config,
)

PYTEST = NamingRules(classes=("Test",), functions=("test",))


def scan(code: str, rules: NamingRules = PYTEST) -> ModuleScan:
    tree = parse_module(textwrap.dedent(code), "t.py")
    assert isinstance(tree, ast.Module)
    return scan_module(tree, rules)


def names(code: str, rules: NamingRules = PYTEST) -> list[str]:
    return [f.name for f in scan(code, rules).functions]


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


# -- counting -------------------------------------------------------------------------------


def test_prefix_and_glob_function_patterns() -> None:
    code = """
        def should_a(): pass
        def it_b(): pass
        def shouldnt(): pass
        def test_c(): pass
    """
    rules = NamingRules(classes=("Test",), functions=("should_*", "it_"))
    assert names(code, rules) == ["should_a", "it_b"]


def test_classes_with_init_or_new_are_not_collected_but_nested_ones_are() -> None:
    code = """
        class TestA:
            def test_a(self): pass
            class TestInner:
                def test_inner(self): pass
        class TestNew:
            def __new__(cls): return super().__new__(cls)
            def test_never(self): pass
        class TestAsync:
            async def test_b(self): pass
            @staticmethod
            def test_static(): pass
    """
    assert names(code) == [
        "TestA::test_a",
        "TestA::TestInner::test_inner",
        "TestAsync::test_b",
        "TestAsync::test_static",
    ]


def test_testcase_bases_transitive_generic_and_attribute() -> None:
    code = """
        import unittest
        from typing import Generic
        class Base(unittest.TestCase):
            pass
        class Mid(Base):
            pass
        class Leaf(Mid):
            def test_leaf(self): pass
            def runTest(self): pass
        class Typed(SomeTestCase[int]):
            def test_typed(self): pass
        class NotCase(Generic[T]):
            def test_no(self): pass
    """
    result = scan(code)
    assert [f.name for f in result.functions] == ["Leaf::test_leaf", "Typed::test_typed"]
    assert result.unittest_classes == 2


def test_unittest_only_modules_ignore_pytest_style_tests() -> None:
    code = """
        from unittest import TestCase
        def test_module_level(): pass
        class TestPytestStyle:
            def test_x(self): pass
        class Real(TestCase):
            def test_y(self): pass
    """
    rules = NamingRules(classes=(), functions=(), pytest_style=False)
    assert names(code, rules) == ["Real::test_y"]


def test_tests_inside_try_and_with_blocks_are_module_attributes() -> None:
    code = """
        try:
            import numpy
        except ImportError:
            def test_without_numpy(): pass
        else:
            def test_with_numpy(): pass
        finally:
            def test_finally(): pass
        with open(__file__):
            def test_in_with(): pass
        for i in range(3):
            def test_in_loop_not_counted(): pass
    """
    assert names(code) == ["test_without_numpy", "test_with_numpy", "test_finally", "test_in_with"]


def test_markers_from_module_class_and_function() -> None:
    code = """
        import pytest
        from pytest import mark
        pytestmark = pytest.mark.slow
        @pytest.mark.integration
        class TestA:
            pytestmark = [mark.db]
            @mark.e2e(reason="x")
            def test_a(self): pass
        def test_b(): pass
    """
    found = {f.name: f.markers for f in scan(code).functions}
    assert found == {
        "TestA::test_a": frozenset({"slow", "integration", "db", "e2e"}),
        "test_b": frozenset({"slow"}),
    }


def test_given_is_property_based_only_with_hypothesis_imported() -> None:
    bdd = """
        from pytest_bdd import given
        @given("a user")
        def test_step(): pass
    """
    hyp = """
        import hypothesis
        from hypothesis import strategies as st
        @hypothesis.given(st.integers())
        def test_prop(x): pass
    """
    assert [f.property_based for f in scan(bdd).functions] == [False]
    assert [f.property_based for f in scan(hyp).functions] == [True]
    assert scan(hyp).imports == frozenset({"hypothesis"})


@pytest.mark.parametrize(
    ("rel", "imports", "level"),
    [
        ("tests/e2e/test_login.py", "", "e2e"),
        ("tests/test_e2e_login.py", "", "e2e"),
        ("tests/end-to-end/test_login.py", "", "e2e"),
        ("tests/test_free2edit.py", "", "unit"),  # "e2e" inside a word is not a level
        ("tests/test_pages.py", "import playwright.sync_api", "e2e"),
        ("tests/test_pages.py", "from selenium.webdriver import Chrome", "e2e"),
        ("tests/integration_tests/test_db.py", "", "integration"),
        ("tests/test_db_integration.py", "", "integration"),
        ("tests/unit/test_db.py", "", "unit"),
    ],
)
def test_module_level_from_path_and_imports(rel: str, imports: str, level: str) -> None:
    assert module_level(rel, scan(imports + "\n")) == level


def test_syntax_error_and_null_bytes_are_data_not_exceptions() -> None:
    broken = parse_module("def f(:\n", "t.py")
    assert isinstance(broken, Unparsable)
    assert broken.line == 1
    assert isinstance(parse_module(b"x = 1\x00\n", "t.py"), Unparsable)


def test_invalid_escape_warnings_do_not_leak() -> None:
    # filterwarnings = error would turn a leaked SyntaxWarning into a failure here.
    assert isinstance(parse_module('X = "\\d"\n', "t.py"), ast.Module)


# -- selection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "pattern", "expected"),
    [
        ("a/b/test_x.py", "test_*.py", True),
        ("a/b/x_test.py", "test_*.py", False),
        ("tests/unit/check_x.py", "unit/check_*.py", True),
        ("tests/other/check_x.py", "unit/check_*.py", False),
    ],
)
def test_file_patterns_match_names_or_paths_like_pytest(
    rel: str, pattern: str, expected: bool
) -> None:
    assert matches_file_pattern(rel, pattern) is expected


def test_selection_with_glob_testpaths_norecursedirs_and_ignore_glob(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": """
                [tool.pytest.ini_options]
                testpaths = ["pkg*/tests"]
                norecursedirs = ["fixtures"]
                addopts = ["--ignore-glob", "*_slow_test.py"]
            """,
            "pkg1/tests/test_a.py": "",
            "pkg2/tests/test_b.py": "",
            "pkg2/tests/fixtures/test_data.py": "",
            "pkg2/tests/.cache/test_hidden.py": "",  # norecursedirs replaced: now collected
            "pkg2/tests/big_slow_test.py": "",
            "other/test_c.py": "",
            "pkg1/tests/conftest.py": "",
        },
    )
    cfg = read_pytest_config(build_inventory(tmp_path))
    assert cfg is not None
    assert cfg.norecursedirs == ("fixtures",)
    selection = select_tests(build_inventory(tmp_path), cfg)
    assert selection.pytest_modules == (
        "pkg1/tests/test_a.py",
        "pkg2/tests/.cache/test_hidden.py",
        "pkg2/tests/test_b.py",
    )
    assert selection.outside_testpaths == (
        "other/test_c.py",
        "pkg2/tests/big_slow_test.py",
        "pkg2/tests/fixtures/test_data.py",
    )
    assert selection.missing_testpaths == ()


def test_no_existing_testpath_falls_back_to_the_root_like_pytest(tmp_path: Path) -> None:
    write(tmp_path, {"pytest.ini": "[pytest]\ntestpaths = nowhere\n", "test_a.py": ""})
    inv = build_inventory(tmp_path)
    cfg = read_pytest_config(inv)
    assert cfg is not None
    selection = select_tests(inv, cfg)
    assert selection.pytest_modules == ("test_a.py",)
    assert selection.missing_testpaths == ("nowhere",)


def test_unittest_discovery_needs_packages_and_respects_testpaths(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/tests.py": "",
            "loose/tests.py": "",  # not a package: unittest discovery never enters it
            "pkg/__init__.py": "",
            "pkg/sub/tests.py": "",  # pkg/sub is not a package
            "tests/unit/testing.py": "",  # from testpath "tests", only tests/unit is entered
            "tests/unit/__init__.py": "",
            "tests/helpers.py": "",
        },
    )
    inv = build_inventory(tmp_path)
    no_config = select_tests(inv, PytestConfig(path=""))
    # From the root, tests/unit/testing.py is unreachable: tests/ has no __init__.py.
    assert no_config.unittest_candidates == ("app/tests.py",)
    with_paths = select_tests(inv, PytestConfig(path="pytest.ini", testpaths=("tests", ".")))
    assert with_paths.missing_testpaths == ()  # "." always exists
    assert with_paths.unittest_candidates == ("app/tests.py",)
    only_tests = select_tests(inv, PytestConfig(path="pytest.ini", testpaths=("tests",)))
    assert only_tests.unittest_candidates == ("tests/unit/testing.py",)


def test_default_norecursedirs() -> None:
    assert PytestConfig(path="x").norecursedirs == DEFAULT_NORECURSEDIRS
    assert ".*" in DEFAULT_NORECURSEDIRS


# -- coverage ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "measured", "threshold", "source"),
    [
        ({".coveragerc": "[report]\nfail_under = 50\n"}, True, 50.0, ".coveragerc"),
        ({".coveragerc": "[run]\nbranch = true\n"}, True, None, None),
        ({"setup.cfg": "[coverage:report]\nfail_under = 100\n"}, True, 100.0, "setup.cfg"),
        ({"setup.cfg": "[metadata]\nname = x\n"}, False, None, None),
        ({"tox.ini": "[coverage:report]\nfail_under = 72.5\n"}, True, 72.5, "tox.ini"),
        ({"tox.ini": "[testenv]\ncommands = pytest --cov-fail-under 70\n"}, True, 70.0, "tox.ini"),
        ({"pytest.ini": "[pytest]\naddopts = --cov=pkg\n"}, True, None, None),
        ({"pytest.ini": "[pytest]\naddopts = --cov-fail-under=60\n"}, True, 60.0, "pytest.ini"),
        ({"noxfile.py": "session.run('coverage', 'report')\n"}, False, None, None),
        (
            {"noxfile.py": "session.run('coverage', 'report', '--fail-under=90')\n"},
            True,
            90.0,
            "noxfile.py",
        ),
        ({"Makefile": "test:\n\tcoverage report --fail-under=95\n"}, True, 95.0, "Makefile"),
        (
            {".github/workflows/t.yml": "steps:\n  - run: pytest --cov=x\n"},
            True,
            None,
            None,
        ),
        ({"pyproject.toml": "[tool.coverage.run]\nbranch = true\n"}, True, None, None),
    ],
)
def test_coverage_settings_are_found_where_teams_put_them(
    tmp_path: Path, files: dict[str, str], measured: bool, threshold: float | None, source: str
) -> None:
    write(tmp_path, {"pkg/__init__.py": "", **files})
    inv = build_inventory(tmp_path)
    setup = find_coverage(inv, read_pytest_config(inv))
    assert (setup.measured, setup.threshold, setup.source) == (measured, threshold, source)
