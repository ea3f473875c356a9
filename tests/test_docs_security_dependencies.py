"""docs/checks/security.md and dependencies.md state the numbers the code uses.

Each expected line is built from the constant itself: a changed weight fails here until
the page says the new number (and why).
"""

from __future__ import annotations

from pyreadiness.checkers.dependencies import components, library
from pyreadiness.checkers.security import scoring
from tests.helpers import ROOT

TIMES = "\N{MULTIPLICATION SIGN}"  # the pages write products with it


def _page(name: str) -> str:
    return (ROOT / "docs" / "checks" / name).read_text(encoding="utf-8")


def test_security_page_states_every_weight() -> None:
    page = _page("security.md")
    for level, weight in scoring.SEVERITY_WEIGHT.items():
        assert f"| {level.lower()} | {weight:g} |" in page
    for level, weight in scoring.CONFIDENCE_WEIGHT.items():
        assert f"| {level.lower()} | {weight:.1f} |" in page
    assert f"100 {TIMES} 0.5 ^ (density / {scoring.HALF_LIFE:g})" in page
    assert f"`MIN_KLOC` ({scoring.MIN_KLOC:g} KLOC)" in page
    assert f"each costs **{scoring.GENERIC_COST:g}** points" in page
    assert f"most **{scoring.GENERIC_MAX_COST:g}** in all" in page
    assert (scoring.BANDIT_WEIGHT, scoring.SECRETS_WEIGHT) == (1.0, 1.0)
    assert "equal weight (1 and 1)" in page


def test_dependencies_page_states_every_weight() -> None:
    page = _page("dependencies.md")
    rows = {
        "ranges": library.WEIGHT_RANGES,
        "dev-env": library.WEIGHT_DEV_ENV,
        "reproducible": components.WEIGHT_REPRODUCIBLE,
        "lock-fresh": components.WEIGHT_LOCK_FRESH,
        "update-tool": components.WEIGHT_UPDATE_TOOL,
    }
    for component_id, weight in rows.items():
        assert f"| `{component_id}` | {weight:g} |" in page, component_id
    base = library.DEV_DECLARED_BASE
    assert f"`{base:g} + {100 - base:g} {TIMES} pinned/declared`" in page
    pins, hashes = components.PIN_SHARE, components.HASH_SHARE
    assert f"`{pins:g} {TIMES} pinned/declared + {hashes:g} {TIMES} hashed/declared`" in page
