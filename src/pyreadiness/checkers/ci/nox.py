"""Read a noxfile with ``ast`` -- never import it -- to find what its sessions run.

A session is a function decorated with ``@nox.session`` (or any decorator named
``session``); what it runs is its ``session.run("pytest", ...)`` calls with literal
arguments. ``nox.options.sessions`` gives the default selection.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pyreadiness.discover.pysource import parse_python

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_UNKNOWN = "{?}"


@dataclass(frozen=True, kw_only=True)
class NoxCommand:
    path: str
    line: int
    argv: tuple[str, ...]


@dataclass
class _Session:
    name: str
    default: bool = True
    tags: set[str] = field(default_factory=set)
    commands: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)


def _decorator_session(node: ast.expr) -> ast.Call | ast.expr | None:
    target = node.func if isinstance(node, ast.Call) else node
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return node if name == "session" else None


def _literal_strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Starred):
        inner = node.value
        if isinstance(inner, ast.List | ast.Tuple):
            out: list[str] = []
            for element in inner.elts:
                words = _literal_strings(element)
                out.extend(words if words is not None else [_UNKNOWN])
            return out
        if (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr == "split"
            and isinstance(inner.func.value, ast.Constant)
            and isinstance(inner.func.value.value, str)
        ):
            return inner.func.value.value.split()
    return None


def _run_argv(call: ast.Call, param: str) -> tuple[str, ...] | None:
    func = call.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr == "run"
        and isinstance(func.value, ast.Name)
        and func.value.id == param
    ):
        return None
    argv: list[str] = []
    for arg in call.args:
        words = _literal_strings(arg)
        if words is None and not argv:
            return None  # the program itself is computed: nothing to classify
        argv.extend(words if words is not None else [_UNKNOWN])
    return tuple(argv) if argv else None


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` bindings: session names and tags often use them."""
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if (
            isinstance(target, ast.Name)
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            out[target.id] = value.value
    return out


def _text(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _session_of(
    func: ast.FunctionDef | ast.AsyncFunctionDef, constants: dict[str, str]
) -> _Session | None:
    for decorator in func.decorator_list:
        found = _decorator_session(decorator)
        if found is None:
            continue
        session = _Session(name=func.name)
        if isinstance(found, ast.Call):
            for keyword in found.keywords:
                value = keyword.value
                if keyword.arg == "name" and _text(value, constants) is not None:
                    session.name = str(_text(value, constants))
                elif keyword.arg == "default" and isinstance(value, ast.Constant):
                    session.default = bool(value.value)
                elif keyword.arg == "tags" and isinstance(value, ast.List | ast.Tuple):
                    tags = (_text(e, constants) for e in value.elts)
                    session.tags = {t for t in tags if t is not None}
        param = func.args.args[0].arg if func.args.args else "session"
        for node in ast.walk(func):
            if isinstance(node, ast.Call):
                argv = _run_argv(node, param)
                if argv is not None:
                    session.commands.append((node.lineno, argv))
        return session
    return None


def _default_sessions(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if (
            isinstance(target, ast.Attribute)
            and target.attr == "sessions"
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return [str(e.value) for e in node.value.elts if isinstance(e, ast.Constant)]
    return None


def _matches(session: str, wanted: str) -> bool:
    """``tests`` selects ``tests``, ``tests-3.12`` and ``tests(django='5')``."""
    return session == wanted or re.sub(r"(-[0-9][0-9.]*|\(.*\))$", "", wanted) == session


def nox_commands(
    inventory: Inventory, names: tuple[str, ...], options: tuple[str, ...], override: str | None
) -> list[NoxCommand] | None:
    path = override or "noxfile.py"
    text = inventory.read_text(path) if inventory.has(path) else None
    if text is None:
        return None
    try:
        tree = parse_python(text, filename=path)
    except (SyntaxError, ValueError, RecursionError):
        return None
    constants = _constants(tree)
    sessions = [
        s
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        if (s := _session_of(node, constants)) is not None
    ]
    tags = {o.split("=", 1)[1] for o in options if o.startswith("tag=")}
    if names:
        chosen = [s for s in sessions if any(_matches(s.name, n) for n in names)]
    elif tags:
        chosen = [s for s in sessions if s.tags & tags]
    elif "all" in options:
        chosen = sessions
    else:
        defaults = _default_sessions(tree)
        chosen = (
            [s for s in sessions if any(_matches(s.name, n) for n in defaults)]
            if defaults is not None
            else [s for s in sessions if s.default]
        )
    return [
        NoxCommand(path=path, line=line, argv=argv) for s in chosen for line, argv in s.commands
    ]
