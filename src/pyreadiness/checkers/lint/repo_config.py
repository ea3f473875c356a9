"""What the repository says about linting, read statically (nothing of it is executed).

* the Python version ruff should target: the project's target Python
  (``discover/target_python.py``);
* which linter the repository keeps itself to (ruff, flake8, pylint, pyflakes; gates.py);
* the formatting style it expects: its own ruff configuration, else black's options
  translated to ruff's, else ruff's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pyreadiness.checkers.lint.gates import LintGate, find_lint_gate
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.target_python import TARGET_FILES, TargetPython, target_python

#: The range of ``--target-version`` values every ruff we support accepts.
OLDEST_TARGET = (3, 7)
NEWEST_TARGET = (3, 14)

#: File names from which ruff reads configuration, at any depth (ruff's lookup is per file).
RUFF_CONFIG_NAMES = frozenset({"pyproject.toml", "ruff.toml", ".ruff.toml"})
#: Other files that say which linter runs (configuration, pre-commit, CI, tox, nox, make).
_GATE_FILES = (".flake8", ".pylintrc", "pylintrc", "setup.cfg", "tox.ini", "noxfile.py")


@dataclass(frozen=True, kw_only=True)
class RepoLintConfig:
    target_version: str  # ruff's spelling, e.g. "py311"
    target_origin: str  # where the target came from, for the report
    own_linter: str | None  # "ruff", "flake8", "pylint", "pyflakes" or None: no lint gate
    gate: LintGate  # where the own linter shows, and the ruff release the project pins
    ruff_config: str | None  # root file that configures ruff, when it does
    format_style: str  # "ruff" (own config), "black" (translated) or "default"
    isolated_style: str  # the style used when ruff's own configuration is absent or unusable
    format_options: tuple[str, ...]  # ruff format options of that style
    config_files: tuple[str, ...]  # every file whose content may shape ruff's configuration
    has_pyproject: bool  # where a "no lint gate" finding points


def read_repo_config(inventory: Inventory) -> RepoLintConfig:
    pyproject = _pyproject(inventory)
    target, origin = _target(target_python(inventory))
    ruff_config = _root_ruff_config(inventory, pyproject)
    gate = find_lint_gate(inventory, pyproject, ruff_config)
    black = _table(pyproject, "tool", "black")
    # Without a usable ruff configuration: black's options when it has some, else defaults.
    isolated_style = "black" if black is not None else "default"
    return RepoLintConfig(
        target_version=f"py{target[0]}{target[1]}",
        target_origin=origin,
        own_linter=gate.linter,
        has_pyproject=inventory.has("pyproject.toml"),
        gate=gate,
        ruff_config=ruff_config,
        format_style="ruff" if ruff_config else isolated_style,
        isolated_style=isolated_style,
        format_options=_black_options(black) if black is not None else (),
        config_files=tuple(
            sorted(
                f.path for f in inventory.files if PurePosixPath(f.path).name in RUFF_CONFIG_NAMES
            )
        ),
    )


def config_inputs(inventory: Inventory) -> list[str]:
    """Every configuration file this checker reads, for the whole-result cache key."""
    names = RUFF_CONFIG_NAMES | set(_GATE_FILES) | set(TARGET_FILES)
    found = [f.path for f in inventory.files if PurePosixPath(f.path).name in names]
    lock_or_requirements = [
        f.path for f in inventory.files if f.kind is FileKind.CONFIG and f.path not in found
    ]
    return sorted({*found, *lock_or_requirements})


def _pyproject(inventory: Inventory) -> dict[str, Any] | None:
    doc = inventory.toml("pyproject.toml")
    return doc.data if doc is not None else None


def _table(data: dict[str, Any] | None, *keys: str) -> dict[str, Any] | None:
    node: Any = data
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node if isinstance(node, dict) else None


def _target(target: TargetPython) -> tuple[tuple[int, int], str]:
    if target.minimum is None:
        return NEWEST_TARGET, (
            f"no target Python declared: parsed as Python {NEWEST_TARGET[0]}.{NEWEST_TARGET[1]}, "
            "the newest ruff knows"
        )
    # Clamped to what ruff accepts: ">=2.7" still means "the oldest Python 3 ruff knows".
    low = min(max(target.minimum, OLDEST_TARGET), NEWEST_TARGET)
    return low, f"from {target.evidence} in {target.source}"


def _root_ruff_config(inventory: Inventory, pyproject: dict[str, Any] | None) -> str | None:
    # ruff's own precedence in one folder: .ruff.toml, then ruff.toml, then pyproject.toml.
    for name in (".ruff.toml", "ruff.toml"):
        if inventory.has(name):
            return name
    if _table(pyproject, "tool", "ruff") is not None:
        return "pyproject.toml"
    if pyproject is None and inventory.has("pyproject.toml"):
        # Not valid TOML: ruff will refuse it too, which the own-config run then reports.
        text = inventory.read_text("pyproject.toml") or ""
        if "[tool.ruff" in text:
            return "pyproject.toml"
    return None


def _black_options(black: dict[str, Any]) -> tuple[str, ...]:
    """black's style options as ruff format options (black accepts dashes or underscores)."""

    def get(key: str) -> Any:
        return black.get(key, black.get(key.replace("-", "_")))

    options: list[str] = []
    length = get("line-length")
    if isinstance(length, int) and not isinstance(length, bool) and 1 <= length <= 320:
        options += ["--line-length", str(length)]
    if get("skip-string-normalization") is True:
        options += ["--config", 'format.quote-style = "preserve"']
    if get("skip-magic-trailing-comma") is True:
        options += ["--config", "format.skip-magic-trailing-comma = true"]
    return tuple(options)
