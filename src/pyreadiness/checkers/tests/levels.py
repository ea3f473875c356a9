"""Recognise the test levels enterprise teams expect, from what is visible statically.

- end-to-end: the module imports Selenium or Playwright, lives under an ``e2e`` folder (or
  has ``e2e`` in its name), or the test carries an ``e2e`` marker;
- integration: ``integration`` in a folder or file name, or an ``integration`` marker;
- unit: every other test;
- property-based (orthogonal to the above): decorated with Hypothesis' ``@given``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from pyreadiness.checkers.tests.collect import ModuleScan

UNIT = "unit"
INTEGRATION = "integration"
E2E = "e2e"
PROPERTY = "property"

_E2E_IMPORTS = frozenset({"selenium", "playwright", "pytest_playwright", "pytest_selenium"})
# A whole word of a folder or file name: "tests/e2e", "test_e2e_login", not "free2edit".
_E2E_NAME = re.compile(
    r"(?:^|[^a-z0-9])(?:e2e|end_to_end|end-to-end|end2end|endtoend)(?:[^a-z0-9]|$)"
)
_E2E_MARKERS = frozenset({"e2e", "end_to_end", "end2end"})
_INTEGRATION_MARKERS = frozenset({"integration", "integration_test", "integration_tests"})


@dataclass(frozen=True, kw_only=True)
class LevelCounts:
    unit: int = 0
    integration: int = 0
    e2e: int = 0
    property_based: int = 0

    @property
    def present(self) -> tuple[str, ...]:
        """Levels with at least one test, sorted by name for deterministic output."""
        counts = {
            UNIT: self.unit,
            INTEGRATION: self.integration,
            E2E: self.e2e,
            PROPERTY: self.property_based,
        }
        return tuple(sorted(level for level, n in counts.items() if n))

    def __add__(self, other: LevelCounts) -> LevelCounts:
        return LevelCounts(
            unit=self.unit + other.unit,
            integration=self.integration + other.integration,
            e2e=self.e2e + other.e2e,
            property_based=self.property_based + other.property_based,
        )


ALL_LEVELS = (E2E, INTEGRATION, PROPERTY, UNIT)


def _path_words(rel: str) -> list[str]:
    path = PurePosixPath(rel.lower())
    return [*path.parts[:-1], path.stem]


def module_level(rel: str, scan: ModuleScan) -> str:
    """The level every test of the module has unless a marker says more."""
    words = _path_words(rel)
    if scan.imports & _E2E_IMPORTS or any(_E2E_NAME.search(w) for w in words):
        return E2E
    if any(INTEGRATION in w for w in words):
        return INTEGRATION
    return UNIT


def count_levels(rel: str, scan: ModuleScan) -> LevelCounts:
    base = module_level(rel, scan)
    unit = integration = e2e = prop = 0
    for fn in scan.functions:
        if base == E2E or fn.markers & _E2E_MARKERS:
            e2e += 1
        elif base == INTEGRATION or fn.markers & _INTEGRATION_MARKERS:
            integration += 1
        else:
            unit += 1
        prop += fn.property_based
    return LevelCounts(unit=unit, integration=integration, e2e=e2e, property_based=prop)


def total(counts: Iterable[LevelCounts]) -> LevelCounts:
    out = LevelCounts()
    for c in counts:
        out = out + c
    return out
