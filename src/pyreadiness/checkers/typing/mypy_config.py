"""The repository's mypy configuration, read statically as mypy would read it.

mypy reads the first of ``mypy.ini``, ``.mypy.ini``, ``pyproject.toml`` (with a
``[tool.mypy]`` table) and ``setup.cfg`` (with a ``[mypy]`` section) in the working
directory; a file it cannot parse is reported and skipped. We pick the same file the same
way. Nothing here runs or imports anything the file names.
"""

from __future__ import annotations

import configparser
import posixpath
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import PurePosixPath
from typing import Any

from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.repo_regex import UnsafePattern, compile_repo_regex

#: In mypy's search order.
CONFIG_FILES = ("mypy.ini", ".mypy.ini", "pyproject.toml", "setup.cfg")

PATH_OPTIONS = {"mypy_path", "custom_typeshed_dir"}
_CONFIG_DIR_VARS = ("${MYPY_CONFIG_FILE_DIR}", "$MYPY_CONFIG_FILE_DIR")


@dataclass(frozen=True, kw_only=True)
class ConfigProblem:
    path: str
    line: int | None
    message: str


@dataclass(frozen=True, kw_only=True)
class RepoMypyConfig:
    path: str | None  # the file mypy would read; None when the repository has none
    options: dict[str, Any] = field(default_factory=dict)  # the global section
    overrides: tuple[dict[str, Any], ...] = ()  # per-module sections, each with "module"
    problems: tuple[ConfigProblem, ...] = ()  # candidate files mypy would skip as broken

    @property
    def strict(self) -> bool:
        return truthy(self.options.get("strict"))

    @property
    def disallow_untyped_defs(self) -> bool:
        return truthy(self.options.get("disallow_untyped_defs"))


def truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "yes", "true", "on"}


def canonical(key: str) -> str:
    """mypy accepts ``no_X``, ``allow_X`` (for ``disallow_X``) and ``hide_X`` (for ``show_X``)."""
    if key.startswith("no_"):
        return key[3:]
    if key.startswith("allow_"):
        return "dis" + key
    if key.startswith("hide_"):
        return "show_" + key[5:]
    return key


def _ini_config(name: str, text: str) -> RepoMypyConfig | ConfigProblem | None:
    parser = configparser.RawConfigParser()  # as mypy: strict, no interpolation surprises
    try:
        parser.read_string(text, source=name)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None)
        return ConfigProblem(
            path=name,
            line=line if isinstance(line, int) else None,
            message=str(exc).splitlines()[0],
        )
    if name == "setup.cfg" and not parser.has_section("mypy"):
        return None
    options = dict(parser["mypy"]) if parser.has_section("mypy") else {}
    overrides = tuple(
        {"module": section[len("mypy-") :], **dict(parser[section])}
        for section in parser.sections()
        if section.startswith("mypy-")
    )
    return RepoMypyConfig(path=name, options=options, overrides=overrides)


def _toml_config(inventory: Inventory, name: str) -> RepoMypyConfig | ConfigProblem | None:
    doc = inventory.toml(name)
    if doc is None:
        return None
    if doc.data is None:
        return ConfigProblem(path=name, line=doc.line, message=doc.error or "invalid TOML")
    tool = doc.data.get("tool")
    if not isinstance(tool, dict) or "mypy" not in tool:
        return None
    table = tool["mypy"]
    if not isinstance(table, dict):
        return ConfigProblem(path=name, line=None, message="[tool.mypy] is not a table")
    options = {k: v for k, v in table.items() if k != "overrides"}
    raw = table.get("overrides", [])
    if not isinstance(raw, list) or not all(
        isinstance(o, dict) and isinstance(o.get("module"), (str, list)) for o in raw
    ):
        return ConfigProblem(
            path=name,
            line=None,
            message="[[tool.mypy.overrides]] must be tables that each name a module",
        )
    return RepoMypyConfig(path=name, options=options, overrides=tuple(raw))


