"""The score of the ``tests`` check, its curves and weights, and the advice for lost points.

Every curve here is documented in docs/checks/tests.md and the checker's docstring; change
them together (and bump ``TestsChecker.version``).
"""

from __future__ import annotations

from pyreadiness.checkers.tests import levels as lv
from pyreadiness.checkers.tests.coverage import CoverageSetup
from pyreadiness.checkers.tests.model import CHECK_ID
from pyreadiness.checkers.tests.scan import Tally
from pyreadiness.discover.pytest_config import PytestConfig
from pyreadiness.model import Finding, ScoreComponent, Severity

#: Test functions per 1,000 non-blank lines of shipped source for full density marks.
DENSITY_FULL = 20.0
#: Coverage fail-under threshold (percent) for full coverage marks.
COVERAGE_FULL = 80.0
#: Coverage measured, but nothing fails when it drops.
COVERAGE_MEASURED_ONLY = 30.0
W_DENSITY = 50.0
W_CONFIGURATION = 15.0
W_COVERAGE = 20.0
W_LEVELS = 15.0
#: Score by number of test levels present; 3 or more of the 4 earn full marks.
LEVEL_SCORES = (0.0, 40.0, 80.0, 100.0)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def density(functions: int, source_lines: int) -> float | None:
    return functions * 1000 / source_lines if source_lines else None


def _density_component(functions: int, source_lines: int) -> ScoreComponent:
    per_kloc = functions * 1000 / source_lines
    return ScoreComponent(
        id="density",
        weight=W_DENSITY,
        score=round(100 * min(1.0, per_kloc / DENSITY_FULL), 1),
        detail=f"{plural(functions, 'test function')} for {plural(source_lines, 'line')} of "
        f"shipped source: {per_kloc:.1f} per KLOC (full marks at {DENSITY_FULL:g})",
    )


def _configuration_component(cfg: PytestConfig | None) -> ScoreComponent:
    if cfg is None:
        score, detail = 0.0, "no pytest configuration found"
    elif cfg.testpaths:
        score, detail = 100.0, f"pytest configured in {cfg.path} with testpaths"
    else:
        score, detail = 75.0, f"pytest configured in {cfg.path} without testpaths"
    return ScoreComponent(id="configuration", weight=W_CONFIGURATION, score=score, detail=detail)


def _coverage_component(cov: CoverageSetup) -> ScoreComponent:
    if cov.threshold is not None:
        score = max(COVERAGE_MEASURED_ONLY, 100 * min(1.0, cov.threshold / COVERAGE_FULL))
        detail = (
            f"coverage fail-under threshold {cov.threshold:g}% in {cov.source} "
            f"(full marks at {COVERAGE_FULL:g}%)"
        )
    elif cov.measured:
        score, detail = COVERAGE_MEASURED_ONLY, "coverage measured but no fail-under threshold"
    else:
        score, detail = 0.0, "coverage not measured"
    return ScoreComponent(id="coverage", weight=W_COVERAGE, score=round(score, 1), detail=detail)


def _levels_component(levels: tuple[str, ...]) -> ScoreComponent:
    score = LEVEL_SCORES[min(len(levels), len(LEVEL_SCORES) - 1)]
    shown = ", ".join(levels) or "none"
    return ScoreComponent(
        id="levels",
        weight=W_LEVELS,
        score=score,
        detail=f"test levels found: {shown} ({len(levels)} of {len(lv.ALL_LEVELS)}; "
        f"full marks at {len(LEVEL_SCORES) - 1})",
    )


def score_components(
    *,
    tally: Tally,
    source_lines: int,
    cfg: PytestConfig | None,
    coverage: CoverageSetup,
) -> list[ScoreComponent]:
    if not tally.functions:
        # A gate, not a weighted part: configuration without tests is worth nothing.
        detail = "no test functions found"
        if tally.files:
            detail += f" in {plural(len(tally.files), 'test file')} ({tally.broken} unparsable)"
        return [ScoreComponent(id="presence", weight=1.0, score=0.0, detail=detail)]
    components = []
    if source_lines:
        components.append(_density_component(tally.functions, source_lines))
    components += [
        _configuration_component(cfg),
        _coverage_component(coverage),
        _levels_component(tally.levels.present),
    ]
    return components


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
    cfg: PytestConfig | None,
    coverage: CoverageSetup,
    config_home: str | None,
) -> list[Finding]:
    """One finding, with how to fix it, for every component that lost points."""
    if not tally.functions:
        where = (
            f" ({plural(len(tally.files), 'test file')}, none with tests)" if tally.files else ""
        )
        return [
            _finding(
                "no-tests",
                Severity.HIGH,
                f"no test functions found{where}",
                "Add pytest tests: files named tests/test_*.py with functions named test_*. "
                "If your tests use other names, declare python_files / python_functions in "
                "[tool.pytest.ini_options].",
                None,
            )
        ]
    out: list[Finding] = []
    per_kloc = density(tally.functions, source_lines)
    if per_kloc is not None and per_kloc < DENSITY_FULL:
        out.append(
            _finding(
                "low-test-density",
                Severity.MEDIUM if per_kloc < DENSITY_FULL / 2 else Severity.LOW,
                f"{plural(tally.functions, 'test function')} for "
                f"{plural(source_lines, 'line')} of shipped source ({per_kloc:.1f} per KLOC; "
                f"{DENSITY_FULL:g} per KLOC earns full marks)",
                "Add tests for the modules that have none, starting with the public API.",
                None,
            )
        )
    if cfg is None:
        out.append(
            _finding(
                "no-pytest-config",
                Severity.LOW,
                "no pytest configuration: what `pytest` collects depends on where it is run",
                'Add [tool.pytest.ini_options] with testpaths = ["tests"] to pyproject.toml.',
                config_home,
            )
        )
    elif not cfg.testpaths:
        out.append(
            _finding(
                "no-testpaths",
                Severity.LOW,
                "pytest configuration sets no testpaths: a bare `pytest` searches the whole tree",
                f'Set testpaths = ["tests"] (your test folder) in {cfg.path}.',
                cfg.path,
            )
        )
    out += _coverage_advice(coverage, config_home)
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


def summary(tally: Tally, per_kloc: float | None, threshold: float | None) -> str:
    if not tally.functions:
        return f"no test functions found ({plural(len(tally.files), 'test file')})"
    parts = [f"{plural(tally.functions, 'test function')} in {plural(len(tally.files), 'file')}"]
    if per_kloc is not None:
        parts.append(f"{per_kloc:.1f} per KLOC")
    parts.append("levels: " + ", ".join(tally.levels.present))
    parts.append(
        f"coverage threshold {threshold:g}%" if threshold is not None else "no coverage threshold"
    )
    return "; ".join(parts)
