"""What one Python file says about operations, from one ``ast`` walk (never imported).

Recorded per file: the modules it imports, the names it calls, its ``print()`` calls,
whether it reads the environment, health-check routes, notable module names written in
strings (``INSTALLED_APPS``, ``LOGGING`` formatters), settings-like assignments and
``.run(debug=True)`` calls.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from pyreadiness.discover.pysource import parse_python

#: Route paths that a reviewer reads as a health endpoint (with up to three prefix segments).
HEALTH_PATH = re.compile(
    r"^\^?/?(?:[\w-]{1,40}/){0,3}(?:health|healthz|healthcheck|health[-_]check|readyz|livez|"
    r"readiness|liveness|ready|alive|ping|status)/?\$?$",
    re.IGNORECASE,
)
#: Calls whose string arguments are route paths (decorators and URL confs).
ROUTE_CALLS = frozenset(
    {"get", "head", "route", "api_route", "path", "re_path", "url", "add_url_rule",
     "add_api_route", "add_route", "add_get", "Route", "Rule", "websocket_route"}
)  # fmt: skip
_ENV_CALLS = frozenset(
    {"os.getenv", "getenv", "os.environ.get", "environ.get", "os.environ.setdefault"}
)
_MAX_STRING = 200


@dataclass(frozen=True, kw_only=True)
class Assignment:
    name: str  # the target name, e.g. DEBUG
    line: int
    value: object  # a literal (via ast.literal_eval), or the sentinel NOT_LITERAL
    owner: str = ""  # the class it is assigned in ("" at module level)


NOT_LITERAL = object()


@dataclass(frozen=True, kw_only=True)
class PyFacts:
    path: str
    imports: frozenset[str] = frozenset()
    calls: frozenset[str] = frozenset()
    prints: tuple[int, ...] = ()
    reads_env: bool = False
    health_routes: tuple[int, ...] = ()
    strings: frozenset[str] = frozenset()  # string constants naming a known module
    assignments: tuple[Assignment, ...] = ()
    debug_runs: tuple[int, ...] = ()
    loguru_serialize: bool = False
    parsed: bool = True


def dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def file_facts(path: str, source: str | None, known_modules: frozenset[str]) -> PyFacts:
    if source is None:
        return PyFacts(path=path, parsed=False)
    try:
        tree = parse_python(source, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return PyFacts(path=path, parsed=False)
    imports: set[str] = set()
    calls: set[str] = set()
    prints: list[int] = []
    health: list[int] = []
    strings: set[str] = set()
    debug_runs: list[int] = []
    reads_env = False
    serialize = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imports.add(node.module)
            imports.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call):
            name = dotted(node.func)
            calls.add(name)
            tail = name.rsplit(".", 1)[-1]
            if name == "print":
                prints.append(node.lineno)
            if name in _ENV_CALLS:
                reads_env = True
            if tail in ROUTE_CALLS and _health_arg(node):
                health.append(node.lineno)
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            if tail == "run" and _is_true(keywords.get("debug")):
                debug_runs.append(node.lineno)
            if tail == "add" and _is_true(keywords.get("serialize")):
                serialize = True
        elif isinstance(node, ast.Attribute) and dotted(node) == "os.environ":
            reads_env = True
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if len(text) <= _MAX_STRING and text.split(".", 1)[0] in known_modules:
                strings.add(text)
    return PyFacts(
        path=path,
        imports=frozenset(imports),
        calls=frozenset(calls),
        prints=tuple(sorted(prints)),
        reads_env=reads_env,
        health_routes=tuple(sorted(health)),
        strings=frozenset(strings),
        assignments=tuple(_assignments(tree)),
        debug_runs=tuple(sorted(debug_runs)),
        loguru_serialize=serialize,
    )


def _health_arg(call: ast.Call) -> bool:
    return any(
        isinstance(arg, ast.Constant)
        and isinstance(arg.value, str)
        and HEALTH_PATH.match(arg.value)
        for arg in call.args[:2]
    )


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _assignments(tree: ast.Module) -> list[Assignment]:
    """UPPER_CASE assignments at module level and in class bodies (Flask config classes)."""
    found: list[Assignment] = []
    scopes: list[tuple[str, list[ast.stmt]]] = [("", tree.body)]
    scopes += [(n.name, n.body) for n in tree.body if isinstance(n, ast.ClassDef)]
    for owner, body in scopes:
        for stmt in body:
            targets: list[ast.expr] = []
            if isinstance(stmt, ast.Assign):
                targets, value = stmt.targets, stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                targets, value = [stmt.target], stmt.value
            for target in targets:
                if isinstance(target, ast.Name) and target.id.isupper():
                    found.append(
                        Assignment(
                            name=target.id, line=stmt.lineno, value=_literal(value), owner=owner
                        )
                    )
    return found


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return NOT_LITERAL
