"""Is a dependency update tool (Dependabot, Renovate) configured for Python packages?"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from pyreadiness.checkers.ci.yamlload import YamlBombError, safe_load_bounded
from pyreadiness.checkers.dependencies.resolution import DEVELOPMENT_TOOLS
from pyreadiness.discover.bounded import loads_json
from pyreadiness.discover.inventory import Inventory

DEPENDABOT_FILES = (".github/dependabot.yml", ".github/dependabot.yaml")
RENOVATE_FILES = (
    "renovate.json",
    "renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
    ".gitlab/renovate.json5",
)
#: Dependabot ecosystems that update Python packages ("pip" covers pip-compile, Pipenv, Poetry).
DEPENDABOT_PYTHON = frozenset({"pip", "uv"})
#: Renovate managers that read Python dependency files.
RENOVATE_PYTHON = frozenset(
    {
        "pip_requirements",
        "pip_setup",
        "pip-compile",
        "pipenv",
        "poetry",
        "pep621",
        "pep723",
        "setup-cfg",
    }
)


@dataclass(frozen=True, kw_only=True)
class UpdateTool:
    name: str  # "dependabot" | "renovate"
    path: str
    python: bool  # configured to update Python dependencies
    detail: str  # what was found, for the score detail and findings
    line: int | None = None
    broken: bool = False  # the configuration could not be parsed


def update_tools(inv: Inventory) -> list[UpdateTool]:
    found: list[UpdateTool] = []
    for rel in DEPENDABOT_FILES:
        if inv.has(rel):
            found.append(_dependabot(inv, rel))
    for rel in RENOVATE_FILES:
        if inv.has(rel):
            found.append(_renovate(rel, _json_object(inv, rel)))
    if inv.has("package.json"):
        package = _json_object(inv, "package.json")
        if isinstance(package, dict) and isinstance(package.get("renovate"), dict):
            found.append(_renovate("package.json", package["renovate"]))
    return found


def candidate_files(inv: Inventory) -> list[str]:
    return [rel for rel in (*DEPENDABOT_FILES, *RENOVATE_FILES, "package.json") if inv.has(rel)]


def _dependabot(inv: Inventory, rel: str) -> UpdateTool:
    text = inv.read_text(rel) or ""
    try:
        data = safe_load_bounded(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return UpdateTool(
            name="dependabot",
            path=rel,
            python=False,
            broken=True,
            line=mark.line + 1 if mark is not None else None,
            detail=f"{rel} cannot be read safely: {exc}"
            if isinstance(exc, YamlBombError)
            else f"{rel} is not valid YAML",
        )
    updates = data.get("updates") if isinstance(data, dict) else None
    ecosystems = sorted(
        {str(u.get("package-ecosystem")) for u in updates or [] if isinstance(u, dict)}
    )
    python = bool(DEPENDABOT_PYTHON.intersection(ecosystems))
    line = _line_of(text, "package-ecosystem")
    tools_only = _allowed_tools_only(updates) if python else None
    if tools_only:
        return UpdateTool(
            name="dependabot",
            path=rel,
            python=False,
            line=line,
            detail=f"Dependabot in {rel} updates development tools only (allow: "
            f"{', '.join(tools_only)}), no runtime dependency",
        )
    if python:
        return UpdateTool(
            name="dependabot",
            path=rel,
            python=True,
            line=line,
            detail=f"Dependabot ({', '.join(ecosystems)}) in {rel}",
        )
    listed = ", ".join(ecosystems) or "none"
    return UpdateTool(
        name="dependabot",
        path=rel,
        python=False,
        line=line,
        detail=f"Dependabot in {rel} updates no Python ecosystem (ecosystems: {listed})",
    )


def _allowed_tools_only(updates: Any) -> list[str] | None:
    """The development tools every Python entry's ``allow`` list is limited to, or None when
    some Python entry may update anything else (no ``allow``, a ``dependency-type``, another
    name)."""
    names: set[str] = set()
    for entry in updates or []:
        if not isinstance(entry, dict) or entry.get("package-ecosystem") not in DEPENDABOT_PYTHON:
            continue
        allow = entry.get("allow")
        if not isinstance(allow, list) or not allow:
            return None
        for rule in allow:
            # Only {dependency-name: <tool>}; a dependency-type or another name may
            # update runtime dependencies (anything unexpected: not limited).
            if not isinstance(rule, dict) or set(rule) != {"dependency-name"}:
                return None
            name = str(rule["dependency-name"]).lower()
            if name not in DEVELOPMENT_TOOLS:
                return None
            names.add(name)
    return sorted(names) or None


def _renovate(rel: str, config: Any) -> UpdateTool:
    """Renovate's Python managers are on by default; only ``enabledManagers`` turns them off.
    JSON5 files are not parsed: their presence is taken at its word."""
    managers = config.get("enabledManagers") if isinstance(config, dict) else None
    if isinstance(managers, list) and not RENOVATE_PYTHON.intersection(map(str, managers)):
        return UpdateTool(
            name="renovate",
            path=rel,
            python=False,
            detail=f"Renovate in {rel} enables no Python manager ({', '.join(map(str, managers))})",
        )
    return UpdateTool(name="renovate", path=rel, python=True, detail=f"Renovate in {rel}")


def _json_object(inv: Inventory, rel: str) -> Any:
    if rel.endswith(".json5"):
        return None
    try:
        return loads_json(inv.read_text(rel) or "")
    except ValueError:
        return None


def _line_of(text: str, needle: str) -> int | None:
    for number, raw in enumerate(text.splitlines(), start=1):
        if needle in raw:
            return number
    return None
