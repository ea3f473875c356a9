"""Scan every test module of the repository and add up what they hold."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from pyreadiness.checkers.tests import levels as lv
from pyreadiness.checkers.tests.collect import (
    NamingRules,
    TestFunction,
    Unparsable,
    parse_module,
    scan_module,
)
from pyreadiness.checkers.tests.model import CHECK_ID
from pyreadiness.checkers.tests.selection import select_tests
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pytest_config import PytestConfig
from pyreadiness.model import Finding, Severity


@dataclass(frozen=True, kw_only=True)
class Tally:
    files: tuple[str, ...] = ()  # test modules counted, sorted
    functions: int = 0  # test functions that can fail: the ones that count
    #: Test functions whose body checks nothing (``pass``, ``assert True``): not counted.
    vacuous: int = 0
    unittest_classes: int = 0
    broken: int = 0  # test modules that could not be decoded or parsed
    levels: lv.LevelCounts = field(default_factory=lv.LevelCounts)
    #: Lines of files classified as shipped source that turned out to be unittest tests
    #: (Django's ``app/tests.py``): taken out of the density denominator.
    test_source_lines: int = 0
    findings: tuple[Finding, ...] = ()


@dataclass(kw_only=True)
class _Acc:
    files: list[str] = field(default_factory=list)
    functions: int = 0
    vacuous: int = 0
    unittest_classes: int = 0
    broken: int = 0
    levels: lv.LevelCounts = field(default_factory=lv.LevelCounts)
    test_source_lines: int = 0
    findings: list[Finding] = field(default_factory=list)


def scan_repository(inv: Inventory, cfg: PytestConfig) -> Tally:
    selection = select_tests(inv, cfg)
    acc = _Acc()
    pytest_rules = NamingRules(classes=cfg.python_classes, functions=cfg.python_functions)
    unittest_rules = NamingRules(classes=(), functions=(), pytest_style=False)
    for rel in selection.pytest_modules:
        acc.files.append(rel)
        _scan_one(inv, rel, pytest_rules, acc, report_problems=True)
    for rel in selection.unittest_candidates:
        # Counted only if it turns out to hold TestCase tests; parse errors in such a file
        # are the lint checker's business, not a test finding.
        before = acc.functions + acc.vacuous
        _scan_one(inv, rel, unittest_rules, acc, report_problems=False)
        if acc.functions + acc.vacuous > before:
            acc.files.append(rel)
            info = inv.get(rel)
            if info is not None and info.kind == FileKind.SOURCE:
                text = inv.read_text(rel) or ""
                acc.test_source_lines += sum(1 for line in text.splitlines() if line.strip())
    counted = set(acc.files)
    acc.findings.extend(
        _outside_finding(rel, cfg) for rel in selection.outside_testpaths if rel not in counted
    )
    acc.findings.extend(_missing_finding(entry, cfg) for entry in selection.missing_testpaths)
    return Tally(
        files=tuple(sorted(acc.files)),
        functions=acc.functions,
        vacuous=acc.vacuous,
        unittest_classes=acc.unittest_classes,
        broken=acc.broken,
        levels=acc.levels,
        test_source_lines=acc.test_source_lines,
        findings=tuple(acc.findings),
    )


def _parse(inv: Inventory, rel: str) -> ast.Module | Unparsable | str:
    """The module's tree, or what went wrong: "undecodable", "unreadable" or a parse error."""
    text = inv.read_text(rel)
    if text is not None:
        return parse_module(text, rel)
    data = inv.read_bytes(rel)
    if data is None:
        return "unreadable"  # too large to read, or the read failed
    # Not UTF-8: Python still imports it if a coding declaration says how to decode it.
    tree = parse_module(data, rel)
    return "undecodable" if isinstance(tree, Unparsable) else tree


def _scan_one(
    inv: Inventory, rel: str, rules: NamingRules, acc: _Acc, *, report_problems: bool
) -> None:
    tree = _parse(inv, rel)
    if not isinstance(tree, ast.Module):
        if report_problems:
            acc.broken += 1
            acc.findings.append(_broken_finding(rel, tree))
        return
    scan = scan_module(tree, rules)
    real = tuple(fn for fn in scan.functions if fn.can_fail)
    vacuous = [fn for fn in scan.functions if not fn.can_fail]
    acc.functions += len(real)
    acc.vacuous += len(vacuous)
    acc.unittest_classes += scan.unittest_classes
    acc.levels = acc.levels + lv.count_levels(rel, replace(scan, functions=real))
    if vacuous:
        acc.findings.append(_vacuous_finding(rel, vacuous))


def _broken_finding(rel: str, problem: str | Unparsable) -> Finding:
    if isinstance(problem, Unparsable):
        return Finding(
            check=CHECK_ID,
            rule="unparsable-test-file",
            severity=Severity.LOW,
            path=rel,
            line=problem.line,
            message=f"test file has a {problem.message}; its tests were not counted",
            help="Fix the error: pytest cannot collect this file, so none of its tests run.",
        )
    if problem == "undecodable":
        return Finding(
            check=CHECK_ID,
            rule="undecodable-test-file",
            severity=Severity.LOW,
            path=rel,
            message="test file is not readable as UTF-8 text; its tests were not counted",
            help="Save the file as UTF-8 (PEP 3120): pytest cannot import it either.",
        )
    return Finding(
        check=CHECK_ID,
        rule="unreadable-test-file",
        severity=Severity.LOW,
        path=rel,
        message="test file could not be read (too large or unreadable); its tests were not counted",
        help="Split very large test files, and make sure the file is readable.",
    )


def _vacuous_finding(rel: str, vacuous: list[TestFunction]) -> Finding:
    names = ", ".join(fn.name for fn in vacuous[:3]) + (", ..." if len(vacuous) > 3 else "")
    count = f"{len(vacuous)} test function" + ("s" if len(vacuous) != 1 else "")
    return Finding(
        check=CHECK_ID,
        rule="test-cannot-fail",
        severity=Severity.LOW,
        path=rel,
        line=vacuous[0].line,
        message=f"{count} cannot fail (the body is only `pass`, `...`, a docstring or an "
        f"assertion about constants): {names}; not counted",
        grouped=True,
        help="Make each test call the code under test and assert on its result, or delete "
        "the placeholder.",
    )


def _outside_finding(rel: str, cfg: PytestConfig) -> Finding:
    return Finding(
        check=CHECK_ID,
        rule="test-file-not-collected",
        severity=Severity.INFO,
        path=rel,
        message="file matches python_files but a bare `pytest` run does not collect it "
        "(outside testpaths, or excluded by norecursedirs / --ignore); not counted",
        help="Move it under a testpaths folder, or add its folder to testpaths in "
        f"{cfg.path or 'your pytest configuration'}.",
    )


def _missing_finding(entry: str, cfg: PytestConfig) -> Finding:
    return Finding(
        check=CHECK_ID,
        rule="testpaths-not-found",
        severity=Severity.LOW,
        path=cfg.path,
        message=f"testpaths entry {entry!r} matches no file of the repository",
        help="Fix or remove the entry; when no testpaths entry exists, pytest warns and "
        "collects from the root folder instead.",
    )
