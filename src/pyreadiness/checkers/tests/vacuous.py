"""Tests that cannot fail: a body that checks nothing the code under test could break.

A test counts only if running it exercises something. These bodies never can, whatever the
code does, so they are not counted (and reported once per repository):

- nothing but ``pass``, ``...``, a docstring or other bare constants;
- nothing but assertions about constants: ``assert True``, ``assert 1``, ``assert 1 == 1``,
  ``self.assertTrue(True)``, ``self.assertEqual(1, 1)``, ``assertIsNone(None)``...

A body that calls anything (a "smoke test" that only imports or calls the code) can fail by
raising, so it counts. The rules are deliberately narrow: a missed placeholder costs a
little density, a real test taken for a placeholder would cost more.
"""

from __future__ import annotations

import ast

#: ``unittest.TestCase`` assertion methods: ``self.assert*`` / ``self.fail*`` calls.
_ASSERT_PREFIXES = ("assert", "fail")


def _constant(expr: ast.expr) -> bool:
    """A literal whose value cannot depend on the code under test."""
    if isinstance(expr, ast.Constant):
        return True
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return all(_constant(e) for e in expr.elts)
    if isinstance(expr, ast.UnaryOp):
        return _constant(expr.operand)
    if isinstance(expr, ast.BinOp):
        return _constant(expr.left) and _constant(expr.right)
    if isinstance(expr, ast.BoolOp):
        return all(_constant(v) for v in expr.values)
    if isinstance(expr, ast.Compare):
        return _constant(expr.left) and all(_constant(c) for c in expr.comparators)
    return False


def _constant_assertion_call(expr: ast.expr) -> bool:
    """``self.assertEqual(1, 1)``, ``self.assertTrue(True)``: every argument a constant."""
    if not isinstance(expr, ast.Call) or not isinstance(expr.func, ast.Attribute):
        return False
    owner = expr.func.value
    if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
        return False
    if not expr.func.attr.startswith(_ASSERT_PREFIXES) or expr.func.attr.startswith("fail"):
        return False  # self.fail() always fails: a (crude) test, not a placeholder
    return bool(expr.args) and all(_constant(a) for a in expr.args)


def _vacuous(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr):
        return _constant(statement.value) or _constant_assertion_call(statement.value)
    if isinstance(statement, ast.Assert):
        return _constant(statement.test)
    return False


def cannot_fail(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """True when the test's body checks nothing that the code under test could break."""
    return all(_vacuous(statement) for statement in node.body)
