"""Ready-made CI building blocks that run a check: GitHub actions, CircleCI orb jobs.

Only blocks that fail the run when the check fails by default are listed (reviewdog-based
actions, which only comment by default, are not), and security scanners. Formatter actions
(``psf/black``, ``isort/isort-action``) are not listed: a formatter is not a linter.
"""

from __future__ import annotations

from pyreadiness.checkers.ci.model import Category
from pyreadiness.checkers.ci.runners import Follow
from pyreadiness.checkers.ci.shell import tokens

#: The ``uses`` of the step standing for pre-commit.ci (see ``systems.hosted``).
PRE_COMMIT_CI_USES = "pre-commit.ci"

TESTS, LINT, TYPECHECK = Category.TESTS, Category.LINT, Category.TYPECHECK
SECURITY = Category.SECURITY

_KNOWN: dict[str, frozenset[Category]] = {
    "astral-sh/ruff-action": frozenset({LINT}),
    "chartboost/ruff-action": frozenset({LINT}),
    # Security scanners: they report (code scanning alerts, SARIF) rather than only fail.
    "github/codeql-action": frozenset({SECURITY}),
    "pypa/gh-action-pip-audit": frozenset({SECURITY}),
    "ossf/scorecard-action": frozenset({SECURITY}),
    "aquasecurity/trivy-action": frozenset({SECURITY}),
    "google/osv-scanner-action": frozenset({SECURITY}),
    "returntocorp/semgrep-action": frozenset({SECURITY}),
    "semgrep/semgrep-action": frozenset({SECURITY}),
    "zizmorcore/zizmor-action": frozenset({SECURITY}),
    "pycqa/bandit-action": frozenset({SECURITY}),
    "snyk/actions": frozenset({SECURITY}),
    "pyupio/safety-action": frozenset({SECURITY}),
    "py-actions/flake8": frozenset({LINT}),
    "suo/flake8-github-action": frozenset({LINT}),
    "truebrain/actions-flake8": frozenset({LINT}),
    "ricardochaves/python-lint": frozenset({LINT, TYPECHECK}),
    "jakebailey/pyright-action": frozenset({TYPECHECK}),
    "sasanquaneuf/mypy-github-action": frozenset({TYPECHECK}),
    "pavelzw/pytest-action": frozenset({TESTS}),
    "circleci/python/test": frozenset({TESTS}),  # the python orb's test job runs pytest
}
_PRE_COMMIT = frozenset({"pre-commit/action", "tox-dev/action-pre-commit-uv", "j178/prek-action"})


def _name(uses: str) -> str:
    """``owner/repo/sub@ref`` -> ``owner/repo`` (CircleCI orb jobs keep three parts)."""
    base = uses.split("@", 1)[0].lower()
    parts = base.split("/")
    if base in _KNOWN:
        return base
    return "/".join(parts[:2])


def uses_categories(
    uses: str, with_args: tuple[tuple[str, str], ...]
) -> tuple[frozenset[Category], Follow | None]:
    """What a referenced action/orb job checks, or the pre-commit run it stands for."""
    name = _name(uses)
    inputs = dict(with_args)
    if uses == PRE_COMMIT_CI_USES:  # every hook but those under `ci: skip`
        skip = tuple("skip=" + s for s in inputs.get("skip", "").split(",") if s)
        return frozenset(), Follow(kind="pre-commit", options=skip, guess=frozenset({LINT}))
    if name in _PRE_COMMIT:
        args = tokens(inputs.get("extra_args", "--all-files"))
        hooks = tuple(a for a in args if not a.startswith("-"))
        return frozenset(), Follow(kind="pre-commit", names=hooks, guess=frozenset({LINT}))
    return _KNOWN.get(name, frozenset()), None
