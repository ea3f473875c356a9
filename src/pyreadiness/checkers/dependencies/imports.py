"""Third-party imports of a project that declares no dependencies at all.

Only used when nothing is declared: then an import that is neither the standard library
nor a module of the repository itself is a dependency nobody wrote down. (Mapping import
names to distribution names, ``yaml`` -> PyYAML, is guesswork, so declared projects are not
cross-checked this way.)
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass

from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pysource import parse_python

PYTHON_KINDS = (FileKind.SOURCE, FileKind.TEST, FileKind.AUX, FileKind.STUB)


@dataclass(frozen=True, kw_only=True)
class ThirdPartyImport:
    module: str  # top-level name
    path: str
    line: int


def python_paths(inv: Inventory) -> tuple[str, ...]:
    return inv.paths(*PYTHON_KINDS)


def third_party_imports(inv: Inventory) -> list[ThirdPartyImport]:
    """First import site of each third-party top-level module in shipped source."""
    local = _local_names(python_paths(inv))
    stdlib = set(sys.stdlib_module_names)
    first: dict[str, ThirdPartyImport] = {}
    for rel in sorted(inv.paths(FileKind.SOURCE)):
        text = inv.read_text(rel)
        if text is None:
            continue
        try:
            tree = parse_python(text, filename=rel)
        except SyntaxError:
            continue  # another checker reports syntax errors
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".", 1)[0]
                if top in stdlib or top in local or top in first:
                    continue
                first[top] = ThirdPartyImport(module=top, path=rel, line=node.lineno)
    return sorted(first.values(), key=lambda i: i.module)


def _local_names(paths: tuple[str, ...]) -> set[str]:
    """Every folder and module name on a Python file's path: generous on purpose, so a
    module of the repository is never taken for a third-party one."""
    names: set[str] = set()
    for rel in paths:
        parts = rel.split("/")
        names.update(parts[:-1])
        names.add(parts[-1].rsplit(".", 1)[0])
    return names
