"""Every scoring curve pinned at its midpoint, not only its ends, and every weight and curve
constant documented in docs/checks/*.md checked against the code (typing.md and lint.md:
tests/test_checks_docs_pinned.py; security.md and dependencies.md:
tests/test_docs_security_dependencies.py).

A changed half-density, level table or weight fails here unless its documentation changes
with it (and the documentation says why).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from pyreadiness.checkers.ci import scoring as ci
from pyreadiness.checkers.ci.model import Category
from pyreadiness.checkers.lint import LintChecker
from pyreadiness.checkers.tests import scoring as tests_scoring
from pyreadiness.checkers.typing import scoring as typing_scoring
from pyreadiness.checkers.vulnerabilities import scoring as vulns
from pyreadiness.model import Severity
from pyreadiness.score.model import decay, linear, ratio
from pyreadiness.testing import run_checker
from tests.helpers import ROOT

DOCS = ROOT / "docs" / "checks"


# -- the shared curves -------------------------------------------------------------------------


def test_shared_curves_midpoints() -> None:
    assert (decay(0, half_at=5), decay(5, half_at=5), decay(10, half_at=5)) == (100, 50, 25)
    assert linear(10, zero_at=0, full_at=20) == 50.0
    assert ratio(1, 2) == 50.0


# -- each checker's curve, at its documented midpoint ----------------------------------------


def test_typing_mypy_half_density() -> None:
    # docs/checks/typing.md: 100 at none, 50 at 5/KLOC, 25 at 10/KLOC.
    assert typing_scoring.mypy_score(0, 1000) == (100.0, 0.0)
    assert typing_scoring.mypy_score(5, 1000) == (50.0, 5.0)
    assert typing_scoring.mypy_score(10, 1000) == (25.0, 10.0)


@pytest.mark.parametrize(("findings", "score"), [(0, 100.0), (10, 50.0), (20, 25.0)])
def test_lint_findings_half_density(findings: int, score: float, tmp_path: Path) -> None:
    # docs/checks/lint.md: 100 at 0, 50 at 10 findings per KLOC, 25 at 20; real ruff.
    package = tmp_path / "repo" / "pkg"
    package.mkdir(parents=True)
    unused = "".join(f"import mod{i}\n" for i in range(findings))  # F401 each
    body = "".join(f"X{i} = {i}\n" for i in range(1000 - findings))
    (package / "__init__.py").write_text(unused + body)
    result = run_checker(LintChecker, tmp_path / "repo", cache_dir=tmp_path / "cache")
    assert result.metrics["findings"] == findings
    assert {c.id: c.score for c in result.components}["findings_per_kloc"] == score


@pytest.mark.parametrize(
    ("levels", "score"), [(0, 0.0), (1, 40.0), (2, 80.0), (3, 100.0), (4, 100.0)]
)
def test_tests_levels_table(levels: int, score: float) -> None:
    # docs/checks/tests.md: 0 -> 0, 1 -> 40, 2 -> 80, 3 or 4 -> 100.
    present = ("unit", "integration", "e2e", "performance")[:levels]
    assert tests_scoring._levels_component(present).score == score


# security's bandit half-life is pinned in tests/test_security_scoring.py.


# -- documentation tables against the constants ---------------------------------------------

_ROW = re.compile(r"^\|\s*`([\w-]+)`\s*\|\s*([\d.]+)\s*\|")


def doc_weights(page: str) -> dict[str, float]:
    """The ``| component | weight | ...`` table of a docs/checks page: component -> weight.

    A row whose first cell is more than one `id` describes a variant of another component
    (dependencies' ``undeclared``, scored under the id ``reproducible``) and is not read.
    """
    lines = (DOCS / page).read_text("utf-8").splitlines()
    start = next(
        i for i, line in enumerate(lines) if re.match(r"^\|\s*component\s*\|\s*weight", line)
    )
    out: dict[str, float] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        match = _ROW.match(line)
        if match:
            out[match.group(1)] = float(match.group(2))
    return out


CODE_WEIGHTS: Mapping[str, Callable[[], dict[str, float]]] = {
    "ci.md": lambda: {
        "ci-present": ci.WEIGHT_PRESENT,
        "runs-tests": ci.WEIGHTS[Category.TESTS],
        "runs-lint": ci.WEIGHTS[Category.LINT],
        "runs-typecheck": ci.WEIGHTS[Category.TYPECHECK],
    },
    "tests.md": lambda: {
        "density": tests_scoring.W_DENSITY,
        "configuration": tests_scoring.W_CONFIGURATION,
        "coverage": tests_scoring.W_COVERAGE,
        "levels": tests_scoring.W_LEVELS,
    },
    "vulnerabilities.md": lambda: {
        "severity": vulns.SEVERITY_WEIGHT,
        "share": vulns.SHARE_WEIGHT,
    },
}


@pytest.mark.parametrize("page", sorted(CODE_WEIGHTS))
def test_documented_weights_are_the_code(page: str) -> None:
    assert doc_weights(page) == CODE_WEIGHTS[page]()


def _doc(page: str) -> str:
    return " ".join((DOCS / page).read_text("utf-8").split())


def test_documented_curve_constants_are_the_code() -> None:
    levels = tests_scoring.LEVEL_SCORES
    assert (
        f"0 → {levels[0]:g}, 1 → {levels[1]:g}, 2 → {levels[2]:g}, 3 or 4 → {levels[3]:g}"
        in _doc("tests.md")
    )
    assert f"tests_per_kloc / {tests_scoring.DENSITY_FULL:g})" in _doc("tests.md")
    points = vulns.SEVERITY_POINTS
    assert (
        f"**critical {points[Severity.CRITICAL]:g}, high {points[Severity.HIGH]:g}, "
        f"medium {points[Severity.MEDIUM]:g}, low {points[Severity.LOW]:g}**"
    ) in _doc("vulnerabilities.md")
