"""The repository's mypy configuration, read statically, and the sanitised copy mypy gets.

mypy reads the first of ``mypy.ini``, ``.mypy.ini``, ``pyproject.toml`` (with a
``[tool.mypy]`` table) and ``setup.cfg`` (with a ``[mypy]`` section) in the working
directory; a file it cannot parse is skipped. We pick the same file the same way, copy its
global and per-module options into a TOML file of our own, and hand mypy that copy with
``--config-file``. The copy leaves out every option that would run code (``plugins``,
``python_executable``, ``install_types``), write files (``cache_dir``, reports, JUnit
XML), read outside the repository, or change the output we parse.
"""

from __future__ import annotations

import configparser
import datetime
import glob
import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyreadiness.discover.inventory import Inventory

#: In mypy's search order.
CONFIG_FILES = ("mypy.ini", ".mypy.ini", "pyproject.toml", "setup.cfg")

# Options left out of the copy, keyed by canonical name (see _canonical), with the reason.
_RUNS_CODE = {"plugins", "python_executable", "install_types", "non_interactive"}
_WRITES_FILES = {
    "cache_dir",
    "junit_xml",
    "junit_format",
    "sqlite_cache",
    "cache_fine_grained",
    "incremental",
    "skip_version_check",
    "skip_cache_mtime_checks",
    "fixed_format_cache",
    "quickstart_file",
    "debug_cache",
}
_OURS_TO_CHOOSE = {
    # what to check: the shipped modules, listed by us
    "files",
    "packages",
    "modules",
    # third-party packages come from nowhere (--no-site-packages), never from the repo's venv
    "site_packages",
    "silence_site_packages",
    # how mypy prints and how hard it works: we parse the output and share the machine
    "pretty",
    "color_output",
    "error_summary",
    "show_error_context",
    "show_column_numbers",
    "show_error_end",
    "show_absolute_path",
    "show_error_codes",
    "show_error_code_links",
    "show_traceback",
    "raise_exceptions",
    "pdb",
    "verbosity",
    "output",
    "num_workers",
}
#: Checks that fire on the ``Any`` left by third-party imports we cannot resolve (no
#: dependencies are installed for the scan), or on ``# type: ignore`` comments written for
#: errors that only occur with them installed: turned off when the code imports any.
ENVIRONMENT_SENSITIVE = (
    "disallow_any_decorated",
    "disallow_any_expr",
    "disallow_any_unimported",
    "disallow_subclassing_any",
    "disallow_untyped_decorators",
    "warn_return_any",
    "warn_unused_ignores",
)
#: The part of ENVIRONMENT_SENSITIVE that ``strict = true`` turns on.
_STRICT_IMPLIES = frozenset(
    {
        "disallow_subclassing_any",
        "disallow_untyped_decorators",
        "warn_return_any",
        "warn_unused_ignores",
    }
)
_PATH_OPTIONS = {"mypy_path", "custom_typeshed_dir"}
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
        return _truthy(self.options.get("strict"))

    @property
    def disallow_untyped_defs(self) -> bool:
        return _truthy(self.options.get("disallow_untyped_defs"))


@dataclass(frozen=True, kw_only=True)
class SanitisedConfig:
    text: str  # TOML with a [tool.mypy] table
    dropped: tuple[str, ...]  # option names left out (sorted)
    relaxed: tuple[str, ...]  # environment-sensitive checks the repository had on, now off


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "yes", "true", "on"}


def _canonical(key: str) -> str:
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


def _inside_repo(entry: str) -> str | None:
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


