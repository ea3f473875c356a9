"""The rules of the findings the pipeline itself reports (check id ``discovery``).

They are no checker's: files that could not be read and a pyproject.toml that is not TOML
are found while listing the repository, before any checker runs.
"""

from __future__ import annotations

from pyreadiness.model import RuleDoc

DISCOVERY = "discovery"
DISCOVERY_TITLE = "Discovery: files pyreadiness could not read or parse"
DISCOVERY_DESCRIPTION = (
    "Before any check runs, pyreadiness lists the repository's files (git's list when it is "
    "a git work tree) and reads pyproject.toml. A file it cannot read, or a pyproject.toml "
    "that is not valid TOML, is reported here; the checks then work without it."
)

DISCOVERY_RULES = {
    "discovery/malformed-pyproject": RuleDoc(
        title="pyproject.toml is not valid TOML",
        why="Every packaging tool (pip, build, uv) rejects the project, and no "
        "[tool.pyreadiness] setting applies.",
        fix="Fix the syntax at the line the message names.",
        precision="very-high",
    ),
    "discovery/unreadable": RuleDoc(
        title="File pyreadiness could not read",
        why="A file too large, unreadable or a link leaving the repository is left out of "
        "every check.",
        fix="Fix or remove the path if it matters.",
        precision="very-high",
    ),
    "discovery/no-python": RuleDoc(
        title="No Python files found",
        why="Most checks have nothing to measure.",
        fix="Point pyreadiness at the root of a Python repository.",
        precision="very-high",
    ),
}
