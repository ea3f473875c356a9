"""Advice for lost points of the ``tests`` check: one finding per component, with the fix."""

from __future__ import annotations

from pyreadiness.checkers.tests import levels as lv
from pyreadiness.checkers.tests.coverage import CoverageSetup
from pyreadiness.checkers.tests.model import CHECK_ID
from pyreadiness.checkers.tests.scan import Tally
from pyreadiness.checkers.tests.scoring import (
    COVERAGE_FULL,
    DENSITY_FULL,
    LEVEL_SCORES,
    MIN_TESTS,
    Setup,
    density,
    density_score,
    plural,
)
from pyreadiness.model import Finding, Severity


def _finding(
    rule: str, severity: Severity, message: str, help_text: str, path: str | None
) -> Finding:
    return Finding(
        check=CHECK_ID, rule=rule, severity=severity, path=path, message=message, help=help_text
    )


def advice(
    *,
    tally: Tally,
    source_lines: int,
    setup: Setup,
    config_home: str | None,
) -> list[Finding]:
    """One finding, with how to fix it, for every component that lost points."""
    cfg = setup.cfg
    if not tally.functions:
        where = (
            f" ({plural(len(tally.files), 'test file')}, none with tests that can fail)"
            if tally.files
            else ""
        )
        return [
            _finding(
                "no-tests",
                Severity.HIGH,
                f"no test functions that can fail found{where}",
                "Add pytest tests: files named tests/test_*.py with functions named test_*. "
                "If your tests use other names, declare python_files / python_functions in "
                "[tool.pytest.ini_options].",
                None,
            )
        ]
    out: list[Finding] = []
    per_kloc = density(tally.functions, source_lines)
    score = density_score(tally.functions, source_lines) if source_lines else 100.0
    if per_kloc is not None and score < 100.0:
        out.append(
            _finding(
                "low-test-density",
                Severity.MEDIUM if score < 50.0 else Severity.LOW,
                # No counts here: the message is the finding's identity in baselines, and
                # line counts drift with every edit. The density component has the numbers.
                f"fewer tests than full density needs ({DENSITY_FULL:g} per KLOC of shipped "
                f"source and at least {MIN_TESTS} tests that can fail)",
                "Add tests for the modules that have none, starting with the public API.",
                None,
            )
        )
    if cfg is None and setup.runner is None and not tally.unittest_classes:
        out.append(
            _finding(
                "no-pytest-config",
                Severity.LOW,
                "no declared way to run the tests (no pytest configuration, no tox, nox, "
                "hatch or make task running them): what runs depends on who runs it",
                'Add [tool.pytest.ini_options] with testpaths = ["tests"] to pyproject.toml, '
                "or a tox/nox/hatch/make task that runs the suite.",
                config_home,
            )
        )
    elif cfg is not None and not cfg.testpaths:
        out.append(
            _finding(
                "no-testpaths",
                Severity.LOW,
                "pytest configuration sets no testpaths: a bare `pytest` searches the whole tree",
                f'Set testpaths = ["tests"] (your test folder) in {cfg.path}.',
                cfg.path,
            )
        )
    out += _coverage_advice(setup.coverage, config_home)
    present = tally.levels.present
    if len(present) < len(LEVEL_SCORES) - 1:
        missing = ", ".join(level for level in lv.ALL_LEVELS if level not in present)
        out.append(
            _finding(
                "few-test-levels",
                Severity.LOW if len(present) < 2 else Severity.INFO,
                f"test levels found: {', '.join(present)}; not found: {missing}",
                "Put tests touching real services under tests/integration/ or mark them "
                "@pytest.mark.integration; add property-based tests with Hypothesis (@given); "
                "drive a UI end-to-end with Playwright or Selenium under tests/e2e/.",
                None,
            )
        )
    return out


def _coverage_advice(coverage: CoverageSetup, config_home: str | None) -> list[Finding]:
    set_it = (
        f"Set fail_under = {COVERAGE_FULL:g} under [tool.coverage.report] in pyproject.toml, "
        f"or pass --cov-fail-under={COVERAGE_FULL:g} to pytest in CI."
    )
    if not coverage.measured:
        return [
            _finding(
                "no-coverage",
                Severity.MEDIUM,
                "test coverage is not measured",
                "Run the suite under coverage (pytest-cov: pytest --cov=yourpackage). " + set_it,
                config_home,
            )
        ]
    if coverage.threshold is None:
        return [
            _finding(
                "no-coverage-threshold",
                Severity.MEDIUM,
                "coverage is measured but no fail-under threshold stops a drop",
                set_it,
                config_home,
            )
        ]
    if coverage.threshold < COVERAGE_FULL:
        return [
            _finding(
                "low-coverage-threshold",
                Severity.LOW,
                f"coverage fail-under threshold is {coverage.threshold:g}% "
                f"(full marks at {COVERAGE_FULL:g}%)",
                "Raise the threshold step by step as tests are added.",
                coverage.source,
            )
        ]
    return []
