"""How strict a type-checking contract the project declares: mypy's, pyright's or basedpyright's.

A reviewer asks whether the project asks a type checker for the strict checks, not which
type checker it uses: pyright's ``typeCheckingMode = "strict"`` (and basedpyright's
``"strict"`` or ``"all"``) counts wherever mypy's ``strict = true`` does. Read statically
from ``[tool.pyright]``, ``[tool.basedpyright]`` in pyproject.toml and ``pyrightconfig.json``
(pyright reads that file first when both exist).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pyreadiness.checkers.typing.mypy_config import RepoMypyConfig
from pyreadiness.discover.inventory import Inventory

#: Scores of the strict component (docs/checks/typing.md says why).
STRICT_FULL = 100.0
#: mypy ``disallow_untyped_defs`` alone, or pyright strict for some paths only.
STRICT_PARTIAL = 50.0
PYRIGHT_CONFIG = "pyrightconfig.json"
#: ``typeCheckingMode`` values that turn on at least pyright's strict rule set.
_STRICT_MODES = frozenset({"strict", "all"})
# JSON with comments (pyright accepts them): whole-line // comments and /* */ blocks.
_LINE_COMMENT = re.compile(r"(?m)^\s*//[^\n]*$")
_BLOCK_COMMENT = re.compile(r"/\*[^*]*\*+(?:[^/*][^*]*\*+)*/")
#: Larger "configuration" files are not read (bounds the comment stripping).
MAX_CONFIG_CHARS = 256_000
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


@dataclass(frozen=True, kw_only=True)
class Strictness:
    score: float
    detail: str
    strict: bool  # the whole project under a strict contract (mypy or pyright)
    source: str | None  # the file that declares it


def strictness(inventory: Inventory, config: RepoMypyConfig) -> Strictness:
    """The strongest contract among mypy's and pyright's configurations."""
    mypy = _mypy(config)
    if mypy.strict:
        return mypy
    pyright = _pyright(inventory)
    if pyright is not None and (pyright.strict or pyright.score > mypy.score):
        return pyright
    return mypy


def _mypy(config: RepoMypyConfig) -> Strictness:
    if config.strict:
        score, detail = STRICT_FULL, f"{config.path} sets strict = true"
    elif config.disallow_untyped_defs:
        score, detail = STRICT_PARTIAL, f"{config.path} sets disallow_untyped_defs but not strict"
    else:
        where = config.path or "no mypy or pyright configuration"
        score, detail = 0.0, f"{where}: strict mode not asked for"
    return Strictness(score=score, detail=detail, strict=config.strict, source=config.path)


def _pyright(inventory: Inventory) -> Strictness | None:
    """pyright's or basedpyright's settings: pyrightconfig.json first, as pyright reads it."""
    tables: list[tuple[str, str, dict[str, Any]]] = []
    if inventory.has(PYRIGHT_CONFIG):
        data = _jsonc(inventory.read_text(PYRIGHT_CONFIG) or "")
        if data is not None:
            tables.append((PYRIGHT_CONFIG, "pyright", data))
    doc = inventory.toml("pyproject.toml")
    tool = (doc.data or {}).get("tool") if doc is not None else None
    for name in ("pyright", "basedpyright"):
        table = tool.get(name) if isinstance(tool, dict) else None
        if isinstance(table, dict):
            tables.append((f"pyproject.toml [tool.{name}]", name, table))
    for where, _, table in tables:
        mode = table.get("typeCheckingMode")
        if isinstance(mode, str) and mode in _STRICT_MODES:
            detail = f'{where} sets typeCheckingMode = "{mode}"'
            return Strictness(score=STRICT_FULL, detail=detail, strict=True, source=where)
    for where, name, table in tables:
        paths = table.get("strict")
        if isinstance(paths, list) and paths:
            detail = f"{where}: {name} is strict for {len(paths)} path(s) only"
            return Strictness(score=STRICT_PARTIAL, detail=detail, strict=False, source=where)
    return None


def _jsonc(text: str) -> dict[str, Any] | None:
    """pyrightconfig.json, comments and trailing commas allowed; None if it is not JSON."""
    if len(text) > MAX_CONFIG_CHARS:
        return None
    stripped = _BLOCK_COMMENT.sub("", _LINE_COMMENT.sub("", text))
    for candidate in (text, _TRAILING_COMMA.sub(r"\1", stripped)):
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        return data if isinstance(data, dict) else None
    return None
