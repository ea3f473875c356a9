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

from packaging.utils import canonicalize_name

from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pysource import parse_python

PYTHON_KINDS = (FileKind.SOURCE, FileKind.TEST, FileKind.AUX, FileKind.STUB)
#: Standard library modules of other Pythons than the one we run on, so the answer does not
#: depend on it: added in 3.14 (``annotationlib``, ``compression``), and removed in 3.12 and
#: 3.13 (PEP 594, PEP 632) from code still running on older versions.
OTHER_PYTHONS_STDLIB = frozenset(
    {
        "annotationlib",
        "compression",
        "asynchat",
        "asyncore",
        "audioop",
        "cgi",
        "cgitb",
        "chunk",
        "crypt",
        "distutils",
        "imghdr",
        "imp",
        "lib2to3",
        "mailcap",
        "msilib",
        "nis",
        "nntplib",
        "ossaudiodev",
        "pipes",
        "smtpd",
        "sndhdr",
        "spwd",
        "sunau",
        "telnetlib",
        "uu",
        "xdrlib",
    }
)
#: A folder holding one of these is a project of its own (a workspace member): its imports
#: are declared, or not, in its own metadata.
PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


@dataclass(frozen=True, kw_only=True)
class ThirdPartyImport:
    module: str  # top-level name
    path: str
    line: int


def python_paths(inv: Inventory) -> tuple[str, ...]:
    return inv.paths(*PYTHON_KINDS)


def member_projects(inv: Inventory) -> tuple[str, ...]:
    """Folders below the root that are projects of their own (``libs/core`` with its
    ``pyproject.toml``): a workspace's or a monorepo's members, sorted."""
    return tuple(
        sorted(
            {
                f.path.rsplit("/", 1)[0]
                for f in inv.files
                if "/" in f.path and f.path.rsplit("/", 1)[1] in PROJECT_FILES
            }
        )
    )


def code_in_members(inv: Inventory) -> tuple[str, ...]:
    """The member projects holding the shipped source, when all of it lives in them (the
    root has no code of its own: its dependencies are the members'), else ()."""
    members = member_projects(inv)
    prefixes = tuple(f"{m}/" for m in members)
    sources = inv.paths(FileKind.SOURCE)
    if not members or any(not rel.startswith(prefixes) for rel in sources):
        return ()
    return tuple(m for m in members if any(rel.startswith(f"{m}/") for rel in sources))


def third_party_imports(
    inv: Inventory, optional: frozenset[str] = frozenset()
) -> list[ThirdPartyImport]:
    """First import site of each third-party top-level module in shipped source.

    Not counted: imports guarded by ``try: ... except ImportError`` or ``if TYPE_CHECKING:``
    (the code runs without them), modules named like a declared extra (``optional``,
    canonical names), standard library modules of any Python 3.10 to 3.14, files of a
    folder that is a project of its own (a workspace member with its own metadata), and
    files in hidden folders (``.github/scripts``: maintainers' tools, never shipped).
    """
    local = _local_names(python_paths(inv))
    stdlib = set(sys.stdlib_module_names) | OTHER_PYTHONS_STDLIB
    members = tuple(f"{folder}/" for folder in member_projects(inv))
    first: dict[str, ThirdPartyImport] = {}
    for rel in sorted(inv.paths(FileKind.SOURCE)):
        if rel.startswith(members):
            continue  # a workspace member's own business
        if any(part.startswith(".") for part in rel.split("/")[:-1]):
            continue  # .github/scripts, .claude/...: maintainers' tools, never shipped
        text = inv.read_text(rel)
        if text is None:
            continue
        try:
            tree = parse_python(text, filename=rel)
        except (SyntaxError, ValueError, RecursionError):
            continue  # another checker reports syntax errors
        for node in _required_imports(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".", 1)[0]
                if top in stdlib or top in local or top in first:
                    continue
                if canonicalize_name(top) in optional:
                    continue
                first[top] = ThirdPartyImport(module=top, path=rel, line=node.lineno)
    return sorted(first.values(), key=lambda i: i.module)


_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


def _required_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Import statements the module cannot run without, walking statements only (an
    explicit stack: no recursion on the repository's nesting)."""
    out: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
            continue
        if isinstance(node, ast.Try) and _catches_import_error(node):
            stack.extend(node.orelse + node.finalbody)  # the guarded body is optional
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        for field in _BLOCKS:
            block = getattr(node, field, None)
            if isinstance(block, list):
                stack.extend(block)
    return out


def _catches_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        kinds = handler.type
        names = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
        for name in names:
            if name is None or (isinstance(name, ast.Name) and name.id in _IMPORT_ERRORS):
                return True
            if isinstance(name, ast.Name) and name.id == "Exception":
                return True
    return False


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _local_names(paths: tuple[str, ...]) -> set[str]:
    """Every folder and module name on a Python file's path: generous on purpose, so a
    module of the repository is never taken for a third-party one."""
    names: set[str] = set()
    for rel in paths:
        parts = rel.split("/")
        names.update(parts[:-1])
        names.add(parts[-1].rsplit(".", 1)[0])
    return names
