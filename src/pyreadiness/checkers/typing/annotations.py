"""Annotation coverage of one module, read from its syntax tree (nothing is imported).

What counts, and why:

* Every ``def`` and ``async def`` is a function: module functions, methods, and functions
  nested in functions (mypy checks those too). Lambdas cannot be annotated and are left out.
* Slots are the parameters plus the return. The first parameter of a method (``self``,
  ``cls``) is no slot unless the method is a ``@staticmethod``. ``*args`` and ``**kwargs``
  are one slot each.
* ``__init__`` follows mypy: once one of its parameters is annotated, its missing return
  annotation is implied ``None`` and counts as filled.
* Each ``@overload`` variant is a signature callers see, so each counts; the implementation
  that follows its variants does not (callers never see its signature).
* A type comment on a function (``# type: (int) -> str``) fills all its slots, as for mypy.

Results are cached per file content, so a warm run parses only the files that changed.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pysource import parse_python
from pyreadiness.tools.cache import Cache, make_key

#: Bump when the counting rules change, so cached per-file results are not reused.
ANALYSIS_VERSION = "1"
CACHE_NAMESPACE = "typing-ast"
PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


@dataclass(frozen=True, kw_only=True)
class FunctionInfo:
    name: str  # dotted within the module: ``Class.method``, ``outer.inner``
    line: int
    slots: int
    filled: int

    @property
    def complete(self) -> bool:
        return self.filled == self.slots


@dataclass(frozen=True, kw_only=True)
class FileAnnotations:
    path: str
    functions: tuple[FunctionInfo, ...] = ()
    imports: tuple[str, ...] = ()  # top-level names of absolute imports
    error: str | None = None  # why the file could not be parsed; then it is not counted
    error_line: int | None = None
    unreadable: bool = False  # the error is that the file could not even be read


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _defs_in(
    nodes: Sequence[ast.AST],
) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]:
    """Definitions of one scope, in source order, through if/try/with/for/match blocks."""
    for node in nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield node
        else:
            yield from _defs_in(
                [
                    child
                    for child in ast.iter_child_nodes(node)
                    if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case))
                ]
            )


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef, in_class: bool) -> tuple[int, int]:
    """(slots, filled) of one function."""
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    static = any(_decorator_name(d) == "staticmethod" for d in node.decorator_list)
    if in_class and not static and positional:
        positional = positional[1:]  # self / cls
    params = positional + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
    whole = node.type_comment is not None
    filled = sum(1 for p in params if whole or p.annotation is not None or p.type_comment)
    returns = (
        whole or node.returns is not None or (in_class and node.name == "__init__" and filled > 0)
    )
    return len(params) + 1, filled + int(returns)


def _functions(tree: ast.Module) -> list[FunctionInfo]:
    out: list[FunctionInfo] = []

    def visit(body: Sequence[ast.AST], in_class: bool, prefix: str) -> None:
        overloaded: set[str] = set()
        for node in _defs_in(body):
            if isinstance(node, ast.ClassDef):
                visit(node.body, True, f"{prefix}{node.name}.")
                continue
            if any(_decorator_name(d) == "overload" for d in node.decorator_list):
                overloaded.add(node.name)
                count = True
            elif node.name in overloaded:
                overloaded.discard(node.name)  # the implementation behind the variants
                count = False
            else:
                count = True
            if count:
                slots, filled = _signature(node, in_class)
                out.append(
                    FunctionInfo(
                        name=prefix + node.name, line=node.lineno, slots=slots, filled=filled
                    )
                )
            visit(node.body, False, f"{prefix}{node.name}.")

    visit(tree.body, False, "")
    return out


#: The fields of a statement that hold statements (``handlers``/``cases`` hold except
#: clauses and match cases, whose ``body`` does).
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def _imports(tree: ast.Module) -> set[str]:
    """Top-level names of absolute imports, anywhere in the module.

    Imports are statements, so only statements are visited: ``ast.walk`` would also visit
    every expression, ~7 times the nodes.
    """
    names: set[str] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".", 1)[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                names.add(node.module.split(".", 1)[0])
        else:
            for field in _BLOCKS:
                block = getattr(node, field, None)
                if isinstance(block, list):
                    stack.extend(block)
    return names


def parse_module(data: bytes, path: str) -> ast.Module:
    """Parse with the running interpreter's grammar; raises SyntaxError or ValueError."""
    try:
        return parse_python(data, path, type_comments=True)
    except SyntaxError:
        # A misplaced ``# type:`` comment is an error only with type_comments on.
        return parse_python(data, path)


def analyse_bytes(data: bytes, path: str) -> FileAnnotations:
    try:
        tree = parse_module(data, path)
    except SyntaxError as exc:
        return FileAnnotations(path=path, error=exc.msg or "invalid syntax", error_line=exc.lineno)
    except (ValueError, RecursionError, MemoryError) as exc:
        return FileAnnotations(path=path, error=str(exc) or type(exc).__name__)
    return FileAnnotations(
        path=path, functions=tuple(_functions(tree)), imports=tuple(sorted(_imports(tree)))
    )


def _to_json(result: FileAnnotations) -> dict[str, Any]:
    return {
        "functions": [[f.name, f.line, f.slots, f.filled] for f in result.functions],
        "imports": list(result.imports),
        "error": result.error,
        "error_line": result.error_line,
    }


def _from_json(path: str, value: Any) -> FileAnnotations | None:
    try:
        return FileAnnotations(
            path=path,
            functions=tuple(
                FunctionInfo(name=str(n), line=int(ln), slots=int(s), filled=int(f))
                for n, ln, s, f in value["functions"]
            ),
            imports=tuple(str(i) for i in value["imports"]),
            error=value["error"],
            error_line=value["error_line"],
        )
    except (KeyError, TypeError, ValueError):
        return None  # an entry from another layout: parse again


def analyse_files(
    inventory: Inventory, cache: Cache, rels: Sequence[str]
) -> tuple[FileAnnotations, ...]:
    """Each file's coverage, in order, from the per-content cache where this content was
    seen before (one query for all; digests come from the digest store, unread)."""
    keys = inventory.content_keys(
        rels, lambda _, digest: make_key(ANALYSIS_VERSION, PYTHON_VERSION, digest)
    )
    stored = cache.get_each(CACHE_NAMESPACE, keys)
    out = []
    for rel in rels:
        cached = _from_json(rel, stored[rel]) if rel in stored else None
        if cached is None:
            cached = _analyse_uncached(inventory, cache, rel, keys.get(rel))
        out.append(cached)
    return tuple(out)


def _analyse_uncached(
    inventory: Inventory, cache: Cache, rel: str, key: str | None
) -> FileAnnotations:
    data = inventory.read_bytes(rel)
    if data is None:
        return FileAnnotations(
            path=rel, error="not readable (missing, unreadable or too large)", unreadable=True
        )
    result = analyse_bytes(data, rel)
    if key is not None:
        cache.put(CACHE_NAMESPACE, key, _to_json(result))
    return result
