"""Read ``.pre-commit-config.yaml``: which hooks ``pre-commit run`` runs and what they check.

Hooks are recognised by id (``ruff``, ``mypy``, ``black``...); a local hook is also
judged by its ``entry`` command. Hooks limited to other stages (``stages: [manual]``)
do not run under a plain ``pre-commit run``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyreadiness.checkers.ci.commands import classify
from pyreadiness.checkers.ci.model import Category
from pyreadiness.checkers.ci.shell import tokens
from pyreadiness.checkers.ci.yamlload import as_dict, as_list, as_str, line_of, load_yaml

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

TESTS, LINT, TYPECHECK = Category.TESTS, Category.LINT, Category.TYPECHECK

# Formatters and fixers (black, isort, ruff-format, pyupgrade...) are not linters: they make
# code uniform, they do not find defects. Only linters count as lint.
_HOOKS: dict[str, frozenset[Category]] = {
    **dict.fromkeys(
        (
            "ruff",
            "ruff-check",
            "flake8",
            "pylint",
            "pycodestyle",
            "pydocstyle",
            "pyflakes",
            "prospector",
            "pylama",
            "refurb",
            "flakeheaven",
        ),
        frozenset({LINT}),
    ),
    **dict.fromkeys(
        ("mypy", "pyright", "basedpyright", "pytype", "pyre-check", "ty", "pyrefly"),
        frozenset({TYPECHECK}),
    ),
    **dict.fromkeys(("pytest", "pytest-check", "unittest", "tests"), frozenset({TESTS})),
    **dict.fromkeys(
        (
            "bandit",
            "pip-audit",
            "safety",
            "python-safety-dependencies-check",
            "semgrep",
            "zizmor",
            "osv-scanner",
            "trivy",
            "detect-secrets",
            "gitleaks",
            "trufflehog",
        ),
        frozenset({Category.SECURITY}),
    ),
}
_COMMIT_STAGES = frozenset({"pre-commit", "commit"})


@dataclass(frozen=True, kw_only=True)
class Hook:
    path: str
    line: int | None
    id: str
    categories: frozenset[Category]


def _hook_categories(hook_id: str, entry: str | None) -> frozenset[Category]:
    found = set(_HOOKS.get(hook_id, frozenset()))
    if hook_id.startswith("nbqa-"):
        found |= _HOOKS.get(hook_id[len("nbqa-") :], frozenset())
    if entry:
        classified = classify(tokens(entry))
        found |= classified.categories
        if classified.follow is not None:
            found |= classified.follow.guess  # one level down: not followed further
    return frozenset(found)


def hooks(
    inventory: Inventory, names: tuple[str, ...], options: tuple[str, ...], override: str | None
) -> list[Hook] | None:
    """The hooks ``pre-commit run NAMES`` runs; None without a readable configuration."""
    path = override or ".pre-commit-config.yaml"
    if not inventory.has(path):
        return None
    doc = load_yaml(inventory, path)
    config = as_dict(doc.data)
    if doc.error is not None or not config:
        return None
    stage = next((o.split("=", 1)[1] for o in options if o.startswith("stage=")), None)
    skipped = {o.split("=", 1)[1] for o in options if o.startswith("skip=")}
    wanted_stages = {stage} if stage else _COMMIT_STAGES
    default_stages = [str(s) for s in as_list(config.get("default_stages"))]
    out: list[Hook] = []
    for repo in as_list(config.get("repos")):
        for hook in as_list(as_dict(repo).get("hooks")):
            hook = as_dict(hook)
            hook_id = as_str(hook.get("id"))
            if hook_id is None:
                continue
            if names and hook_id not in names and hook.get("alias") not in names:
                continue
            if hook_id in skipped:  # pre-commit.ci's `ci: skip`
                continue
            stages = [str(s) for s in as_list(hook.get("stages"))] or default_stages
            if stages and not wanted_stages & set(stages):
                continue
            out.append(
                Hook(
                    path=path,
                    line=line_of(hook),
                    id=hook_id,
                    categories=_hook_categories(hook_id, as_str(hook.get("entry"))),
                )
            )
    return out
