"""The ``tests`` checker: are there tests, enough of them, and is the suite set up to gate?"""

from __future__ import annotations

from collections.abc import Sequence

from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.checkers.tests.advice import advice
from pyreadiness.checkers.tests.catalogue import RULES
from pyreadiness.checkers.tests.coverage import CONFIG_FILES, find_coverage, script_files
from pyreadiness.checkers.tests.model import CHECK_ID
from pyreadiness.checkers.tests.reports import report_files
from pyreadiness.checkers.tests.scan import Tally, scan_repository
from pyreadiness.checkers.tests.scoring import (
    Setup,
    density,
    no_tests_cap,
    score_components,
    summary,
)
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.pytest_config import PytestConfig, read_pytest_config
from pyreadiness.model import CheckResult, MetricValue, Pillar, scored, skipped

_PYTEST_CONFIG_FILES = ("pytest.toml", ".pytest.toml", "pytest.ini", ".pytest.ini")
# Where a task that runs the suite may be declared (read by ci.tasks.suite_runner).
_RUNNER_FILES = ("tox.ini", "tox.toml", "noxfile.py", "hatch.toml", "Makefile", "makefile",
                 "GNUmakefile")  # fmt: skip


class TestsChecker(Checker):
    """Tests: are there tests, how dense are they, and is the suite configured to gate?

    Finds tests statically, never importing or running anything: files matching pytest's
    ``python_files`` (default ``test_*.py`` and ``*_test.py``) under its ``testpaths``, as
    read from pytest.toml, pytest.ini, pyproject.toml, tox.ini or setup.cfg, plus
    ``test*.py`` modules that unittest discovery would import (Django's ``app/tests.py``)
    when they define ``TestCase`` classes. Test
    functions are counted on the syntax tree: functions matching ``python_functions``
    (default ``test``) at module level and in classes matching ``python_classes`` (default
    ``Test``, without ``__init__``), and ``test*`` methods of classes deriving from a
    ``...TestCase`` base. One ``def`` is one test: parametrisation is not multiplied out.

    Tests whose body cannot fail (only ``pass``, ``...``, a docstring, ``assert True``,
    ``self.assertEqual(1, 1)``...) are reported and not counted.

    Score (weighted mean of components, 0-100):

    - No test function that can fail: the only component is ``presence`` = 0.
    - ``density`` (weight 55): tests per 1,000 non-blank lines of shipped source,
      100 * sqrt(min(1, density / 40)) (half marks at 10 per KLOC), and never more than
      10 points per test (full marks need 10 tests). Left out when no source is shipped.
    - ``configuration`` (weight 15): a pytest configuration with ``testpaths``, or a
      tox/nox/hatch/make task that runs the tests, 100; pytest configured without
      ``testpaths``, or unittest ``TestCase``s, 75; none 0.
    - ``coverage`` (weight 25): not measured 0; measured with no threshold 30; a committed
      report measuring P%: 30 + 30 * min(1, P / 80); a ``--cov-fail-under`` / ``coverage
      report --fail-under`` / ``fail_under`` threshold T: max(30, 100 * min(1, T / 80)).
    - ``levels`` (weight 5, guessed from names): unit, integration, end-to-end,
      property-based present: 1 = 40, 2 = 80, 3 or more = 100.

    Cap: no test file, no test function, no doctests and no task running tests, in a
    repository that ships Python, limits the overall score to 59.9 (F).

    To improve: write tests (``tests/test_*.py`` with ``test_*`` functions); add
    ``[tool.pytest.ini_options]`` with ``testpaths = ["tests"]`` to pyproject.toml; make the
    build fail under a coverage threshold (``fail_under = 80`` under
    ``[tool.coverage.report]``, or ``--cov-fail-under=80``); put integration tests under
    ``tests/integration/`` or mark them, and add Hypothesis or browser tests where they fit.
    """

    __test__ = False  # a checker, not a pytest test class

    id = CHECK_ID
    pillar = Pillar.TESTING
    title = "Tests: presence, density and configuration"
    version = "4"  # 3: grouped findings; 4: a monorepo member counts the root tests importing it
    rules = RULES
    weight = 1.0

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        inv = ctx.inventory
        # Config names are listed even when absent: creating one changes the fingerprint.
        names = {
            *_PYTEST_CONFIG_FILES,
            *CONFIG_FILES,
            *_RUNNER_FILES,
            *script_files(inv),
            *report_files(inv),
        }
        code = {rel for rel in inv.paths(FileKind.TEST, FileKind.SOURCE) if rel.endswith(".py")}
        code |= set(inv.tests_from_root())
        return sorted(names | code)

    def cache_salt(self, ctx: CheckContext) -> str:
        return f"{CHECK_ID}-checker-v{self.version}"

    def run(self, ctx: CheckContext) -> CheckResult:
        inv = ctx.inventory
        if not any(p.endswith(".py") for p in inv.paths(FileKind.SOURCE, FileKind.TEST)):
            return skipped(CHECK_ID, "no Python source")
        # Imported here: a run answered from the cache never reads the task runners.
        from pyreadiness.checkers.ci.tasks import suite_runner

        cfg = read_pytest_config(inv)
        tally = scan_repository(inv, cfg or PytestConfig(path=""))
        setup = Setup(cfg=cfg, runner=suite_runner(inv), coverage=find_coverage(inv, cfg))
        source_lines = max(0, inv.source_lines() - tally.test_source_lines)
        per_kloc = density(tally.functions, source_lines)
        config_home = "pyproject.toml" if inv.has("pyproject.toml") else None
        findings = [
            *tally.findings,
            *advice(tally=tally, source_lines=source_lines, setup=setup, config_home=config_home),
        ]
        reason = ""
        if tally.functions and not source_lines:
            reason = "no shipped source lines: test density not scored"
        test_kind = len(inv.python_test_files())
        return scored(
            CHECK_ID,
            components=score_components(tally=tally, source_lines=source_lines, setup=setup),
            summary=summary(tally, per_kloc, setup.coverage.threshold),
            metrics=_metrics(tally, setup, source_lines, per_kloc),
            findings=sorted(findings, key=lambda f: (f.path or "", f.line or 0, f.rule)),
            reason=reason,
            caps=no_tests_cap(tally, setup, test_kind, source_lines),
        )


def _metrics(
    tally: Tally, setup: Setup, source_lines: int, per_kloc: float | None
) -> dict[str, MetricValue]:
    cfg, coverage = setup.cfg, setup.coverage
    return {
        "test_files": len(tally.files),
        "test_functions": tally.functions,
        "tests_cannot_fail": tally.vacuous,
        "unittest_classes": tally.unittest_classes,
        "broken_test_files": tally.broken,
        "source_lines": source_lines,
        "tests_per_kloc": round(per_kloc, 1) if per_kloc is not None else None,
        "pytest_config": cfg.path if cfg else None,
        "testpaths": sorted(cfg.testpaths) if cfg else [],
        "test_runner": setup.runner,
        "coverage_measured": coverage.measured,
        "coverage_threshold": coverage.threshold,
        "coverage_threshold_source": coverage.source,
        "coverage_reported": coverage.reported.percent if coverage.reported else None,
        "coverage_report": coverage.reported.path if coverage.reported else None,
        "levels": list(tally.levels.present),
        "tests_unit": tally.levels.unit,
        "tests_integration": tally.levels.integration,
        "tests_e2e": tally.levels.e2e,
        "tests_property": tally.levels.property_based,
    }
