"""The tests checker's rules: what each finding means, why it matters and what to do."""

from __future__ import annotations

from pyreadiness.model import RuleDoc

RULES = {
    "no-tests": RuleDoc(
        title="No tests",
        why="Without tests nobody can change the code and know it still works.",
        fix="Add a tests/ folder with pytest tests of the public behaviour, and run them in CI.",
        precision="very-high",
    ),
    "low-test-density": RuleDoc(
        title="Few tests for the amount of code",
        why="A few tests over a lot of code leave most behaviour unchecked.",
        fix="Add tests for the untested modules, starting with the most used ones.",
        precision="medium",
    ),
    "no-pytest-config": RuleDoc(
        title="No pytest configuration",
        why="Without configuration, how the tests run depends on who runs them.",
        fix="Add [tool.pytest.ini_options] to pyproject.toml (testpaths, strict markers, "
        "warnings as errors).",
    ),
    "no-testpaths": RuleDoc(
        title="pytest has no testpaths",
        why="pytest then searches the whole tree: slower, and it may collect files that are "
        "not tests.",
        fix='Set `testpaths = ["tests"]` in [tool.pytest.ini_options].',
    ),
    "few-test-levels": RuleDoc(
        title="One level of tests only",
        why="Unit tests alone miss how the parts work together (and the reverse).",
        fix="Add the missing level: integration or end-to-end tests of the main paths.",
        precision="low",
    ),
    "no-coverage": RuleDoc(
        title="Coverage not measured",
        why="Nobody knows which code the tests never run.",
        fix="Run the tests under coverage (pytest-cov or coverage.py) in CI.",
    ),
    "no-coverage-threshold": RuleDoc(
        title="No coverage threshold",
        why="Coverage that is measured but not enforced drifts down unnoticed.",
        fix="Set fail_under in [tool.coverage.report] (or --cov-fail-under).",
    ),
    "low-coverage-threshold": RuleDoc(
        title="Low coverage threshold",
        why="A low threshold lets most new code go untested.",
        fix="Raise fail_under step by step as tests are added.",
    ),
    "test-cannot-fail": RuleDoc(
        title="Tests that cannot fail",
        why="A test whose body is only `pass`, `...`, a docstring or an assertion about "
        "constants passes whatever the code does: it is not counted. Counted per file.",
        fix="Make each test call the code under test and assert on its result, or delete "
        "the placeholder.",
        precision="very-high",
    ),
    "test-file-not-collected": RuleDoc(
        title="Test file outside pytest's testpaths",
        why="pytest never runs a test file outside its testpaths.",
        fix="Move the file under a testpaths entry, or add its folder to testpaths.",
    ),
    "testpaths-not-found": RuleDoc(
        title="testpaths entry matches nothing",
        why="A testpaths entry that matches no file is a typo or a leftover: pytest may "
        "collect nothing.",
        fix="Fix or remove the entry.",
        precision="very-high",
    ),
    "unparsable-test-file": RuleDoc(
        title="Test file cannot be parsed",
        why="pytest cannot import it either: its tests never run.",
        fix="Fix the syntax error.",
        precision="very-high",
    ),
    "undecodable-test-file": RuleDoc(
        title="Test file is not UTF-8",
        why="pytest cannot import it either: its tests never run.",
        fix="Save the file as UTF-8 (PEP 3120).",
        precision="very-high",
    ),
    "unreadable-test-file": RuleDoc(
        title="Test file could not be read",
        why="Its tests were not counted.",
        fix="Split very large test files, and make sure the file is readable.",
    ),
}
