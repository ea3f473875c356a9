"""Read tox's configuration statically: the commands of the environments a call runs.

Looked up where tox 4 looks, in its order: ``tox.ini``, ``setup.cfg`` (``[tox:tox]``),
``pyproject.toml`` (``[tool.tox]``, native or ``legacy_tox_ini``), ``tox.toml``. Factor
conditions (``lint: ruff check``), generative names (``py{311,312}``) and the common
substitutions are understood; a ``-`` prefix (ignore the exit code) is reported.
"""

from __future__ import annotations

import configparser
import itertools
import re
import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_BRACES = re.compile(r"\{([^{}]*,[^{}]*)\}")
_CONDITION = re.compile(r"^([A-Za-z0-9_.!,-]+):\s+(.*)$")
_SUBST = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, kw_only=True)
class ToxCommand:
    path: str
    text: str
    raw: str  # as written, to find its line
    ignore_errors: bool


@dataclass(frozen=True, kw_only=True)
class _Config:
    path: str
    env_list: list[str]
    commands: dict[str, list[str]]  # env name (or "" for the base) -> command lines
    ini: configparser.ConfigParser | None = None


#: Names one generative expression may produce: ``{a,b,c,d}`` 24 times is 4**24 of them;
#: real matrices have tens. Past the bound, the first names are kept.
MAX_GENERATED_NAMES = 1_000


def expand_braces(text: str) -> list[str]:
    """``py{310,311}-lint`` -> ``py310-lint``, ``py311-lint`` (tox's generative names)."""
    parts = _BRACES.split(text)
    choices = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(parts)]
    combos = itertools.islice(itertools.product(*choices), MAX_GENERATED_NAMES)
    return ["".join(c.strip() for c in combo) for combo in combos]


def _split_list(value: str) -> list[str]:
    out: list[str] = []
    for chunk in re.split(r"[\n]+", value):
        chunk = chunk.split("#", 1)[0]
        depth, start = 0, 0
        for i, ch in enumerate(chunk + ","):  # commas inside braces are not separators
            depth += ch == "{"
            depth -= ch == "}"
            if ch == "," and depth == 0:
                if chunk[start:i].strip():
                    out.extend(expand_braces(chunk[start:i].strip()))
                start = i + 1
    return out


def _from_ini(path: str, text: str, prefix: str) -> _Config | None:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text, source=path)
    except configparser.Error:
        return None
    main = f"{prefix}tox" if prefix else "tox"
    env_list = _split_list(
        parser.get(main, "env_list", fallback="") or parser.get(main, "envlist", fallback="")
    )
    commands: dict[str, list[str]] = {}
    for section in parser.sections():
        if section == "testenv":
            name = ""
        elif section.startswith("testenv:"):
            name = section[len("testenv:") :]
        else:
            continue
        if parser.has_option(section, "commands"):
            lines = _join_continuations(parser.get(section, "commands"))
            for env in expand_braces(name) if name else [""]:
                commands[env] = lines
    return _Config(path=path, env_list=env_list, commands=commands, ini=parser)


def _join_continuations(value: str) -> list[str]:
    # Each logical line as a list of parts, joined once: joining as we go copied the growing
    # line for each continuation (200,000 continued lines: 22 s).
    out: list[list[str]] = []
    for raw in value.splitlines():
        line = raw.strip()
        if out and out[-1][-1].endswith("\\"):
            out[-1][-1] = out[-1][-1][:-1]
            out[-1].append(line)
        elif line and not line.startswith("#"):
            out.append([line])
    return [" ".join(parts) for parts in out]


def _toml_commands(value: Any) -> list[str]:
    lines: list[str] = []
    for command in value if isinstance(value, list) else []:
        if not isinstance(command, list):
            continue
        words: list[str] = []
        for part in command:
            if isinstance(part, str):
                words.append(part)
            elif isinstance(part, dict) and isinstance(part.get("default"), list):
                words.extend(str(p) for p in part["default"])
        if words:
            lines.append(shlex.join(words))
    return lines


