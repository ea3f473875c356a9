"""Ready-made CI building blocks that run a check: GitHub actions, CircleCI orb jobs.

Only blocks that fail the run when the check fails by default are listed (reviewdog-based
actions, which only comment by default, are not).
"""

from __future__ import annotations

from pyreadiness.checkers.ci.model import Category
from pyreadiness.checkers.ci.runners import Follow
from pyreadiness.checkers.ci.shell import tokens

TESTS, LINT, TYPECHECK = Category.TESTS, Category.LINT, Category.TYPECHECK

_KNOWN: dict[str, frozenset[Category]] = {
    "astral-sh/ruff-action": frozenset({LINT}),
    "chartboost/ruff-action": frozenset({LINT}),
    "psf/black": frozenset({LINT}),
    "py-actions/flake8": frozenset({LINT}),
    "suo/flake8-github-action": frozenset({LINT}),
    "truebrain/actions-flake8": frozenset({LINT}),
    "isort/isort-action": frozenset({LINT}),
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
    if name in _PRE_COMMIT:
        args = tokens(inputs.get("extra_args", "--all-files"))
        hooks = tuple(a for a in args if not a.startswith("-"))
        return frozenset(), Follow(kind="pre-commit", names=hooks, guess=frozenset({LINT}))
    if name == "psf/black" and "options" in inputs and "--check" not in inputs["options"]:
        return frozenset(), None  # told to reformat rather than check
    return _KNOWN.get(name, frozenset()), None
