"""The lint checker's own rules (ruff's rules carry ruff's name and link on each finding)."""

from __future__ import annotations

from pyreadiness.model import RuleDoc

RULES = {
    "no-lint-gate": RuleDoc(
        title="No lint gate",
        why="Nothing keeps new code to a set of lint rules, so the findings measured today "
        "grow with every change.",
        fix="Configure ruff (`[tool.ruff.lint]` in pyproject.toml) and run `ruff check` in CI "
        "or as a pre-commit hook.",
        precision="very-high",
    ),
    "own-config-fails": RuleDoc(
        title="The repository's own ruff check fails",
        why="A lint gate that fails on the main branch is ignored by everyone, so it gates "
        "nothing.",
        fix="Run `ruff check` in the repository root and fix the violations, or deliberately "
        "ignore rules you do not want.",
        precision="very-high",
    ),
    "own-config-invalid": RuleDoc(
        title="ruff cannot load the repository's configuration",
        why="ruff stops on an invalid configuration: the lint gate cannot run at all.",
        fix="Fix the key or value ruff names; `ruff check` prints the exact error.",
        precision="very-high",
    ),
    "unformatted": RuleDoc(
        title="File not formatted",
        why="Unformatted files turn every change into formatting noise and hide the real "
        "change in review.",
        fix="Run `ruff format` (or the formatter the project uses) on the file.",
        precision="very-high",
    ),
    "invalid-syntax": RuleDoc(
        title="File ruff cannot parse",
        why="Code that does not parse for the declared Python cannot be linted, imported or "
        "tested there.",
        fix="Fix the syntax, or raise requires-python if the newer syntax is intended.",
        precision="very-high",
    ),
}
