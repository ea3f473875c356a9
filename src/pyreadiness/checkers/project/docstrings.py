"""Docstring coverage of the public API of shipped modules, as interrogate counts it, from
our own syntax-tree pass (nothing is imported).

What counts: each shipped module but ``__main__.py`` (private modules too: libraries such as
httpx keep their public API in ``_client.py`` and re-export it), its public classes and
functions, and the public methods of public classes.
Left out: names starting with ``_`` (private and dunder, ``__init__`` included), functions
nested in functions, ``@overload`` variants, and ``@x.setter`` / ``@x.deleter`` (the
property's getter carries the docstring). Results are cached per file content, so a warm run
parses nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pysource import parse_python
from pyreadiness.tools.cache import Cache, make_key

ANALYSIS_VERSION = "1"
CACHE_NAMESPACE = "project-docstrings"
#: Undocumented names kept per file, for the report.
KEEP_NAMES = 5


@dataclass(frozen=True, kw_only=True)
class FileDocs:
    path: str
    documented: int
    total: int
    missing: tuple[str, ...] = ()  # the first undocumented names
    error: bool = False  # unparseable or unreadable: not counted


def is_counted_module(rel: str) -> bool:
    return rel.rsplit("/", 1)[-1] != "__main__.py"


def _decorators(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> list[str]:
    names = []
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Attribute):
            names.append(target.attr)
        elif isinstance(target, ast.Name):
            names.append(target.id)
    return names


def _counted(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    if node.name.startswith("_"):
        return False
    decos = _decorators(node)
    return not any(d in ("overload", "setter", "deleter") for d in decos)


def analyse(tree: ast.Module, path: str) -> FileDocs:
    documented, total = int(ast.get_docstring(tree) is not None), 1
    missing = [] if documented else ["(module)"]
    stack: list[tuple[str, Sequence[ast.stmt]]] = [("", tree.body)]
    while stack:
        prefix, body = stack.pop()
        for node in body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            if not _counted(node):
                continue
            total += 1
            if ast.get_docstring(node) is not None:
                documented += 1
            elif len(missing) < KEEP_NAMES:
                missing.append(prefix + node.name)
            if isinstance(node, ast.ClassDef):
                stack.append((f"{prefix}{node.name}.", node.body))
    return FileDocs(path=path, documented=documented, total=total, missing=tuple(missing))


def _analyse_bytes(data: bytes, path: str) -> FileDocs:
    try:
        tree = parse_python(data, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return FileDocs(path=path, documented=0, total=0, error=True)
    return analyse(tree, path)


def _to_json(docs: FileDocs) -> dict[str, Any]:
    return {"d": docs.documented, "t": docs.total, "m": list(docs.missing), "e": docs.error}


def _from_json(path: str, value: Any) -> FileDocs | None:
    try:
        return FileDocs(
            path=path,
            documented=int(value["d"]),
            total=int(value["t"]),
            missing=tuple(str(m) for m in value["m"]),
            error=bool(value["e"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def docstring_coverage(inv: Inventory, cache: Cache, rels: Sequence[str]) -> tuple[FileDocs, ...]:
    keys = inv.content_keys(rels, lambda _, digest: make_key(ANALYSIS_VERSION, digest))
    stored = cache.get_each(CACHE_NAMESPACE, keys)
    out = []
    for rel in rels:
        docs = _from_json(rel, stored[rel]) if rel in stored else None
        if docs is None:
            data = inv.read_bytes(rel)
            if data is None:
                docs = FileDocs(path=rel, documented=0, total=0, error=True)
            else:
                docs = _analyse_bytes(data, rel)
                if rel in keys:
                    cache.put(CACHE_NAMESPACE, keys[rel], _to_json(docs))
        out.append(docs)
    return tuple(out)
