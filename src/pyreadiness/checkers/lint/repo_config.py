"""What the repository says about linting, read statically (nothing of it is executed).

* the Python version ruff should target: the lower bound of ``requires-python``;
* which linter the repository configures for itself (ruff, flake8, pylint);
* the formatting style it expects: its own ruff configuration, else black's options
  translated to ruff's, else ruff's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from pyreadiness.discover.inventory import Inventory

#: Target when the repository declares no ``requires-python``: the oldest CPython still
#: maintained upstream when this checker version was written. Changing it bumps the version.
DEFAULT_TARGET = (3, 11)
#: The range of ``--target-version`` values every ruff we support accepts.
OLDEST_TARGET = (3, 7)
NEWEST_TARGET = (3, 14)

#: File names from which ruff reads configuration, at any depth (ruff's lookup is per file).
RUFF_CONFIG_NAMES = frozenset({"pyproject.toml", "ruff.toml", ".ruff.toml"})
#: Other linters' configuration, only to say that the repository lints with them.
_OTHER_LINTER_FILES = {".flake8": "flake8", ".pylintrc": "pylint", "pylintrc": "pylint"}
_OTHER_LINTER_SECTIONS = (("setup.cfg", "flake8"), ("tox.ini", "flake8"), ("setup.cfg", "pylint"))


@dataclass(frozen=True, kw_only=True)
class RepoLintConfig:
    target_version: str  # ruff's spelling, e.g. "py311"
    target_origin: str  # where the target came from, for the report
    own_linter: str | None  # "ruff", "flake8", "pylint" or None
    ruff_config: str | None  # root file that configures ruff, when it does
    format_style: str  # "ruff" (own config), "black" (translated) or "default"
    isolated_style: str  # the style used when ruff's own configuration is absent or unusable
    format_options: tuple[str, ...]  # ruff format options of that style
    config_files: tuple[str, ...]  # every file whose content may shape ruff's configuration


def read_repo_config(inventory: Inventory) -> RepoLintConfig:
    pyproject = _pyproject(inventory)
    target, origin = _target(pyproject)
    ruff_config = _root_ruff_config(inventory, pyproject)
    own_linter = "ruff" if ruff_config else _other_linter(inventory, pyproject)
    black = _table(pyproject, "tool", "black")
    # Without a usable ruff configuration: black's options when it has some, else defaults.
    isolated_style = "black" if black is not None else "default"
    return RepoLintConfig(
        target_version=f"py{target[0]}{target[1]}",
        target_origin=origin,
        own_linter=own_linter,
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
    names = RUFF_CONFIG_NAMES | set(_OTHER_LINTER_FILES) | {"setup.cfg", "tox.ini"}
    return [f.path for f in inventory.files if PurePosixPath(f.path).name in names]


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


def _target(pyproject: dict[str, Any] | None) -> tuple[tuple[int, int], str]:
    # Imported here: a run answered from the cache reads config_inputs() only, not this.
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    default = "our default"
    project = _table(pyproject, "project")
    spec = project.get("requires-python") if project else None
    if not isinstance(spec, str):
        return DEFAULT_TARGET, f"{default}: no requires-python declared"
    try:
        specifiers = SpecifierSet(spec)
    except InvalidSpecifier:
        return DEFAULT_TARGET, f"{default}: requires-python {spec!r} is not a valid specifier"
    bounds: list[tuple[int, int]] = []
    for item in specifiers:
        if item.operator not in (">=", ">", "~=", "==", "==="):
            continue
        try:
            version = Version(item.version.removesuffix(".*"))
        except InvalidVersion:
            continue
        bounds.append((version.major, version.minor))
    if not bounds:
        return DEFAULT_TARGET, f"{default}: requires-python {spec!r} has no lower bound"
    # Clamped to what ruff accepts: ">=2.7" still means "the oldest Python 3 ruff knows".
    low = min(max(max(bounds), OLDEST_TARGET), NEWEST_TARGET)
    return low, f"from requires-python {spec!r}"


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


def _other_linter(inventory: Inventory, pyproject: dict[str, Any] | None) -> str | None:
    for name, linter in _OTHER_LINTER_FILES.items():
        if inventory.has(name):
            return linter
    for name, section in _OTHER_LINTER_SECTIONS:
        parser = inventory.ini(name)
        if parser is not None and any(
            s == section or s.startswith(section + ".") for s in parser.sections()
        ):
            return section
    if _table(pyproject, "tool", "pylint") is not None:
        return "pylint"
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