def _from_toml(path: str, table: dict[str, Any]) -> _Config:
    raw_list = table.get("env_list", [])
    env_list = [str(e) for e in raw_list] if isinstance(raw_list, list) else []
    commands: dict[str, list[str]] = {}
    base = table.get("env_run_base")
    if isinstance(base, dict) and "commands" in base:
        commands[""] = _toml_commands(base["commands"])
    envs = table.get("env")
    for name, env in (envs if isinstance(envs, dict) else {}).items():
        if isinstance(env, dict) and "commands" in env:
            commands[str(name)] = _toml_commands(env["commands"])
    return _Config(path=path, env_list=env_list, commands=commands)


def _load(inventory: Inventory, override: str | None) -> _Config | None:
    candidates = [override] if override else ["tox.ini", "setup.cfg", "pyproject.toml", "tox.toml"]
    for path in candidates:
        if not inventory.has(path):
            continue
        if path.endswith(".toml"):
            doc = inventory.toml(path)
            data = doc.data if doc is not None and doc.data is not None else {}
            tool = data.get("tool", {}) if path.endswith("pyproject.toml") else {"tox": data}
            table = tool.get("tox") if isinstance(tool, dict) else None
            if not isinstance(table, dict):
                continue
            legacy = table.get("legacy_tox_ini")
            if isinstance(legacy, str):
                return _from_ini(path, legacy, "")
            return _from_toml(path, table)
        text = inventory.read_text(path)
        if text is None:
            continue
        prefix = "tox:" if path.endswith("setup.cfg") else ""
        if prefix and "[tox:tox]" not in text:
            continue
        config = _from_ini(path, text, prefix)
        if config is not None:
            return config
    return None


def _applies(condition: str, factors: set[str]) -> bool:
    for alternative in condition.split(","):
        needed = [f for f in alternative.split("-") if f]
        if all((f[1:] not in factors) if f.startswith("!") else (f in factors) for f in needed):
            return True
    return False


def _substitute(line: str, config: _Config) -> str:
    def sub(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner.startswith("posargs"):
            return inner.partition(":")[2]
        if inner in ("envpython", "env_python"):
            return "python"
        if inner in ("toxinidir", "tox_root"):
            return "."
        ref = re.match(r"^\[([^\]]+)\]([\w-]+)$", inner)
        if ref and config.ini is not None:
            return config.ini.get(ref.group(1), ref.group(2), fallback="")
        return ""

    return _SUBST.sub(sub, line)


def tox_commands(
    inventory: Inventory, names: tuple[str, ...], options: tuple[str, ...], override: str | None
) -> list[ToxCommand] | None:
    """Commands of the selected environments; None when no tox configuration is readable."""
    config = _load(inventory, override)
    if config is None:
        return None
    known = list(dict.fromkeys([*config.env_list, *(n for n in config.commands if n)]))
    factors = [o.split("=", 1)[1] for o in options if o.startswith("factor=")]
    if names and "ALL" not in names:
        envs = [e for n in names for e in expand_braces(n)]
    elif "all" in options or "ALL" in names:
        envs = known
    elif factors:
        # `tox run -f py312-tests` (or `-f py312 -f tests`): envs having every factor.
        wanted = {part for value in factors for part in value.split("-") if part}
        envs = [e for e in known if wanted <= set(e.split("-"))]
    else:
        envs = config.env_list or ["py"]
    out: list[ToxCommand] = []
    for env in envs:
        env_factors = set(env.split("-"))
        for raw in config.commands.get(env, config.commands.get("", [])):
            line = raw
            condition = _CONDITION.match(raw)
            if condition and not raw.startswith(("-", "{")):
                if not _applies(condition.group(1), env_factors):
                    continue
                line = condition.group(2)
            line = _substitute(line, config).strip()
            ignore = line.startswith("-")
            line = line.lstrip("- ").strip()
            if line:
                out.append(ToxCommand(path=config.path, text=line, raw=raw, ignore_errors=ignore))
    return out


def tox_env_list(inventory: Inventory) -> tuple[str, tuple[str, ...]] | None:
    """The file that configures tox and its ``env_list`` (expanded), or None without tox."""
    config = _load(inventory, None)
    if config is None:
        return None
    return config.path, tuple(config.env_list)
