"""Classification decides what is shipped code: every checker's denominator depends on it."""

from __future__ import annotations

import pytest

from pyreadiness.discover.classify import FileKind, classify


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("src/pkg/mod.py", FileKind.SOURCE),
        ("pkg/__init__.py", FileKind.SOURCE),
        ("pkg/mod.pyi", FileKind.STUB),
        ("tests/test_mod.py", FileKind.TEST),
        ("tests/helpers.py", FileKind.TEST),
        ("pkg/tests/util.py", FileKind.TEST),
        ("test_top.py", FileKind.TEST),
        ("mod_test.py", FileKind.TEST),
        ("conftest.py", FileKind.TEST),
        ("typing_tests/mypy.py", FileKind.TEST),  # python-attrs/attrs keeps type tests here
        ("integration_tests/api.py", FileKind.TEST),
        ("tests_e2e/flow.py", FileKind.TEST),
        ("docs/conf.py", FileKind.AUX),
        ("examples/demo.py", FileKind.AUX),
        ("setup.py", FileKind.AUX),
        ("noxfile.py", FileKind.AUX),
        ("pyproject.toml", FileKind.CONFIG),
        (".github/workflows/ci.yml", FileKind.CONFIG),
        ("requirements/dev.txt", FileKind.CONFIG),
        ("requirements-dev.in", FileKind.CONFIG),
        ("README.md", FileKind.DOCS),
        ("contests/solver.py", FileKind.SOURCE),  # a name that merely contains "tests"
        # Sample packages tests run tools on are not shipped (pyreadiness' own fixtures/).
        ("fixtures/typing-stub-only/stubpkg/calc.py", FileKind.AUX),
        ("testdata/sample/mod.py", FileKind.AUX),
        ("src/pkg/test_data/input.py", FileKind.AUX),
        ("tests/fixtures/pkg/mod.py", FileKind.TEST),  # under tests/: test code already
        ("src/pkg/fixture.py", FileKind.SOURCE),  # a module, not a folder of fixtures
    ],
)
def test_classify(path: str, kind: FileKind) -> None:
    assert classify(path) is kind
