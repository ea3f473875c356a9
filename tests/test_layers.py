"""The layers written in docs/architecture.md, enforced: imports only go down, and no two
packages import each other (directly or round a longer cycle).

Imports are read with ``ast`` (nothing is imported), including those under
``TYPE_CHECKING``: a type-only import upward still couples a lower layer to a higher one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.helpers import ROOT

SRC = ROOT / "src" / "pyreadiness"

DOC = ROOT / "docs" / "architecture.md"


def _documented_layers() -> tuple[frozenset[str], ...]:
    """The ```layers block of docs/architecture.md: lowest first, one layer a line."""
    text = DOC.read_text("utf-8")
    block = text.split("```layers\n", 1)[1].split("```", 1)[0]
    return tuple(frozenset(line.split()) for line in block.splitlines() if line.strip())


LAYERS = _documented_layers()
LAYER_OF = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}


def _unit(module: str) -> str:
    parts = module.split(".")[1:]  # drop "pyreadiness"
    if not parts:
        return "__init__"
    if parts[:2] == ["score", "model"]:
        return "score.model"
    return parts[0]


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


def _imports(path: Path) -> Iterator[str]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            elif node.module:
                yield node.module


def _edges() -> dict[tuple[str, str], list[str]]:
    """(importer unit, imported unit) -> the files where that import happens."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        source = _unit(_module_name(path))
        for target in _imports(path):
            if target == "pyreadiness" or target.startswith("pyreadiness."):
                unit = _unit(target)
                if unit != source:
                    edges.setdefault((source, unit), []).append(path.relative_to(SRC).as_posix())
    return edges


def test_every_unit_has_a_layer() -> None:
    units = {_unit(_module_name(p)) for p in SRC.rglob("*.py")}
    assert units - set(LAYER_OF) == set(), "place the new module in LAYERS and the docs"


def test_imports_only_go_down() -> None:
    upward = [
        f"{src} (layer {LAYER_OF[src]}) imports {dst} (layer {LAYER_OF[dst]}) in {files}"
        for (src, dst), files in _edges().items()
        if LAYER_OF[dst] > LAYER_OF[src]
    ]
    assert upward == []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_package_level_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for src, dst in _edges():
        graph.setdefault(src, set()).add(dst)
    assert _cycle(graph) is None


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
