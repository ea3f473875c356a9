"""Follow a command one level down into the repository file that defines its work.

``make test`` -> the Makefile's recipe, ``tox -e lint`` -> the env's commands,
``nox -s typing`` -> the session's ``session.run`` calls, ``pre-commit run`` -> the
configured hooks, ``hatch run lint:check`` -> the hatch script, ``./scripts/check.sh`` ->
the script's commands. What those files call is classified but not followed again: a
nested runner only counts by the name of its target.
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci import makefile, nox, precommit, tox
from pyreadiness.checkers.ci.attribution import script_applies
from pyreadiness.checkers.ci.model import Category
from pyreadiness.checkers.ci.shell import script_commands, tokens
from pyreadiness.checkers.ci.tasks import categories_of
from pyreadiness.discover.pysource import parse_python

if TYPE_CHECKING:
    from pyreadiness.checkers.ci.runners import Follow
    from pyreadiness.discover.inventory import Inventory

TESTS = Category.TESTS
_RUN_FUNCTIONS = frozenset({"run", "call", "check_call", "check_output", "Popen", "system"})


@dataclass(frozen=True, kw_only=True)
class Found:
    """A command inside a followed file that runs a kind of check."""

    categories: frozenset[Category]
    text: str
    path: str
    line: int | None
    no_fail: str = ""


def repo_path(path: str, base: str = "") -> str | None:
    """A repository-relative path for a path written in a CI file, or None if it leaves it."""
    if path.startswith("/"):
        path, base = path.lstrip("/"), ""
    normal = posixpath.normpath(posixpath.join(base, path))
    if normal.startswith("..") or normal == ".":
        return None
    return normal


def _line_of(inventory: Inventory, path: str, *needles: str) -> int | None:
    """The first line holding the first needle found (the whole command, then its head)."""
    lines = (inventory.read_text(path) or "").splitlines()
    for needle in needles:
        for number, line in enumerate(lines, 1):
            if needle and needle in line:
                return number
    return None


def follow(inventory: Inventory, target: Follow) -> list[Found] | None:
    """What the followed file runs; None when there is nothing readable to follow."""
    kind = target.kind
    if kind == "make":
        return _make(inventory, target)
    if kind == "tox":
        commands = tox.tox_commands(inventory, target.names, target.options, target.path)
        if commands is None:
            return None
        return [
            Found(
                categories=categories_of(tokens(c.text)),
                text=c.text,
                path=c.path,
                line=_line_of(inventory, c.path, c.raw, c.text, c.text.split(" ", 1)[0]),
                no_fail="`-` prefix: tox ignores its exit code" if c.ignore_errors else "",
            )
            for c in commands
        ]
    if kind == "nox":
        calls = nox.nox_commands(inventory, target.names, target.options, target.path)
        if calls is None:
            return None
        return [
            Found(categories=categories_of(c.argv), text=" ".join(c.argv), path=c.path, line=c.line)
            for c in calls
        ]
    if kind == "pre-commit":
        found = precommit.hooks(inventory, target.names, target.options, target.path)
        if found is None:
            return None
        return [
            Found(categories=h.categories, text=f"hook {h.id}", path=h.path, line=h.line)
            for h in found
        ]
    if kind == "hatch":
        return _hatch(inventory, target)
    if kind == "script":
        return _script(inventory, target)
    return None  # task runners whose configuration we do not read: judged by name


def _make(inventory: Inventory, target: Follow) -> list[Found] | None:
    candidates = [target.path] if target.path else ["GNUmakefile", "makefile", "Makefile"]
    path = next((p for p in candidates if inventory.has(p)), None)
    text = inventory.read_text(path) if path else None
    if path is None or text is None:
        return None
    lines = makefile.recipe_lines(makefile.parse_makefile(text), target.names)
    if lines is None:
        return None
    out: list[Found] = []
    # In a monorepo, `cd other-project && pytest` in a recipe runs for that project only;
    # a shared (root) Makefile's paths start at the repository root, a project's own at it.
    scope = inventory.scope
    cwd = "." if scope is None or path in inventory.origins else scope.path
    for recipe in lines:
        if not script_applies(recipe.text, scope, cwd):
            continue
        ignored = "`-` prefix: make ignores its failure" if recipe.ignore_errors else ""
        # Each recipe line runs in its own `sh -c` without -e; make checks its status.
        for command in script_commands(
            recipe.text, line=recipe.line, errexit=False, pipefail=False, no_fail=ignored
        ):
            out.append(
                Found(
                    categories=categories_of(command.argv),
                    text=command.text,
                    path=path,
                    line=command.line,
                    no_fail=command.no_fail,
                )
            )
    return out


def _hatch(inventory: Inventory, target: Follow) -> list[Found] | None:
    env = next((o.split("=", 1)[1] for o in target.options if o.startswith("env=")), "default")
    name = target.names[0] if target.names else ""
    for path, prefix in (("hatch.toml", ("envs",)), ("pyproject.toml", ("tool", "hatch", "envs"))):
        doc = inventory.toml(path)
        table: Any = doc.data if doc is not None and doc.data is not None else {}
        for key in (*prefix, env, "scripts"):
            table = table.get(key, {}) if isinstance(table, dict) else {}
        script = table.get(name) if isinstance(table, dict) else None
        lines = [script] if isinstance(script, str) else script
        if isinstance(lines, list):
            return [
                Found(
                    categories=categories_of(tokens(line)),
                    text=line,
                    path=path,
                    line=_line_of(inventory, path, line),
                )
                for line in lines
                if isinstance(line, str)
            ]
    # Not a script: `hatch run pytest` runs the command itself in the env.
    return [
        Found(
            categories=categories_of(list(target.names)),
            text=" ".join(target.names),
            path="",
            line=None,
        )
    ]


def _script(inventory: Inventory, target: Follow) -> list[Found] | None:
    path = repo_path(target.path or "")
    if path is None or not inventory.has(path):
        return None
    text = inventory.read_text(path)
    if text is None:
        return None
    if path.endswith(".py"):
        found = _python_script(path, text)
        if found is not None and TESTS in target.guess:
            # `python test_api.py`, `python runtests.py`: the file is the test suite.
            found = [Found(categories=target.guess, text=path, path=path, line=None), *found]
        return found
    first = text.splitlines()[0] if text else ""
    errexit = first.startswith("#!") and any(
        w.startswith("-") and "e" in w for w in first.split()[1:]
    )
    return [
        Found(
            categories=categories_of(c.argv), text=c.text, path=path, line=c.line, no_fail=c.no_fail
        )
        for c in script_commands(text, line=1, errexit=errexit, pipefail=False)
    ]


def _call_argv(call: ast.Call, lists: dict[str, ast.expr]) -> list[str] | None:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in _RUN_FUNCTIONS or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Name):  # args = [sys.executable, "-m", "pytest"]; run(args)
        first = lists.get(first.id, first)
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return tokens(first.value)
    if not isinstance(first, ast.List | ast.Tuple):
        return None
    argv: list[str] = []
    for index, element in enumerate(first.elts):
        if isinstance(element, ast.Constant) and isinstance(element.value, str):
            argv.append(element.value)
        elif index == 0 and ast.unparse(element) == "sys.executable":
            argv.append("python")
        elif index == 0:
            return None
        else:
            argv.append("{?}")
    return argv


def _python_script(path: str, text: str) -> list[Found] | None:
    try:
        tree = parse_python(text, filename=path)
    except (SyntaxError, ValueError, RecursionError):
        return None
    lists: dict[str, ast.expr] = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            lists.setdefault(node.targets[0].id, node.value)
    out: list[Found] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            argv = _call_argv(node, lists)
            if argv:
                out.append(
                    Found(
                        categories=categories_of(argv),
                        text=" ".join(argv),
                        path=path,
                        line=node.lineno,
                    )
                )
    return sorted(out, key=lambda f: f.line or 0)
