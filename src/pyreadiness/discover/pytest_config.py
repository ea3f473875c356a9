"""Read the repository's pytest configuration statically (never by importing pytest on it).

Looks where pytest looks, in pytest's order: pytest.toml/.pytest.toml, pytest.ini, .pytest.ini,
pyproject.toml (``[tool.pytest.ini_options]`` or pytest 9's ``[tool.pytest]``), tox.ini
``[pytest]``, setup.cfg ``[tool:pytest]``. The first that has a section wins, as in pytest.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

DEFAULT_PYTHON_FILES = ("test_*.py", "*_test.py")
DEFAULT_PYTHON_CLASSES = ("Test",)
DEFAULT_PYTHON_FUNCTIONS = ("test",)
# pytest's own default; a configured ``norecursedirs`` replaces it rather than extending it.
DEFAULT_NORECURSEDIRS = (
    "*.egg",
    ".*",
    "_darcs",
    "build",
    "CVS",
    "dist",
    "node_modules",
    "venv",
    "{arch}",
)


@dataclass(frozen=True, kw_only=True)
class PytestConfig:
    path: str  # the file it came from
    testpaths: tuple[str, ...] = ()
    python_files: tuple[str, ...] = DEFAULT_PYTHON_FILES
    python_classes: tuple[str, ...] = DEFAULT_PYTHON_CLASSES
    python_functions: tuple[str, ...] = DEFAULT_PYTHON_FUNCTIONS
    addopts: tuple[str, ...] = ()
    norecursedirs: tuple[str, ...] = DEFAULT_NORECURSEDIRS
    raw: Mapping[str, Any] | None = None


def _words(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        try:
            return tuple(shlex.split(value))
        except ValueError:
            return tuple(value.split())
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return ()


def _from_mapping(path: str, section: Mapping[str, Any]) -> PytestConfig:
    return PytestConfig(
        path=path,
        testpaths=_words(section.get("testpaths")),
        python_files=_words(section.get("python_files")) or DEFAULT_PYTHON_FILES,
        python_classes=_words(section.get("python_classes")) or DEFAULT_PYTHON_CLASSES,
        python_functions=_words(section.get("python_functions")) or DEFAULT_PYTHON_FUNCTIONS,
        addopts=_words(section.get("addopts")),
        norecursedirs=_words(section.get("norecursedirs")) or DEFAULT_NORECURSEDIRS,
        raw=dict(section),
    )


def read_pytest_config(inv: Inventory) -> PytestConfig | None:
    for name in ("pytest.toml", ".pytest.toml"):
        doc = inv.toml(name)
        if doc is not None and doc.data is not None:
            section = doc.data.get("pytest")
            if isinstance(section, dict):
                return _from_mapping(name, section)
    for name in ("pytest.ini", ".pytest.ini"):
        if inv.has(name):
            ini = inv.ini(name)
            section_map = (
                dict(ini["pytest"]) if ini is not None and ini.has_section("pytest") else {}
            )
            return _from_mapping(name, section_map)  # pytest.ini always wins, even empty
    doc = inv.toml("pyproject.toml")
    if doc is not None and doc.data is not None:
        tool = doc.data.get("tool", {})
        pytest_tbl = tool.get("pytest") if isinstance(tool, dict) else None
        if isinstance(pytest_tbl, dict):
            ini_options = pytest_tbl.get("ini_options")
            if isinstance(ini_options, dict):
                return _from_mapping("pyproject.toml", ini_options)
            return _from_mapping("pyproject.toml", pytest_tbl)
    for name, section in (("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        ini = inv.ini(name)
        if ini is not None and ini.has_section(section):
            return _from_mapping(name, dict(ini[section]))
    return None
