"""Score components and findings from the evidence: presence, tests, lint, type checks.

Weights (GitHub hygiene, when GitHub Actions is used, adds 35 more in :mod:`hygiene`):

* ``ci-present`` 10 -- 100 with a readable configuration of a current system, 50 when only
  Travis CI (legacy) is configured, 0 when nothing readable is configured.
* ``runs-tests`` 35, ``runs-lint`` 15, ``runs-typecheck`` 15 -- 100 when a step that can
  fail runs that kind of check in a current system, 50 when only Travis does, else 0.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from pyreadiness.checkers.ci.model import LEGACY_SYSTEMS, Category, Hit, System, finding
from pyreadiness.model import Finding, ScoreComponent, Severity

if TYPE_CHECKING:
    from collections.abc import Iterable

WEIGHT_PRESENT = 10.0
WEIGHTS = {Category.TESTS: 35.0, Category.LINT: 15.0, Category.TYPECHECK: 15.0}
LEGACY_CREDIT = 50.0
_VERB = {
    Category.TESTS: "runs the tests",
    Category.LINT: "runs a linter",
    Category.TYPECHECK: "runs a type checker",
}
_MISSING = {
    Category.TESTS: (
        "ci-no-tests",
        Severity.MEDIUM,
        "Add a CI step that runs the test suite (for example `python -m pytest`) on every "
        "push and pull request, and let it fail the run.",
    ),
    Category.LINT: (
        "ci-no-lint",
        Severity.LOW,
        "Add a CI step that runs a linter (for example `ruff check .`, or `pre-commit run "
        "--all-files` with lint hooks).",
    ),
    Category.TYPECHECK: (
        "ci-no-typecheck",
        Severity.LOW,
        "Add a CI step that runs a type checker (for example `mypy src` or `pyright`).",
    ),
}


def _where(hit: Hit) -> str:
    return f"{hit.path}:{hit.line}" if hit.line else hit.path


def presence(readable: Iterable[System], detected: Iterable[System]) -> ScoreComponent:
    readable_set, detected_set = set(readable), set(detected)
    current = sorted(s.value for s in readable_set - LEGACY_SYSTEMS)
    if current:
        return ScoreComponent(
            id="ci-present",
            weight=WEIGHT_PRESENT,
            score=100.0,
            detail="configured: " + ", ".join(current),
        )
    if readable_set:
        return ScoreComponent(
            id="ci-present",
            weight=WEIGHT_PRESENT,
            score=LEGACY_CREDIT,
            detail="only Travis CI (legacy) is configured: worth half",
        )
    detail = (
        "CI files exist but none could be read" if detected_set else "no CI configuration found"
    )
    return ScoreComponent(id="ci-present", weight=WEIGHT_PRESENT, score=0.0, detail=detail)


def category_component(category: Category, hits: list[Hit]) -> ScoreComponent:
    counting = sorted(
        (h for h in hits if h.category is category and h.counts),
        key=lambda h: (h.system in LEGACY_SYSTEMS, h.path, h.line or 0, h.via),
    )
    current = [h for h in counting if h.system not in LEGACY_SYSTEMS]
    component_id = f"runs-{category.value}"
    weight = WEIGHTS[category]
    if current:
        first = current[0]
        systems = sorted({h.system.value for h in current})
        return ScoreComponent(
            id=component_id,
            weight=weight,
            score=100.0,
            detail=f"{_VERB[category]} in {', '.join(systems)} (`{first.via}` at {_where(first)})",
        )
    if counting:
        first = counting[0]
        return ScoreComponent(
            id=component_id,
            weight=weight,
            score=LEGACY_CREDIT,
            detail=f"{_VERB[category]} only in Travis CI (legacy), worth half "
            f"(`{first.via}` at {_where(first)})",
        )
    swallowed = sum(1 for h in hits if h.category is category and not h.counts)
    extra = f" ({swallowed} command(s) that do cannot fail)" if swallowed else ""
    return ScoreComponent(
        id=component_id, weight=weight, score=0.0, detail=f"no CI step {_VERB[category]}{extra}"
    )


def missing_findings(components: list[ScoreComponent], anchor: str | None) -> list[Finding]:
    out: list[Finding] = []
    for category, (rule, severity, help_text) in _MISSING.items():
        component = next(c for c in components if c.id == f"runs-{category.value}")
        if component.score == 0.0:
            out.append(
                finding(
                    rule, severity, f"No CI step {_VERB[category]}", path=anchor, help=help_text
                )
            )
    return out


def cannot_fail_findings(hits: list[Hit]) -> list[Finding]:
    grouped: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    for hit in hits:
        if not hit.counts:
            grouped[(hit.path, hit.line or 0, hit.via, hit.no_fail)].add(hit.category.value)
    return [
        finding(
            "ci-check-cannot-fail",
            Severity.MEDIUM,
            f"`{via}` ({', '.join(sorted(categories))}) cannot fail the pipeline: {why}; "
            "it is not counted",
            path=path,
            line=line or None,
            help="Let the check fail the run: drop `|| true`/`|| echo`, "
            "`continue-on-error`/`allow_failure`, and use `set -e` (and `set -o pipefail` "
            "when piping). If the check is informational on purpose, say so in a separate "
            "non-blocking job and keep a blocking one.",
        )
        for (path, line, via, why), categories in sorted(grouped.items())
    ]


def evidence(hits: list[Hit], limit: int = 50) -> list[str]:
    lines = sorted({f"{h.category.value}: {h.via} [{_where(h)}]" for h in hits if h.counts})
    return lines[:limit]
