"""Does a task runner of the repository run the tests? (tox, nox, hatch, make)

Used by the tests checker to credit a declared way of running the suite that is not a
pytest configuration: a tox env, a nox session, a hatch script or a Makefile target whose
commands run tests (``pytest``, ``python -m unittest``, ``python test_x.py``...). Files are
read statically, as everywhere in the CI checker; nothing is run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci import makefile, nox, tox
from pyreadiness.checkers.ci.commands import classify
from pyreadiness.checkers.ci.model import Category
from pyreadiness.checkers.ci.shell import script_commands, tokens

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pyreadiness.discover.inventory import Inventory

_MAKEFILES = ("GNUmakefile", "makefile", "Makefile")


def categories_of(argv: tuple[str, ...] | list[str]) -> frozenset[Category]:
    """What a command runs, a runner judged by its target's name. (Not ``follow``'s twin
    import: that module reads pre-commit's YAML, which the tests checker never needs.)"""
    classified = classify(argv)
    guess = classified.follow.guess if classified.follow is not None else frozenset()
    return classified.categories | guess


def _runs_tests(text: str) -> bool:
    for command in script_commands(text, line=None, errexit=False, pipefail=False):
        if Category.TESTS in categories_of(command.argv):
            return True
    return False


def _hatch_scripts(inventory: Inventory) -> Iterator[tuple[str, str]]:
    for path, prefix in (("hatch.toml", ("envs",)), ("pyproject.toml", ("tool", "hatch", "envs"))):
        doc = inventory.toml(path)
        table: Any = doc.data if doc is not None and doc.data is not None else {}
        for key in prefix:
            table = table.get(key, {}) if isinstance(table, dict) else {}
        for env in table.values() if isinstance(table, dict) else ():
            scripts = env.get("scripts") if isinstance(env, dict) else None
            for value in scripts.values() if isinstance(scripts, dict) else ():
                for line in [value] if isinstance(value, str) else value or ():
                    if isinstance(line, str):
                        yield path, line


def suite_runner(inventory: Inventory) -> str | None:
    """The first file (tox, nox, hatch, Makefile) that defines a task running the tests."""
    # Every named env, then the default run (a bare [testenv] names no env).
    for options in (("all",), ()):
        for command in tox.tox_commands(inventory, (), options, None) or ():
            if Category.TESTS in categories_of(tokens(command.text)):
                return command.path
    for call in nox.nox_commands(inventory, (), ("all",), None) or ():
        if Category.TESTS in categories_of(call.argv):
            return call.path
    for path, line in _hatch_scripts(inventory):
        if _runs_tests(line):
            return path
    for path in _MAKEFILES:
        text = inventory.read_text(path) if inventory.has(path) else None
        if text is None:
            continue
        parsed = makefile.parse_makefile(text)
        targets = tuple(sorted(parsed.rules))
        for recipe in makefile.recipe_lines(parsed, targets) or ():
            if _runs_tests(recipe.text):
                return path
    return None