def _path_entries(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [e for e in re.split("[,:]", str(value)) if e.strip()]


def _sanitise_paths(key: str, value: Any) -> Any:
    if key == "custom_typeshed_dir":
        return _inside_repo(str(value))
    kept = [e for e in (_inside_repo(x) for x in _path_entries(value)) if e is not None]
    return kept or None


def search_paths(config: RepoMypyConfig) -> list[str]:
    """The repository's ``mypy_path`` folders that the sanitised copy keeps."""
    value = config.options.get("mypy_path")
    return list(_sanitise_paths("mypy_path", value) or []) if value is not None else []


def _sanitise_section(section: Mapping[str, Any], relax: bool, dropped: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in section.items():
        canon = _canonical(key)
        if (
            canon in _RUNS_CODE
            or canon in _WRITES_FILES
            or canon in _OURS_TO_CHOOSE
            or key.endswith("_report")
        ):
            dropped.add(key)
            continue
        if relax and canon in ENVIRONMENT_SENSITIVE:
            continue  # set once, globally, below
        if key in _PATH_OPTIONS:
            kept = _sanitise_paths(key, value)
            dropped.update(f"{key}: {e}" for e in _path_entries(value) if _inside_repo(e) is None)
            if kept is None:
                continue
            value = kept
        out[key] = value
    return out


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
            regex = re.compile(str(pattern).strip())
        except re.error:
            continue  # mypy would refuse it; the run then reports the broken config
        if any(regex.search(c) for c in candidates):
            return True
    return False


def _module_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value]
    return [v.strip() for v in str(value).split(",") if v.strip()]


def _skip_modules(overrides: list[dict[str, Any]], modules: Sequence[str]) -> list[dict[str, Any]]:
    """Add ``follow_imports = skip`` for modules mypy must not parse (syntax errors).

    A module named by one of the repository's sections is taken out of it first: two
    sections giving one module different values make mypy reject the whole file.
    """
    skip = set(modules)
    out = []
    for override in overrides:
        names = _module_list(override.get("module", ""))
        kept = [n for n in names if n not in skip]
        if kept:
            out.append({**override, "module": kept})
    out.extend({"module": name, "follow_imports": "skip"} for name in sorted(skip))
    return out


def sanitise(
    config: RepoMypyConfig,
    files: Sequence[str],
    *,
    relax: bool,
    skip_modules: Sequence[str] = (),
) -> SanitisedConfig:
    """The repository's options minus the unsafe ones, checking exactly ``files``."""
    dropped: set[str] = set()
    options = _sanitise_section(config.options, relax, dropped)
    if relax:
        options.update(dict.fromkeys(ENVIRONMENT_SENSITIVE, False))
    overrides = []
    for override in config.overrides:
        kept = _sanitise_section(override, relax, dropped)
        if set(kept) - {"module"}:
            overrides.append(kept)
    if skip_modules:
        overrides = _skip_modules(overrides, skip_modules)
    if overrides:
        options["overrides"] = overrides
    # Listed files are globbed by mypy: escape so a name holding ``[`` stays literal.
    options["files"] = [glob.escape(f) for f in files]
    source = config.path or "no configuration file"
    lines = [
        f"# Sanitised copy of the repository's mypy configuration ({source}),",
        "# written by pyreadiness: options that run code or write files are left out.",
        "[tool.mypy]",
    ]
    lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in options.items()]
    return SanitisedConfig(
        text="\n".join(lines) + "\n",
        dropped=tuple(sorted(dropped)),
        relaxed=_enabled_sensitive(config) if relax else (),
    )


def _enabled_sensitive(config: RepoMypyConfig) -> tuple[str, ...]:
    """The environment-sensitive checks the repository turns on somewhere."""
    found = set(_STRICT_IMPLIES) if config.strict else set()
    for index, section in enumerate((config.options, *config.overrides)):
        for key, value in section.items():
            canon = _canonical(key)
            if canon not in ENVIRONMENT_SENSITIVE:
                continue
            inverted = canon != key  # allow_X / no_X say the opposite of X
            if _truthy(value) != inverted:
                found.add(canon)
            elif index == 0:
                found.discard(canon)  # the global section may switch off what strict set
    return tuple(sorted(found))


def _toml_key(key: str) -> str:
    return json.dumps(str(key))


def _toml_value(value: Any) -> str:
    """TOML for the values a parsed config can hold (JSON strings are TOML basic strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value)).replace("\x7f", "\\u007f")
