"""The ci checker's rules."""

from __future__ import annotations

from pyreadiness.model import RuleDoc

_NO_STEP_WHY = "Without it in CI, a change that breaks {what} is merged unnoticed."

RULES = {
    "ci-no-tests": RuleDoc(
        title="No CI step runs the tests",
        why=_NO_STEP_WHY.format(what="the tests"),
        fix="Add a CI step running the test suite (e.g. `python -m pytest`) on every push and "
        "pull request, and let it fail the run.",
    ),
    "ci-no-lint": RuleDoc(
        title="No CI step runs a linter",
        why=_NO_STEP_WHY.format(what="the lint rules"),
        fix="Add a CI step running a linter (`ruff check .`, or pre-commit with lint hooks); "
        "a formatter is not one.",
    ),
    "ci-no-typecheck": RuleDoc(
        title="No CI step runs a type checker",
        why=_NO_STEP_WHY.format(what="the types"),
        fix="Add a CI step running a type checker (`mypy src` or `pyright`).",
    ),
    "ci-check-cannot-fail": RuleDoc(
        title="CI check that cannot fail",
        why="`|| true`, `continue-on-error` or `allow_failure` make the step green whatever "
        "it finds: it checks nothing and is not counted.",
        fix="Let the step fail the run; keep informational checks in a separate job beside "
        "a blocking one.",
        precision="very-high",
    ),
    "ci-missing": RuleDoc(
        title="No continuous integration",
        why="Nothing checks changes before they are merged.",
        fix="Add a CI workflow that installs the project and runs the tests, a linter and a "
        "type checker on every push and pull request.",
    ),
    "ci-not-read": RuleDoc(
        title="CI system whose configuration is not read",
        why="What it runs is not counted (the repository is not taken for one without CI).",
        fix="Nothing, if it runs the tests, a linter and a type checker.",
        precision="low",
    ),
    "ci-legacy": RuleDoc(
        title="Legacy CI system",
        why="The system no longer runs open-source builds as a matter of course: it is "
        "scored as no CI.",
        fix="Move the jobs to a maintained CI service and delete the old configuration.",
    ),
    "ci-tests-without-tests": RuleDoc(
        title="CI runs tests, but there are none",
        why="The test step checks nothing.",
        fix="Write tests (tests/test_*.py) for the command to run.",
        precision="very-high",
    ),
}
