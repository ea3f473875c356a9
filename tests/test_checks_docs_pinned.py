"""docs/checks/typing.md and docs/checks/lint.md state the weights and curves the code uses."""

from __future__ import annotations

import re

from pyreadiness.checkers.lint import scoring as lint_scoring
from pyreadiness.checkers.typing import scoring as typing_scoring
from pyreadiness.checkers.typing.strictness import STRICT_FULL, STRICT_PARTIAL
from tests.helpers import ROOT

TIMES = "\u00d7"  # the docs write products with a multiplication sign

_ROW = re.compile(r"^\| `([a-z_-]+)` \| (\d+(?:\.\d+)?) \|", re.MULTILINE)


def weights_in(doc: str) -> dict[str, float]:
    text = (ROOT / "docs" / "checks" / doc).read_text(encoding="utf-8")
    return {name: float(weight) for name, weight in _ROW.findall(text)}


def doc_text(doc: str) -> str:
    return " ".join((ROOT / "docs" / "checks" / doc).read_text(encoding="utf-8").split())


def test_typing_weights_in_the_docs_are_the_code() -> None:
    assert weights_in("typing.md") == {
        "annotated-functions": typing_scoring.WEIGHT_FUNCTIONS,
        "annotated-slots": typing_scoring.WEIGHT_SLOTS,
        "mypy": typing_scoring.WEIGHT_MYPY,
        "strict": typing_scoring.WEIGHT_STRICT,
        "py-typed": typing_scoring.WEIGHT_PY_TYPED,
    }


def test_typing_curves_in_the_docs_are_the_code() -> None:
    text = doc_text("typing.md")
    half = typing_scoring.MYPY_HALF_DENSITY
    curve = f"100 {TIMES} 0.5^(errors per 1000 source lines ÷ {half:g})"
    assert f"{curve} {TIMES} `annotation_slot_coverage`" in text
    midpoint, _ = typing_scoring.mypy_score(5, 1000)
    assert f"{midpoint:g} at 5/KLOC (the midpoint)" in text
    assert f"{STRICT_FULL:g} for mypy `strict = true`" in text
    assert f"{STRICT_PARTIAL:g} for mypy `disallow_untyped_defs` alone" in text


def test_lint_weights_in_the_docs_are_the_code() -> None:
    assert weights_in("lint.md") == lint_scoring.WEIGHTS


def test_lint_curves_in_the_docs_are_the_code() -> None:
    text = doc_text("lint.md")
    floor = lint_scoring.OWN_FAILS_FLOOR
    half = lint_scoring.OWN_HALF_PER_KLOC
    assert f"{floor:g} + {100 - floor:g} {TIMES} 0.5^(N per KLOC ÷ {half:g})" in text
    assert f"{floor + (100 - floor) / 2:g} at {half:g} per KLOC (the midpoint)" in text
    assert f"**{lint_scoring.NO_GATE_SCORE:g}** (`NO_GATE_SCORE`)" in text
    assert f"`decay(findings per KLOC, half_at={lint_scoring.HALF_SCORE_PER_KLOC:g})`" in text
