"""Findings of the ci checker: what is missing, what cannot fail, and legacy systems."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from pyreadiness.checkers.ci.model import Category, Hit, System, finding
from pyreadiness.model import Finding, Severity

if TYPE_CHECKING:
    from pyreadiness.model import ScoreComponent

VERB = {
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
        "--all-files` with lint hooks). A formatter (black, isort, `ruff format`) is not one.",
    ),
    Category.TYPECHECK: (
        "ci-no-typecheck",
        Severity.LOW,
        "Add a CI step that runs a type checker (for example `mypy src` or `pyright`).",
    ),
}
_LEGACY_WHY = {
    System.TRAVIS: "travis-ci.org closed in 2021 and travis-ci.com has no free open-source tier",
    System.APPVEYOR: "AppVeyor configurations are mostly left behind by projects that moved",
}


def missing_findings(components: list[ScoreComponent], anchor: str | None) -> list[Finding]:
    out: list[Finding] = []
    for category, (rule, severity, help_text) in _MISSING.items():
        component = next(c for c in components if c.id == f"runs-{category.value}")
        if component.score == 0.0:
            out.append(
                finding(rule, severity, f"No CI step {VERB[category]}", path=anchor, help=help_text)
            )
    return out


def cannot_fail_findings(hits: tuple[Hit, ...]) -> list[Finding]:
    grouped: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    for hit in hits:
        if not hit.counts and hit.category in VERB:
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


def no_ci(legacy: list[System]) -> Finding:
    found = (
        f"only legacy CI ({', '.join(s.value for s in legacy)}) is configured"
        if legacy
        else "No continuous integration configuration found"
    )
    return finding(
        "ci-missing",
        Severity.HIGH,
        f"{found}: nothing checks changes before they are merged",
        help="Add a CI workflow (for example .github/workflows/ci.yml) that installs the "
        "project and runs the tests, a linter and a type checker on every push and pull "
        "request.",
    )


def unread_system(path: str) -> Finding:
    return finding(
        "ci-not-read",
        Severity.LOW,
        f"{path} belongs to a CI system whose configuration is not read: what it runs is "
        "not counted (and the repository is not taken for one without CI)",
        path=path,
        help="Nothing to fix if it runs the tests, a linter and a type checker; the "
        "systems read are GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, "
        "Bitbucket Pipelines, Jenkins and pre-commit.ci.",
    )


def legacy(system: System, path: str) -> Finding:
    return finding(
        "ci-legacy",
        Severity.LOW,
        f"{system.value} is configured, a system that no longer runs open-source builds "
        f"as a matter of course ({_LEGACY_WHY[system]}): it is scored as no CI",
        path=path,
        help="Move the jobs to a maintained CI service (GitHub Actions, GitLab CI...) and "
        f"delete {path} once they run there.",
    )


def tests_without_tests(path: str | None) -> Finding:
    return finding(
        "ci-tests-without-tests",
        Severity.LOW,
        "CI runs a test command, but the repository has no test files: it checks nothing",
        path=path,
        help="Write tests (tests/test_*.py) for the command to run.",
    )
