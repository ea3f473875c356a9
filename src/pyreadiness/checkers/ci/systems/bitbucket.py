"""Bitbucket Pipelines: ``bitbucket-pipelines.yml`` steps under ``pipelines:``.

Each ``script`` line runs in turn and the first failing one fails the step; ``pipe:``
items are recorded as references. ``custom`` pipelines and ``trigger: manual`` steps only
run when started by hand, so they do not gate a change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci.model import Step, System
from pyreadiness.checkers.ci.systems.common import Extraction, load_mapping
from pyreadiness.checkers.ci.yamlload import as_dict, as_list, as_str, line_of

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory


def _visit(
    out: Extraction,
    path: str,
    node: Any,
    no_fail: str,
    depth: int,
    visited: set[tuple[int, str]],
) -> None:
    # YAML aliases repeat the same objects: reading one twice only repeats its steps.
    if depth > 30 or not isinstance(node, dict | list) or (id(node), no_fail) in visited:
        return
    visited.add((id(node), no_fail))
    if isinstance(node, list):
        for item in node:
            _visit(out, path, item, no_fail, depth + 1, visited)
        return
    step = node.get("step")
    if isinstance(step, dict):
        reason = no_fail
        if not reason and step.get("trigger") == "manual":
            reason = "the step is manual (`trigger: manual`)"
        for item in as_list(step.get("script")):
            if isinstance(item, str):
                out.steps.append(
                    Step(
                        system=System.BITBUCKET,
                        path=path,
                        line=line_of(item),
                        script=item,
                        script_line=line_of(item),
                        errexit=True,
                        no_fail=reason,
                    )
                )
            elif isinstance(item, dict) and as_str(item.get("pipe")):
                out.steps.append(
                    Step(
                        system=System.BITBUCKET,
                        path=path,
                        line=line_of(item),
                        uses=as_str(item.get("pipe")),
                        no_fail=reason,
                    )
                )
        return
    for value in node.values():
        _visit(out, path, value, no_fail, depth + 1, visited)


def extract(inventory: Inventory, paths: list[str]) -> Extraction:
    out = Extraction(system=System.BITBUCKET)
    for path in paths:
        config = load_mapping(inventory, path, out)
        if config is None:
            continue
        visited: set[tuple[int, str]] = set()
        for section, body in as_dict(config.get("pipelines")).items():
            no_fail = ""
            if section == "custom":
                no_fail = "a custom pipeline: it runs only when started by hand"
            _visit(out, path, body, no_fail, 0, visited)
    return out
