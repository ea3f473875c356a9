"""The score of the ``tests`` check: its components, curves and weights, and its cap.

Every curve here is documented in docs/checks/tests.md and the checker's docstring; change
them together (and bump ``TestsChecker.version``). Advice for lost points is in
:mod:`advice`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pyreadiness.checkers.tests import levels as lv
from pyreadiness.checkers.tests.coverage import CoverageSetup
from pyreadiness.checkers.tests.scan import Tally
from pyreadiness.discover.pytest_config import PytestConfig
from pyreadiness.model import ScoreCap, ScoreComponent
from pyreadiness.score.model import CAP_LIMITS

#: Tests per 1,000 non-blank lines of shipped source for full density marks: one test per
#: 25 lines. Maintained libraries measure well above it (flask ~100, httpx and attrs more).
DENSITY_FULL = 40.0
#: Full density also needs this many tests that can fail: 3 tests of a 50-line module are
#: 60 per KLOC but prove little; a reviewer wants a suite, not a sample.
MIN_TESTS = 10
#: Coverage fail-under threshold (percent) for full coverage marks.
COVERAGE_FULL = 80.0
#: Coverage measured, but nothing fails when it drops.
COVERAGE_MEASURED_ONLY = 30.0
#: A committed report's number adds at most this much to ``COVERAGE_MEASURED_ONLY``: a
#: snapshot proves coverage once, a threshold keeps it (so a report alone stays below 60).
COVERAGE_REPORT_EXTRA = 30.0
#: Declared ways to run the suite: a pytest configuration with / without testpaths, a task
#: runner target (tox, nox, hatch, make) that runs it, unittest discovery's defaults.
CONFIG_TESTPATHS = 100.0
CONFIG_RUNNER = 100.0
CONFIG_PYTEST_ONLY = 75.0
CONFIG_UNITTEST = 75.0
W_DENSITY = 55.0
W_CONFIGURATION = 15.0
W_COVERAGE = 25.0
#: Levels are guessed from names (folders, markers): a weak proxy, so a small weight.
W_LEVELS = 5.0
#: Score by number of test levels present; 3 or more of the 4 earn full marks.
LEVEL_SCORES = (0.0, 40.0, 80.0, 100.0)
#: The overall score of a repository without any test at all is at most an F.
NO_TESTS_CAP = CAP_LIMITS["no-tests"]  # one table of caps: score/model.py


@dataclass(frozen=True, kw_only=True)
class Setup:
    """How the suite is declared and gated: what the scan of configuration found."""

    cfg: PytestConfig | None
    runner: str | None  # the tox/nox/hatch/make file whose task runs the tests
    coverage: CoverageSetup


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def density(functions: int, source_lines: int) -> float | None:
    return functions * 1000 / source_lines if source_lines else None


def density_score(functions: int, source_lines: int) -> float:
    """Square root of the share of ``DENSITY_FULL`` (half marks at a quarter of it: 10 per
    KLOC), and never more than the share of ``MIN_TESTS``. The root gives the first tests
    most of the credit (they catch the most), and still separates 5 from 20 per KLOC."""
    per_kloc = functions * 1000 / source_lines
    by_density = 100 * math.sqrt(min(1.0, per_kloc / DENSITY_FULL))
    by_count = 100 * min(1.0, functions / MIN_TESTS)
    return round(min(by_density, by_count), 1)


def _density_component(functions: int, source_lines: int) -> ScoreComponent:
    per_kloc = functions * 1000 / source_lines
    return ScoreComponent(
        id="density",
        weight=W_DENSITY,
        score=density_score(functions, source_lines),
        detail=f"{plural(functions, 'test')} that can fail for {plural(source_lines, 'line')} "
        f"of shipped source: {per_kloc:.1f} per KLOC (full marks at {DENSITY_FULL:g} per KLOC "
        f"and at least {MIN_TESTS} tests)",
    )


def _configuration_component(setup: Setup, unittest_classes: int) -> ScoreComponent:
    options = [(0.0, "no declared way to run the tests (pytest configuration, task runner)")]
    cfg = setup.cfg
    if cfg is not None and cfg.testpaths:
        options.append((CONFIG_TESTPATHS, f"pytest configured in {cfg.path} with testpaths"))
    elif cfg is not None:
        options.append((CONFIG_PYTEST_ONLY, f"pytest configured in {cfg.path} without testpaths"))
    if setup.runner is not None:
        options.append((CONFIG_RUNNER, f"a task in {setup.runner} runs the tests"))
    if unittest_classes:
        options.append((CONFIG_UNITTEST, "unittest TestCases, found by unittest discovery"))
    score, detail = max(options, key=lambda option: option[0])
    return ScoreComponent(id="configuration", weight=W_CONFIGURATION, score=score, detail=detail)


def _coverage_component(cov: CoverageSetup) -> ScoreComponent:
    score, detail = 0.0, "coverage not measured"
    if cov.measured:
        score, detail = COVERAGE_MEASURED_ONLY, "coverage measured but no fail-under threshold"
    if cov.reported is not None:
        extra = COVERAGE_REPORT_EXTRA * min(1.0, cov.reported.percent / COVERAGE_FULL)
        score = COVERAGE_MEASURED_ONLY + extra
        detail = (
            f"committed report {cov.reported.path} measured {cov.reported.percent:g}% "
            "but no fail-under threshold keeps it"
        )
    if cov.threshold is not None:
        score = max(COVERAGE_MEASURED_ONLY, 100 * min(1.0, cov.threshold / COVERAGE_FULL))
        detail = (
            f"coverage fail-under threshold {cov.threshold:g}% in {cov.source} "
            f"(full marks at {COVERAGE_FULL:g}%)"
        )
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


def score_components(*, tally: Tally, source_lines: int, setup: Setup) -> list[ScoreComponent]:
    if not tally.functions:
        # A gate, not a weighted part: configuration without tests is worth nothing.
        detail = "no test functions that can fail found"
        if tally.files:
            detail += (
                f" in {plural(len(tally.files), 'test file')} ({tally.broken} unparsable, "
                f"{plural(tally.vacuous, 'test')} that cannot fail)"
            )
        return [ScoreComponent(id="presence", weight=1.0, score=0.0, detail=detail)]
    components = []
    if source_lines:
        components.append(_density_component(tally.functions, source_lines))
    components += [
        _configuration_component(setup, tally.unittest_classes),
        _coverage_component(setup.coverage),
        _levels_component(tally.levels.present),
    ]
    return components


def _declares_hidden_tests(setup: Setup) -> bool:
    """Tests this scan cannot count may exist: doctests collected by pytest, or a task of
    the repository that runs a test command (on files we did not recognise)."""
    doctests = setup.cfg is not None and any(o.startswith("--doctest") for o in setup.cfg.addopts)
    return doctests or setup.runner is not None


def no_tests_cap(
    tally: Tally, setup: Setup, test_kind_files: int, source_lines: int
) -> tuple[ScoreCap, ...]:
    """The "no tests" cap, only on clear-cut evidence: shipped Python, no test function (not
    even one that cannot fail), no test module, no file the inventory took for test code,
    and nothing declaring tests we cannot count (a missed detection must never cap)."""
    found = tally.functions or tally.vacuous or tally.files or test_kind_files
    if found or not source_lines or _declares_hidden_tests(setup):
        return ()
    return (
        ScoreCap(
            id="no-tests",
            limit=NO_TESTS_CAP,
            reason="no tests at all",
            evidence=f"no test file and no test function for {plural(source_lines, 'line')} "
            "of shipped Python",
        ),
    )


def summary(tally: Tally, per_kloc: float | None, threshold: float | None) -> str:
    if not tally.functions:
        vacuous = f", {plural(tally.vacuous, 'test')} that cannot fail" if tally.vacuous else ""
        return (
            f"no test functions that can fail found ({plural(len(tally.files), 'test file')}"
            f"{vacuous})"
        )
    parts = [f"{plural(tally.functions, 'test function')} in {plural(len(tally.files), 'file')}"]
    if per_kloc is not None:
        parts.append(f"{per_kloc:.1f} per KLOC")
    parts.append("levels: " + ", ".join(tally.levels.present))
    parts.append(
        f"coverage threshold {threshold:g}%" if threshold is not None else "no coverage threshold"
    )
    return "; ".join(parts)
