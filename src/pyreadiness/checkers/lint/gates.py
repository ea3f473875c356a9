"""Which linter the project keeps itself to, and which ruff release it pins: read statically.

A project has a lint gate when it configures a linter (a ``[tool.ruff]`` table with lint
settings, ``ruff.toml``, ``.flake8``, ``[flake8]`` in setup.cfg or tox.ini, ``.pylintrc``,
``[tool.pylint]``) or runs one (a pre-commit hook, a CI or tox/nox/make command). Formatters
are not linters: a ruff table holding only ``format`` settings and a ``ruff format`` step
configure formatting, nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pyreadiness.discover.inventory import Inventory

PRECOMMIT = ".pre-commit-config.yaml"
#: ruff settings that concern formatting or every ruff command, not linting: a ruff
#: configuration holding only these does not say which rules the project keeps to.
RUFF_NON_LINT_KEYS = frozenset(
    {
        "format",
        "line-length",
        "indent-width",
        "target-version",
        "required-version",
        "exclude",
        "extend-exclude",
        "include",
        "extend-include",
        "force-exclude",
        "respect-gitignore",
        "src",
        "cache-dir",
        "output-format",
        "preview",
        "fix",
        "unsafe-fixes",
        "show-fixes",
        "namespace-packages",
    }
)
_HOOK_LINTERS = {
    "ruff": "ruff",
    "ruff-check": "ruff",
    "flake8": "flake8",
    "pylint": "pylint",
    "pyflakes": "pyflakes",
}
#: Files whose commands may run a linter (CI, tox, nox, make).
_RUNNER_FILES = (".gitlab-ci.yml", "tox.ini", "noxfile.py", "Makefile", "azure-pipelines.yml")
_RUNNER_GLOBS = (".github/workflows/*.yml", ".github/workflows/*.yaml", ".circleci/config.yml")
# A linter command; `ruff` alone is `ruff check` in releases before 0.1 (`ruff .`). The
# look-arounds keep plugin names (flake8-bugbear) and `ruff format` out. Linear: no nesting.
_LINT_COMMAND = re.compile(
    r"(?<![\w.-])(ruff(?:\s+check\b|\s+\.(?=\s|$))|flake8|pflake8|pylint|pyflakes)(?![\w-])"
)
_OTHER_LINTER_FILES = {".flake8": "flake8", ".pylintrc": "pylint", "pylintrc": "pylint"}
_OTHER_LINTER_SECTIONS = (("setup.cfg", "flake8"), ("tox.ini", "flake8"), ("setup.cfg", "pylint"))
_LOCKS = ("uv.lock", "poetry.lock", "pdm.lock", "pylock.toml")
_REQUIREMENT_PIN = re.compile(r"""(?m)(?:^|["'])\s*ruff\s*===?\s*v?(\d+\.\d+\.\d+)""")


@dataclass(frozen=True, kw_only=True)
class LintGate:
    linter: str | None  # "ruff", "flake8", "pylint", "pyflakes" or None: no gate at all
    where: str | None  # the file that shows it
    ruff_pin: str | None = None  # the ruff release the project pins, e.g. "0.4.1"
    ruff_pin_source: str | None = None


def find_lint_gate(
    inventory: Inventory, pyproject: dict[str, Any] | None, ruff_config: str | None
) -> LintGate:
    """The project's own lint gate: configured linters first, ruff before the others."""
    pin, pin_source = ruff_pin(inventory)
    ran = _commands(inventory)
    found: tuple[str, str] | None
    if ruff_config and ruff_lints(inventory, ruff_config, pyproject):
        found = ("ruff", ruff_config)
    elif "ruff" in ran:
        found = ("ruff", ran["ruff"])
    else:
        others = sorted((name, path) for name, path in ran.items() if name != "ruff")
        found = _other_linter(inventory, pyproject) or (others[0] if others else None)
    return LintGate(
        linter=found[0] if found else None,
        where=found[1] if found else None,
        ruff_pin=pin,
        ruff_pin_source=pin_source,
    )


def ruff_lints(inventory: Inventory, ruff_config: str, pyproject: dict[str, Any] | None) -> bool:
    """Whether the root ruff configuration says anything about linting (not only format)."""
    if ruff_config == "pyproject.toml":
        tool = pyproject.get("tool") if isinstance(pyproject, dict) else None
        table = tool.get("ruff") if isinstance(tool, dict) else None
        if table is None:
            return True  # pyproject.toml ruff cannot parse: the own-gate run reports it
    else:
        doc = inventory.toml(ruff_config)
        table = doc.data if doc is not None else None
        if table is None:
            return True  # broken ruff.toml: ruff refuses it, which the own-gate run reports
    if not isinstance(table, dict):
        return True
    # An empty table still says "ruff, with its default rules"; a `format` table with
    # nothing but shared settings beside it configures the formatter only.
    return "format" not in table or bool(set(table) - RUFF_NON_LINT_KEYS)


def _commands(inventory: Inventory) -> dict[str, str]:
    """Linters that pre-commit hooks or CI/tox/nox/make commands run: name -> first file."""
    found: dict[str, str] = {}
    for repo in _precommit_repos(inventory):
        hooks = repo.get("hooks")
        for hook in hooks if isinstance(hooks, list) else []:
            hook_id = hook.get("id") if isinstance(hook, dict) else None
            linter = _HOOK_LINTERS.get(hook_id) if isinstance(hook_id, str) else None
            if linter is not None:
                found.setdefault(linter, PRECOMMIT)
    runners = [p for p in _RUNNER_FILES if inventory.has(p)]
    runners += sorted({p for g in _RUNNER_GLOBS for p in inventory.matching(g)})
    for path in runners:
        text = inventory.read_text(path) or ""
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                continue
            for match in _LINT_COMMAND.finditer(line):
                name = match[1].split()[0]
                name = "flake8" if name == "pflake8" else name
                found.setdefault(name, path)
    return found


def _precommit_repos(inventory: Inventory) -> list[dict[str, Any]]:
    """The ``repos`` of the pre-commit configuration (bounded YAML loader); [] without one."""
    if not inventory.has(PRECOMMIT):
        return []
    # Imported here: a warm run answered from the cache never loads YAML (start-up cost).
    from pyreadiness.checkers.ci.yamlload import as_dict, as_list, load_yaml

    repos = as_list(as_dict(load_yaml(inventory, PRECOMMIT).data).get("repos"))
    return [r for r in repos if isinstance(r, dict)]


def _other_linter(inventory: Inventory, pyproject: dict[str, Any] | None) -> tuple[str, str] | None:
    for name, linter in _OTHER_LINTER_FILES.items():
        if inventory.has(name):
            return linter, name
    for name, section in _OTHER_LINTER_SECTIONS:
        parser = inventory.ini(name)
        if parser is not None and any(
            s == section or s.startswith(section + ".") for s in parser.sections()
        ):
            return section, name
    tool = pyproject.get("tool") if isinstance(pyproject, dict) else None
    if isinstance(tool, dict) and isinstance(tool.get("pylint"), dict):
        return "pylint", "pyproject.toml"
    return None


def ruff_pin(inventory: Inventory) -> tuple[str | None, str | None]:
    """The ruff release the project pins: pre-commit rev, lock file, ``ruff==`` requirement."""
    for repo in _precommit_repos(inventory):
        url, rev = str(repo.get("repo", "")), str(repo.get("rev", ""))
        if "ruff-pre-commit" in url and re.fullmatch(r"v?\d+\.\d+\.\d+", rev):
            return rev.removeprefix("v"), PRECOMMIT
    for lock in _LOCKS:
        doc = inventory.toml(lock) if inventory.has(lock) else None
        packages = doc.data.get("package") if doc is not None and doc.data else None
        for package in packages if isinstance(packages, list) else []:
            if isinstance(package, dict) and package.get("name") == "ruff":
                version = package.get("version")
                if isinstance(version, str):
                    return version, lock
    requirement_files = [
        f.path
        for f in inventory.files
        if f.path.endswith((".txt", ".in"))
        and (
            PurePosixPath(f.path).name.startswith("requirements")
            or f.path.startswith("requirements/")
        )
    ]
    for path in ["pyproject.toml", *sorted(requirement_files)]:
        text = inventory.read_text(path) if inventory.has(path) else None
        found = _REQUIREMENT_PIN.search(text or "")
        if found is not None:
            return found[1], path
    return None, None
