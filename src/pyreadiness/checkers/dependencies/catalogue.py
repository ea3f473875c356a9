"""The dependencies checker's rules (findings carry ``dependencies/<rule>``)."""

from __future__ import annotations

from pyreadiness.model import RuleDoc

_BROKEN = "Installers and this check cannot read it: what it declares is not counted."


def _broken(title: str, fix: str) -> RuleDoc:
    return RuleDoc(title=title, why=_BROKEN, fix=fix, precision="very-high")


RULES = {
    f"dependencies/{rule}": doc
    for rule, doc in {
        "not-reproducible": RuleDoc(
            title="Runtime dependencies do not resolve to exact versions",
            why="Two installs a day apart get different versions: a build that worked can "
            "break, or pull a compromised release, with no change in the repository.",
            fix="Commit a lock file (uv.lock, poetry.lock, pylock.toml, pip-compile output).",
        ),
        "stale-lock": RuleDoc(
            title="Lock file out of date",
            why="Declared dependencies missing from the lock are resolved fresh at install "
            "time: the lock no longer reproduces the environment.",
            fix="Regenerate the lock file from the current declarations.",
            precision="very-high",
        ),
        "foreign-lock": RuleDoc(
            title="Lock file of another project",
            why="A lock made for another project reproduces nothing here.",
            fix="Delete the stray lock file or regenerate it from this project's declarations.",
        ),
        "undeclared": RuleDoc(
            title="Third-party imports without declared dependencies",
            why="Installing the project does not install what its code imports.",
            fix="Declare the dependencies in pyproject.toml [project] dependencies.",
        ),
        "no-update-tool": RuleDoc(
            title="No dependency update tool",
            why="Pins and locks age: without Dependabot or Renovate, security fixes arrive "
            "only when someone remembers.",
            fix="Add .github/dependabot.yml (or a Renovate configuration).",
        ),
        "unpinned": RuleDoc(
            title="Application dependency not pinned",
            why="An application installs whatever version is newest on the day it is deployed.",
            fix="Pin it with ==, or install from a lock file.",
        ),
        "exact-pin": RuleDoc(
            title="Library pins an exact version",
            why="A library's == pin forces that version on every user and conflicts with "
            "other packages' needs.",
            fix="Declare a range (>= the version you test with); pin in a lock file instead.",
        ),
        "no-dev-env": RuleDoc(
            title="Development environment not reproducible",
            why="Contributors and CI get different tool versions, so results differ.",
            fix="Pin the development dependencies or lock them (dependency groups, a lock).",
        ),
        "malformed-toml": _broken("TOML file that does not parse", "Fix the TOML syntax."),
        "malformed-config": _broken("setup.cfg that does not parse", "Fix the INI syntax."),
        "malformed-setup-py": _broken("setup.py that does not parse", "Fix the Python syntax."),
        "bad-requirement": _broken(
            "Requirement that is not valid PEP 508", "Fix the requirement string."
        ),
        "wrong-type": _broken("Dependency table of the wrong type", "Fix the value's type."),
        "include-missing": _broken(
            "Requirements include of a missing file", "Fix the `-r`/`-c` path."
        ),
        "include-cycle": _broken("Requirements includes in a cycle", "Break the cycle."),
        "include-outside": _broken(
            "Requirements include outside the repository", "Include files of the repository."
        ),
        "malformed-lock": _broken("Lock file that does not parse", "Regenerate the lock file."),
        "unreadable": _broken("Dependency file that cannot be read", "Make the file readable."),
        "dynamic-setup-py": RuleDoc(
            title="Dependencies computed by setup.py",
            why="They are known only by running setup.py, which pyreadiness never does: "
            "they are not counted.",
            fix="Declare them statically in pyproject.toml [project] dependencies.",
            precision="very-high",
        ),
    }.items()
}
