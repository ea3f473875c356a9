"""setuptools metadata: ``setup.cfg`` and ``setup.py``, read statically.

``setup.py`` is parsed with :mod:`ast`, never executed: we read the keyword arguments of
its ``setup(...)`` call when they are literals, or names bound once at module level to
literals. Anything computed (a function call, a file read) is reported as unreadable.
"""

from __future__ import annotations

import ast
import configparser
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from packaging.utils import canonicalize_name

from pyreadiness.discover.dependencies.model import Declared, DependencyKind, Problem
from pyreadiness.discover.dependencies.pep508 import parse_requirement
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pysource import parse_python

Item = Declared | Problem


@dataclass(kw_only=True)
class SetupResult:
    items: list[Item] = field(default_factory=list)
    name: str | None = None
    metadata_file: str | None = None
    files: list[str] = field(default_factory=list)


def read_setup_cfg(inv: Inventory, rel: str = "setup.cfg") -> SetupResult:
    result = SetupResult()
    text = inv.read_text(rel) if inv.has(rel) else None
    if text is None:
        return result
    result.files.append(rel)
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=rel)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        result.items.append(
            Problem(
                rule="malformed-config",
                path=rel,
                line=line if isinstance(line, int) else None,
                message=f"{rel} cannot be parsed: {str(exc).splitlines()[0]}",
            )
        )
        return result
    lines = text.splitlines()
    if parser.has_option("metadata", "name"):
        result.name = canonicalize_name(parser.get("metadata", "name").strip())
        result.metadata_file = rel
    sections: list[tuple[str, str, str, DependencyKind]] = []
    if parser.has_option("options", "install_requires"):
        sections.append(("options", "install_requires", "main", DependencyKind.RUNTIME))
    if parser.has_section("options.extras_require"):
        for extra in sorted(parser.options("options.extras_require")):
            sections.append(("options.extras_require", extra, extra, DependencyKind.OPTIONAL))
    for section, option, group, kind in sections:
        start = _section_line(lines, section)
        for entry in _cfg_list(parser.get(section, option)):
            if entry.startswith("file:"):
                continue  # the named file is a requirements file, read as such
            result.items.append(
                parse_requirement(
                    entry,
                    source_file=rel,
                    line=_line_after(lines, entry, start),
                    group=group,
                    kind=kind,
                    format="setup.cfg",
                )
            )
    return result


def _cfg_list(value: str) -> list[str]:
    out = []
    for raw in value.splitlines():
        entry = raw.split(" #", 1)[0].strip()
        if entry and not entry.startswith("#"):
            out.append(entry)
    return out


def _section_line(lines: list[str], section: str) -> int:
    for number, raw in enumerate(lines, start=1):
        if raw.strip() == f"[{section}]":
            return number
    return 1


def _line_after(lines: list[str], needle: str, start: int) -> int | None:
    for number in range(start, len(lines) + 1):
        if needle in lines[number - 1]:
            return number
    return None


def read_setup_py(inv: Inventory, rel: str = "setup.py") -> SetupResult:
    result = SetupResult()
    text = inv.read_text(rel) if inv.has(rel) else None
    if text is None:
        return result
    result.files.append(rel)
    try:
        tree = parse_python(text, filename=rel)
    except SyntaxError as exc:
        result.items.append(
            Problem(
                rule="malformed-setup-py",
                path=rel,
                line=exc.lineno,
                message=f"{rel} is not valid Python: {exc.msg}",
            )
        )
        return result
    call = _setup_call(tree)
    if call is None:
        return result
    result.metadata_file = rel
    bindings = _module_bindings(tree)
    for kw in call.keywords:
        if kw.arg == "name":
            name = _resolve(kw.value, bindings)
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                result.name = canonicalize_name(name.value)
        elif kw.arg == "install_requires":
            result.items.extend(_reqs(kw.value, bindings, rel, "main", DependencyKind.RUNTIME))
        elif kw.arg == "extras_require":
            node = _resolve(kw.value, bindings)
            if not isinstance(node, ast.Dict):
                result.items.append(_dynamic(rel, kw.value, "extras_require"))
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    result.items.extend(
                        _reqs(value, bindings, rel, key.value, DependencyKind.OPTIONAL)
                    )
                else:
                    result.items.append(_dynamic(rel, node, "extras_require"))
    return result


def _setup_call(tree: ast.Module) -> ast.Call | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == "setup":
                return node
    return None


def _module_bindings(tree: ast.Module) -> dict[str, ast.expr | None]:
    """Module-level ``NAME = <expr>``; a name bound more than once maps to None."""
    out: dict[str, ast.expr | None] = {}
    for stmt in tree.body:
        targets: list[Any] = []
        value: ast.expr | None = None
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        for target in targets:
            if isinstance(target, ast.Name):
                out[target.id] = None if target.id in out else value
    return out


def _resolve(node: ast.expr, bindings: dict[str, ast.expr | None]) -> ast.expr | None:
    seen = 0
    while isinstance(node, ast.Name) and seen < 10:
        bound = bindings.get(node.id)
        if bound is None:
            return None
        node = bound
        seen += 1
    return node


def _reqs(
    node: ast.expr,
    bindings: dict[str, ast.expr | None],
    rel: str,
    group: str,
    kind: DependencyKind,
) -> Iterator[Item]:
    resolved = _resolve(node, bindings)
    if isinstance(resolved, ast.Constant) and isinstance(resolved.value, str):
        elements: list[ast.expr] = [resolved]  # one requirement per line of a string
    elif isinstance(resolved, ast.List | ast.Tuple):
        elements = list(resolved.elts)
    else:
        yield _dynamic(rel, node, group if group != "main" else "install_requires")
        return
    for element in elements:
        if not (isinstance(element, ast.Constant) and isinstance(element.value, str)):
            yield _dynamic(rel, element, group if group != "main" else "install_requires")
            continue
        for offset, raw in enumerate(element.value.splitlines() or [""]):
            entry = raw.split("#", 1)[0].strip()
            if entry:
                yield parse_requirement(
                    entry,
                    source_file=rel,
                    line=element.lineno + offset,
                    group=group,
                    kind=kind,
                    format="setup.py",
                )


def _dynamic(rel: str, node: ast.AST, what: str) -> Problem:
    return Problem(
        rule="dynamic-setup-py",
        path=rel,
        line=getattr(node, "lineno", None),
        message=f"{what} in {rel} is computed at run time; it cannot be read without "
        "executing setup.py, which pyreadiness never does",
    )
