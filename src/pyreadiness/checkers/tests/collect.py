"""Count the test functions of one module on its syntax tree, as pytest would collect them.

pytest rules: module-level functions whose names match ``python_functions``, and methods
matching it in classes whose names match ``python_classes`` (classes defining ``__init__``
or ``__new__`` are skipped, as pytest skips them). unittest rules: methods named ``test*``
in classes deriving from a base whose name ends in ``TestCase`` (``unittest.TestCase``,
``IsolatedAsyncioTestCase``, Django's ``TestCase``...), directly or through a class of the
same module. One ``def`` is one test function: parametrisation and inherited tests are not
multiplied out.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase

from pyreadiness.checkers.tests.vacuous import cannot_fail
from pyreadiness.discover.pysource import parse_python

#: unittest.TestLoader.testMethodPrefix
_UNITTEST_PREFIX = "test"
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, kw_only=True)
class NamingRules:
    classes: tuple[str, ...]
    functions: tuple[str, ...]
    #: False for modules found only by unittest's pattern: pytest-style tests do not count.
    pytest_style: bool = True


@dataclass(frozen=True, kw_only=True)
class TestFunction:
    __test__ = False  # keep pytest from mistaking this value class for a test class

    name: str  # "test_x" or "TestClass::test_x"
    line: int
    markers: frozenset[str]  # pytest marker names on the function, its classes and module
    property_based: bool  # decorated with Hypothesis' @given
    can_fail: bool = True  # False for a body that checks nothing (see :mod:`vacuous`)


@dataclass(frozen=True, kw_only=True)
class ModuleScan:
    functions: tuple[TestFunction, ...]
    unittest_classes: int  # TestCase subclasses defining at least one test method
    imports: frozenset[str]  # top-level names of every imported module


@dataclass(frozen=True, kw_only=True)
class Unparsable:
    """Why a module could not be scanned: a finding about the repository, never a crash."""

    message: str
    line: int | None = None


def parse_module(source: str | bytes, rel: str) -> ast.Module | Unparsable:
    """Parse text, or bytes (which honour a PEP 263 ``# coding:`` declaration)."""
    try:
        return parse_python(source, rel)
    except SyntaxError as exc:
        return Unparsable(message=f"syntax error: {exc.msg}", line=exc.lineno)
    except (ValueError, RecursionError, MemoryError) as exc:
        return Unparsable(message=f"cannot be parsed: {type(exc).__name__}")


def _name_matches(name: str, options: tuple[str, ...]) -> bool:
    """pytest's ``_matches_prefix_or_glob_option``: a prefix, or a glob if it has one."""
    return any(
        name.startswith(opt) or (bool(_GLOB_CHARS & set(opt)) and fnmatchcase(name, opt))
        for opt in options
    )


def _blocks(node: ast.stmt) -> list[list[ast.stmt]] | None:
    """The nested statement blocks of an if/try/with, or None for any other statement."""
    if isinstance(node, ast.If):
        return [node.body, node.orelse]
    if isinstance(node, ast.Try):
        return [node.body, *(h.body for h in node.handlers), node.orelse, node.finalbody]
    if sys.version_info >= (3, 11) and isinstance(node, ast.TryStar):
        return [node.body, *(h.body for h in node.handlers), node.orelse, node.finalbody]
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return [node.body]
    return None


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements of a module or class body, looking inside if/try/with blocks: a test
    defined under ``if sys.version_info >= ...`` is still a module attribute pytest sees."""
    for node in body:
        blocks = _blocks(node)
        if blocks is None:
            yield node
        else:
            for block in blocks:
                yield from _statements(block)


def _base_name(expr: ast.expr) -> str:
    if isinstance(expr, ast.Subscript):  # Generic[T]-style bases
        expr = expr.value
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return ""


def _testcase_classes(tree: ast.Module) -> frozenset[str]:
    """Names of the module's classes deriving (transitively, in this module) from *TestCase."""
    bases = {
        node.name: {_base_name(b) for b in node.bases}
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }
    found = {name for name, names in bases.items() if any(n.endswith("TestCase") for n in names)}
    changed = True
    while changed:  # fixpoint: class B(A) where A(TestCase) is also a TestCase
        more = {name for name, names in bases.items() if names & found} - found
        found |= more
        changed = bool(more)
    return frozenset(found)


def markers_of(expr: ast.expr) -> frozenset[str]:
    """Marker names in ``@pytest.mark.x``, ``@mark.x(...)``, or a ``pytestmark`` list."""
    if isinstance(expr, (ast.List, ast.Tuple)):
        return frozenset().union(*(markers_of(e) for e in expr.elts))
    if isinstance(expr, ast.Call):
        expr = expr.func
    if isinstance(expr, ast.Attribute):
        owner = expr.value
        if (isinstance(owner, ast.Attribute) and owner.attr == "mark") or (
            isinstance(owner, ast.Name) and owner.id == "mark"
        ):
            return frozenset({expr.attr})
    return frozenset()


def _pytestmark(body: list[ast.stmt]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for node in _statements(body):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            out |= markers_of(node.value)
    return out


def _is_given(expr: ast.expr) -> bool:
    func = expr.func if isinstance(expr, ast.Call) else expr
    return _base_name(func) == "given"


def _imports(tree: ast.Module) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return frozenset(names)


_FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


class _Collector:
    def __init__(self, rules: NamingRules, testcases: frozenset[str], hypothesis: bool) -> None:
        self.rules = rules
        self.testcases = testcases
        self.hypothesis = hypothesis
        self.functions: list[TestFunction] = []
        self.unittest_classes = 0

    def module(self, tree: ast.Module) -> None:
        marks = _pytestmark(tree.body)
        for node in _statements(tree.body):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if self.rules.pytest_style and _name_matches(node.name, self.rules.functions):
                    self._add(node, "", marks)
            elif isinstance(node, ast.ClassDef):
                self._class(node, "", marks)

    def _class(self, node: ast.ClassDef, prefix: str, marks: frozenset[str]) -> None:
        qualname = prefix + node.name + "::"
        marks = marks | _pytestmark(node.body)
        for deco in node.decorator_list:
            marks |= markers_of(deco)
        methods = [n for n in _statements(node.body) if isinstance(n, _FunctionNode)]
        if node.name in self.testcases:
            # unittest's loader: test* methods only, and no nested classes.
            tests = [m for m in methods if m.name.startswith(_UNITTEST_PREFIX)]
            self.unittest_classes += bool(tests)
            for method in tests:
                self._add(method, qualname, marks)
            return
        if (
            not self.rules.pytest_style
            or not _name_matches(node.name, self.rules.classes)
            or any(m.name in ("__init__", "__new__") for m in methods)
        ):
            return
        for method in methods:
            if _name_matches(method.name, self.rules.functions):
                self._add(method, qualname, marks)
        for inner in _statements(node.body):
            if isinstance(inner, ast.ClassDef):
                self._class(inner, qualname, marks)

    def _add(self, node: _FunctionNode, prefix: str, marks: frozenset[str]) -> None:
        for deco in node.decorator_list:
            marks |= markers_of(deco)
        self.functions.append(
            TestFunction(
                name=prefix + node.name,
                line=node.lineno,
                markers=marks,
                property_based=self.hypothesis and any(_is_given(d) for d in node.decorator_list),
                can_fail=not cannot_fail(node),
            )
        )


def scan_module(tree: ast.Module, rules: NamingRules) -> ModuleScan:
    imports = _imports(tree)
    collector = _Collector(rules, _testcase_classes(tree), "hypothesis" in imports)
    collector.module(tree)
    return ModuleScan(
        functions=tuple(collector.functions),
        unittest_classes=collector.unittest_classes,
        imports=imports,
    )
