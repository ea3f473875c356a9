"""What one Python file says about operations, from one ``ast`` walk (never imported).

Recorded per file, compactly (it is cached by content): the imports and calls that count as
evidence (``evidence.py``), its ``print()`` calls (a line with ``# noqa`` or
``# noqa: T201`` is a reviewed decision and not counted, as ruff would), whether it reads
the environment, health-check routes, notable module names written in strings
(``INSTALLED_APPS``, ``LOGGING`` formatters), ``.run(debug=True)`` calls and the findings
of a production settings module (``settings.py``), and where its ``async def`` functions
begin and end (async hygiene attributes ruff's blocking-call findings to them).
"""

from __future__ import annotations

import ast
import re
from dataclasses import asdict, dataclass
from typing import Any

from pyreadiness.checkers.operability import evidence as ev
from pyreadiness.checkers.operability.settings import Assignment, literal, settings_findings
from pyreadiness.discover.pysource import parse_python

#: Bump when what is recorded changes: cached facts are then recomputed.
FACTS_VERSION = "2"  # 2: async function spans
#: Route paths that a reviewer reads as a health endpoint (with up to three prefix segments).
HEALTH_PATH = re.compile(
    r"^\^?/?(?:[\w-]{1,40}/){0,3}(?:health|healthz|healthcheck|health[-_]check|readyz|livez|"
    r"readiness|liveness|ready|alive|ping|status)/?\$?$",
    re.IGNORECASE,
)
_ENV_CALLS = frozenset(
    {"os.getenv", "getenv", "os.environ.get", "environ.get", "os.environ.setdefault"}
)
_NOQA_PRINT = re.compile(r"#\s*noqa(?!:)|#\s*noqa:[^#\n]*\bT20[1-3]?\b", re.IGNORECASE)
_MAX_STRING = 200


@dataclass(frozen=True, kw_only=True)
class PyFacts:
    path: str
    imports: tuple[str, ...] = ()  # only those naming an evidence module
    calls: tuple[str, ...] = ()  # only those that are evidence
    prints: tuple[int, ...] = ()
    reads_env: bool = False
    health_routes: tuple[int, ...] = ()
    strings: tuple[str, ...] = ()  # string constants naming an evidence module
    config: tuple[tuple[str, int, str], ...] = ()  # (rule id, line, detail) in settings
    debug_runs: tuple[int, ...] = ()
    loguru_serialize: bool = False
    async_defs: tuple[tuple[int, int], ...] = ()  # (first, last) line of each async def
    parsed: bool = True

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["path"]
        return data

    @classmethod
    def from_json(cls, path: str, data: Any) -> PyFacts | None:
        """The cached facts, re-labelled with this path; None if the entry is not ours."""
        try:
            return cls(
                path=path,
                imports=tuple(map(str, data["imports"])),
                calls=tuple(map(str, data["calls"])),
                prints=tuple(map(int, data["prints"])),
                reads_env=bool(data["reads_env"]),
                health_routes=tuple(map(int, data["health_routes"])),
                strings=tuple(map(str, data["strings"])),
                config=tuple((str(r), int(n), str(d)) for r, n, d in data["config"]),
                debug_runs=tuple(map(int, data["debug_runs"])),
                loguru_serialize=bool(data["loguru_serialize"]),
                async_defs=tuple((int(a), int(b)) for a, b in data["async_defs"]),
                parsed=bool(data["parsed"]),
            )
        except (KeyError, TypeError, ValueError):
            return None


def dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def file_facts(path: str, source: str | None) -> PyFacts:
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
    async_defs: list[tuple[int, int]] = []
    reads_env = False
    serialize = False
    for node in ast.walk(tree):
        if isinstance(node, ast.AsyncFunctionDef):
            async_defs.append((node.lineno, node.end_lineno or node.lineno))
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
            if _health_arg(node):
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
            if len(text) <= _MAX_STRING and text.split(".", 1)[0] in ev.KNOWN_MODULES:
                strings.add(text)
    lines = source.splitlines()
    config = settings_findings(path, _assignments(tree))
    return PyFacts(
        path=path,
        imports=tuple(sorted(i for i in imports if i.split(".", 1)[0] in ev.IMPORT_TOPS)),
        calls=tuple(sorted(c for c in calls if ev.is_evidence_call(c))),
        prints=tuple(sorted(n for n in prints if not _noqa(lines, n))),
        reads_env=reads_env,
        health_routes=tuple(sorted(health)),
        strings=tuple(sorted(strings)),
        config=tuple((f.rule, f.line or 0, f.message) for f in config),
        debug_runs=tuple(sorted(debug_runs)),
        loguru_serialize=serialize,
        async_defs=tuple(sorted(async_defs)),
    )


def _noqa(lines: list[str], line: int) -> bool:
    return 1 <= line <= len(lines) and bool(_NOQA_PRINT.search(lines[line - 1]))


def _health_arg(call: ast.Call) -> bool:
    """A call given a route path (with a slash, or a regex) naming a health endpoint: a
    route decorator, a URL conf entry, a health middleware (``health_check(app, "/health/")``).
    A route begins with a slash (``/healthz``), is a regex (``^ping$``) or, in a Django URL
    conf, ends with one (``healthz/``): ``d.get("status")`` is a dictionary lookup and
    ``urljoin(base, "api/ping")`` a client's URL."""
    for arg in [*call.args[:2], *(k.value for k in call.keywords)]:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            text = arg.value
            routed = text.startswith(("/", "^")) or text.endswith("/")
            if routed and HEALTH_PATH.match(text):
                return True
    return False


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
                            name=target.id, line=stmt.lineno, value=literal(value), owner=owner
                        )
                    )
    return found
