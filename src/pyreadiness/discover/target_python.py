"""The oldest Python the project says its code runs on, read statically once for every checker.

Tools that parse the project's code (ruff, bandit, the typing checker's syntax tree) must
parse it as the Python the project targets: a project on Python 3.14 syntax is not broken
because we run on 3.11. The evidence, strongest first:

1. ``requires-python`` in ``[project]`` (or ``python_requires`` in setup.cfg's
   ``[options]``): the range the project promises; its lower bound is what every file must
   parse on, so syntax newer than that *is* a defect;
2. ruff's ``target-version`` (``[tool.ruff]``, ``ruff.toml``, ``.ruff.toml``): the version
   the project lints for;
3. ``.python-version`` (pyenv, uv): the interpreter the developers use.

None of them: ``minimum`` is None, and each tool says what it assumed instead.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any

from pyreadiness.discover.inventory import Inventory

#: Every file that can hold the evidence (cache keys of the checkers that use it).
TARGET_FILES = ("pyproject.toml", "setup.cfg", "ruff.toml", ".ruff.toml", ".python-version")
#: The interpreter running pyreadiness (and bandit, and ``ast.parse``).
RUNNING = (sys.version_info.major, sys.version_info.minor)
_RUFF_TARGET = re.compile(r"py(3)(\d{1,2})")
_VERSION_LINE = re.compile(r"(?:cpython-|python)?(3)\.(\d{1,2})(?:[.\-+\w]*)")
_LOWER_BOUND_OPERATORS = (">=", ">", "~=", "==", "===")


@dataclass(frozen=True, kw_only=True)
class TargetPython:
    minimum: tuple[int, int] | None  # the oldest Python the code must parse on; None: unknown
    source: str | None  # the file the evidence came from
    evidence: str  # what it said, for reports: "requires-python '>=3.10'"

    @property
    def newer_than_running(self) -> bool:
        """Whether the project targets a Python newer than the one running us (and bandit)."""
        return self.minimum is not None and self.minimum > RUNNING

    @property
    def label(self) -> str:
        """``3.12``, or ``unknown``."""
        return f"{self.minimum[0]}.{self.minimum[1]}" if self.minimum else "unknown"


def target_python(inventory: Inventory) -> TargetPython:
    """The project's target Python from the strongest evidence present (see module doc)."""
    pyproject = _toml(inventory, "pyproject.toml")
    for found in (
        _requires_python(_table(pyproject, "project").get("requires-python"), "pyproject.toml"),
        _setup_cfg(inventory),
        _ruff_target(inventory, pyproject),
        _python_version_file(inventory),
    ):
        if found is not None and found.minimum is not None:
            return found
    return TargetPython(minimum=None, source=None, evidence="no target Python declared")


def lower_bound(spec: str) -> tuple[int, int] | None:
    """The lowest ``major.minor`` a ``requires-python`` specifier admits; None if unbounded."""
    # Imported here: a warm run answered from the cache never needs packaging (startup cost).
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    try:
        specifiers = SpecifierSet(spec)
    except InvalidSpecifier:
        return None
    bounds: list[tuple[int, int]] = []
    for item in specifiers:
        if item.operator not in _LOWER_BOUND_OPERATORS:
            continue
        try:
            version = Version(item.version.removesuffix(".*"))
        except InvalidVersion:
            continue
        bounds.append((version.major, version.minor))
    # Several lower bounds (">=3.9,>=3.10") all apply: the highest is the real one.
    return max(bounds) if bounds else None


def _requires_python(spec: Any, source: str, key: str = "requires-python") -> TargetPython | None:
    if not isinstance(spec, str):
        return None
    return TargetPython(minimum=lower_bound(spec), source=source, evidence=f"{key} {spec!r}")


def _setup_cfg(inventory: Inventory) -> TargetPython | None:
    parser = inventory.ini("setup.cfg")
    if parser is None or not parser.has_option("options", "python_requires"):
        return None
    spec = parser.get("options", "python_requires").strip()
    return _requires_python(spec, "setup.cfg", "python_requires")


def _ruff_target(inventory: Inventory, pyproject: dict[str, Any]) -> TargetPython | None:
    # ruff's own precedence in one folder: .ruff.toml, then ruff.toml, then pyproject.toml.
    for name in (".ruff.toml", "ruff.toml"):
        if inventory.has(name):
            return _ruff_value(_toml(inventory, name).get("target-version"), name)
    return _ruff_value(_table(pyproject, "tool", "ruff").get("target-version"), "pyproject.toml")


def _ruff_value(value: Any, source: str) -> TargetPython | None:
    match = _RUFF_TARGET.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    minimum = (int(match[1]), int(match[2]))
    return TargetPython(minimum=minimum, source=source, evidence=f"ruff target-version {value!r}")


def _python_version_file(inventory: Inventory) -> TargetPython | None:
    text = inventory.read_text(".python-version") if inventory.has(".python-version") else None
    if not text:
        return None
    # pyenv allows several lines (one per interpreter); the first is the default one.
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    match = _VERSION_LINE.fullmatch(first[:40])
    if match is None:
        return None  # "system", "pypy3.10-7.3", a virtualenv name: no CPython version
    minimum = (int(match[1]), int(match[2]))
    evidence = f".python-version {first!r}"
    return TargetPython(minimum=minimum, source=".python-version", evidence=evidence)


def _toml(inventory: Inventory, rel: str) -> dict[str, Any]:
    doc = inventory.toml(rel)
    return doc.data if doc is not None and doc.data is not None else {}


def _table(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    node: Any = data
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}