def find_repo_config(inventory: Inventory) -> RepoMypyConfig:
    """The configuration mypy itself would pick up in the repository root."""
    problems: list[ConfigProblem] = []
    for name in CONFIG_FILES:
        if not inventory.has(name):
            continue
        if name.endswith(".toml"):
            found = _toml_config(inventory, name)
        else:
            text = inventory.read_text(name)
            found = (
                ConfigProblem(path=name, line=None, message="not readable as UTF-8 text")
                if text is None
                else _ini_config(name, text)
            )
        if isinstance(found, ConfigProblem):
            problems.append(found)  # mypy reports it and moves on to the next file
        elif found is not None:
            return RepoMypyConfig(
                path=found.path,
                options=found.options,
                overrides=found.overrides,
                problems=tuple(problems),
            )
    return RepoMypyConfig(path=None, problems=tuple(problems))


def inside_repo(entry: str) -> str | None:
    """A path option's entry relative to the root, or None if it leaves the repository."""
    for var in _CONFIG_DIR_VARS:  # the config file sits in the root, which is mypy's cwd
        entry = entry.replace(var, ".")
    entry = entry.strip()
    if not entry or entry.startswith(("~", "/", "\\")) or "$" in entry or ":" in entry:
        return None
    norm = posixpath.normpath(entry.replace("\\", "/"))
    if norm == ".." or norm.startswith("../"):
        return None
    return norm


def path_entries(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [e for e in re.split("[,:]", str(value)) if e.strip()]


def sanitise_paths(key: str, value: Any) -> Any:
    if key == "custom_typeshed_dir":
        return inside_repo(str(value))
    kept = [e for e in (inside_repo(x) for x in path_entries(value)) if e is not None]
    return kept or None


def search_paths(config: RepoMypyConfig) -> list[str]:
    """The repository's ``mypy_path`` folders that the sanitised copy keeps."""
    value = config.options.get("mypy_path")
    return list(sanitise_paths("mypy_path", value) or []) if value is not None else []


def excluded(config: RepoMypyConfig, rel: str) -> bool:
    """Whether the repository's ``exclude`` regexes keep mypy away from a file.

    mypy tests each folder (with a trailing ``/``) and file it discovers; we pass files by
    name, where mypy would not apply ``exclude``, so we apply it the same way ourselves.
    """
    raw = config.options.get("exclude")
    patterns = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
    parts = rel.split("/")
    candidates = ["/".join(parts[:i]) + "/" for i in range(1, len(parts))] + [rel]
    for pattern in patterns:
        try:
            # The repository's regex, so never with a backtracking engine (RE2: linear time).
            search = compile_repo_regex(str(pattern).strip())
        except UnsafePattern:
            continue  # not applied: mypy then checks the file, which costs time, not safety
        if any(search(c) for c in candidates):
            return True
    return False


@dataclass(frozen=True, kw_only=True)
class ProjectScope:
    """What the project asks mypy to check (``files``, ``packages``, ``modules``)."""

    files: tuple[str, ...] = ()  # relative to the root, inside it; globs allowed
    packages: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()  # ``files`` entries that leave the repository: ignored

    @property
    def declared(self) -> bool:
        return bool(self.files or self.packages or self.modules)

    def covers(self, rel: str, module: str) -> bool:
        if any(module == m for m in self.modules):
            return True
        if any(module == p or module.startswith(p + ".") for p in self.packages):
            return True
        return any(_file_entry_covers(entry, rel) for entry in self.files)


def _file_entry_covers(entry: str, rel: str) -> bool:
    """As mypy expands a ``files`` entry: a file, a folder it walks, or a glob of either."""
    candidates = [rel, *(p.as_posix() for p in PurePosixPath(rel).parents if p.name)]
    if not any(ch in entry for ch in "*?["):
        return entry == "." or any(c == entry for c in candidates)
    # glob's "**/" also matches no folder at all
    patterns = {entry, entry.replace("**/", "")}
    return any(fnmatchcase(c, p) for c in candidates for p in patterns)


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(v).strip() for v in items if str(v).strip()]


def project_scope(config: RepoMypyConfig) -> ProjectScope:
    """The project's own mypy targets, paths kept inside the repository root only."""
    files, outside = [], []
    for entry in _names(config.options.get("files", [])):
        kept = inside_repo(entry)
        if kept is None:
            outside.append(entry)
        else:
            files.append(kept)
    return ProjectScope(
        files=tuple(files),
        packages=tuple(_names(config.options.get("packages", []))),
        modules=tuple(_names(config.options.get("modules", []))),
        outside=tuple(outside),
    )
