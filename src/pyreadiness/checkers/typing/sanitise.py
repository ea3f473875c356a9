"""The sanitised copy of the repository's mypy configuration that mypy actually gets.

The repository's global and per-module options go into a TOML file of our own, handed to
mypy with ``--config-file``. The copy leaves out every option that would run code
(``plugins``, ``python_executable``, ``install_types``), write files (``cache_dir``,
reports, JUnit XML), read outside the repository, or change the output we parse; and it
lists exactly the files to check.
"""

from __future__ import annotations

import datetime
import glob
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pyreadiness.checkers.typing.mypy_config import (
    PATH_OPTIONS,
    RepoMypyConfig,
    canonical,
    inside_repo,
    path_entries,
    sanitise_paths,
    truthy,
)

# Options left out of the copy, by canonical name (mypy_config.canonical), grouped by reason.
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


@dataclass(frozen=True, kw_only=True)
class SanitisedConfig:
    text: str  # TOML with a [tool.mypy] table
    dropped: tuple[str, ...]  # option names left out (sorted)
    relaxed: tuple[str, ...]  # environment-sensitive checks the repository had on, now off


def _sanitise_section(section: Mapping[str, Any], relax: bool, dropped: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in section.items():
        canon = canonical(key)
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
        if key in PATH_OPTIONS:
            kept = sanitise_paths(key, value)
            dropped.update(f"{key}: {e}" for e in path_entries(value) if inside_repo(e) is None)
            if kept is None:
                continue
            value = kept
        out[key] = value
    return out


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
            canon = canonical(key)
            if canon not in ENVIRONMENT_SENSITIVE:
                continue
            inverted = canon != key  # allow_X / no_X say the opposite of X
            if truthy(value) != inverted:
                found.add(canon)
            elif index == 0:
                found.discard(canon)  # the global section may switch off what strict set
    return tuple(sorted(found))


def _toml_key(key: str) -> str:
    return json.dumps(str(key), ensure_ascii=False).replace("\x7f", "\\u007f")


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
    # Raw UTF-8 but escaped controls: ASCII escapes would split astral characters into
    # surrogate pairs, which TOML forbids.
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
