"""Azure Pipelines: ``azure-pipelines.yml`` (and ``.azure-pipelines/``) with local templates.

Azure runs ``script``/``bash`` steps without ``set -e``: only the last command's exit code
fails the step, unless the pipeline sets ``SHELLOPTS`` to ``errexit``. ``continueOnError``
on a step or job, and ``enabled: false``, mean the step cannot fail the run. Templates
(``- template: path.yml``) are read when they are in the repository.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci.follow import repo_path
from pyreadiness.checkers.ci.model import Step, System
from pyreadiness.checkers.ci.systems.common import Extraction, load_mapping, not_followed
from pyreadiness.checkers.ci.yamlload import as_dict, as_str, line_of, truthy, walk

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_SCRIPT_KEYS = ("script", "bash", "pwsh", "powershell")
_MAX_TEMPLATES = 50


def _errexit_forced(inventory: Inventory, path: str, data: Any) -> bool:
    """``SHELLOPTS: errexit`` (as a variable, or set by a logging command) turns on ``-e``."""
    text = (inventory.read_text(path) or "").lower()
    if "variable=shellopts]errexit" in text:
        return True
    for node in walk(data):
        if isinstance(node, dict):
            value = node.get("SHELLOPTS", node.get("shellopts"))
            if value is None and str(node.get("name", "")).lower() == "shellopts":
                value = node.get("value")
            if isinstance(value, str) and "errexit" in value:
                return True
    return False


class _Reader:
    def __init__(self, inventory: Inventory, out: Extraction) -> None:
        self.inventory = inventory
        self.out = out
        self.seen: set[str] = set()
        # (node, context) pairs already read: YAML aliases repeat the same objects, and
        # reading them again would only repeat the same steps (exponentially, if nested).
        self.visited: set[tuple[int, str]] = set()
        self.errexit = False

    def read(self, path: str, no_fail: str) -> None:
        if path in self.seen or len(self.seen) >= _MAX_TEMPLATES:
            return
        self.seen.add(path)
        data = load_mapping(self.inventory, path, self.out)
        if data is not None:
            self.errexit = self.errexit or _errexit_forced(self.inventory, path, data)
            self.visit(data, path, no_fail, 0)

    def visit(self, node: Any, path: str, no_fail: str, depth: int) -> None:
        if depth > 40:
            return
        if not isinstance(node, dict | list) or (id(node), no_fail) in self.visited:
            return
        self.visited.add((id(node), no_fail))
        if isinstance(node, list):
            for item in node:
                self.visit(item, path, no_fail, depth + 1)
            return
        if not no_fail and truthy(node.get("continueOnError")):
            no_fail = "`continueOnError: true`"
        if node.get("enabled") is False or str(node.get("enabled", "")).lower() == "false":
            no_fail = "the step is disabled (`enabled: false`)"
        template = as_str(node.get("template"))
        if template is not None:
            self.template(template, path, node, no_fail)
        self.step(node, path, no_fail)
        for key, value in node.items():
            if key not in _SCRIPT_KEYS and key not in ("template", "inputs"):
                self.visit(value, path, no_fail, depth + 1)

    def template(self, template: str, path: str, node: Any, no_fail: str) -> None:
        if "@" in template:
            not_followed(self.out, path, line_of(node), f"template {template}")
            return
        target = repo_path(template, posixpath.dirname(path))
        if target is not None and self.inventory.has(target):
            self.read(target, no_fail)

    def step(self, node: dict[Any, Any], path: str, no_fail: str) -> None:
        script = next((as_str(node.get(k)) for k in _SCRIPT_KEYS if as_str(node.get(k))), None)
        task = as_str(node.get("task"))
        inputs = as_dict(node.get("inputs"))
        if task is not None:
            script = as_str(inputs.get("script")) or as_str(inputs.get("inlineScript"))
            file_path = as_str(inputs.get("filePath")) or as_str(inputs.get("scriptPath"))
            if script is None and file_path is not None:
                script = f"bash {file_path}"
            self.add(
                Step(system=System.AZURE, path=path, line=line_of(node), uses=task, no_fail=no_fail)
            )
        if script is not None:
            first = line_of(script)
            if first is not None and getattr(script, "block", False):
                first += 1
            self.add(
                Step(
                    system=System.AZURE,
                    path=path,
                    line=line_of(node),
                    script=script,
                    script_line=first,
                    errexit=False,
                    pipefail=False,
                    no_fail=no_fail,
                )
            )

    def add(self, step: Step) -> None:
        self.out.steps.append(step)


def extract(inventory: Inventory, paths: list[str]) -> Extraction:
    out = Extraction(system=System.AZURE)
    reader = _Reader(inventory, out)
    for path in paths:
        reader.read(path, "")
    if reader.errexit:
        out.steps = [
            Step(**{**s.__dict__, "errexit": True}) if s.script is not None else s
            for s in out.steps
        ]
    return out
