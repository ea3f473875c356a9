"""Where a repository names Python versions: CI matrices and images, tox, nox, runtime pins
and tool targets. Everything is read as data (YAML through the bounded CI loader, noxfile.py
with ``ast``); nothing is run.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fnmatch import fnmatch
from typing import Any

from pyreadiness.checkers.ci.tox import tox_env_list
from pyreadiness.checkers.ci.yamlload import line_of as yaml_line
from pyreadiness.checkers.ci.yamlload import load_yaml, walk
from pyreadiness.checkers.project.rules import line_of
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pysource import parse_python


@dataclass(frozen=True, kw_only=True)
class Claim:
    version: str  # "3.11"
    kind: str  # "ci", "tox", "nox", "runtime" (.python-version), "docker", "target"
    path: str
    line: int | None = None


@dataclass(frozen=True, kw_only=True)
class Unquoted:
    """A CI python-version written as a YAML number that lost its zero (3.10 read as 3.1)."""

    value: str
    path: str
    line: int | None


# Every repetition below starts with its own mark (".", "-dev", "t", a letter and digits),
# so a long hostile value cannot make the match backtrack.
_VERSION = re.compile(
    r"^(?:cpython-?|python-?|py)?([23])\.(\d{1,2})(?:\.[\dx*]+|-dev|t|[abrc]{1,2}\d+)*$"
)
#: Longer values are no version (and are not matched at all).
MAX_VALUE = 40
#: Longer Dockerfile lines are not matched (a FROM line is short).
MAX_LINE = 500
_TOX_FACTOR = re.compile(r"^py([23])\.?(\d{1,2})$")
_IMAGE = re.compile(r"python:([23])\.(\d{1,2})(?![\d])")
_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*\S*python:([23])\.(\d{1,2})(?![\d])", re.IGNORECASE)
_RUFF_TARGET = re.compile(r"^py([23])(\d{1,2})$")
#: CI keys that hold Python versions, after lowercasing and turning ``_``/``.`` into ``-``.
_VERSION_KEYS = frozenset(
    {"python-version", "python-versions", "python", "py", "pyver", "versionspec", "toxpython"}
)
#: YAML numbers that can only be a version with its trailing zero lost (3.10 -> 3.1).
_LOST_ZERO = frozenset({"3.1", "3.2"})
_CI_GLOBS = (
    ".github/workflows/*.yml",
    ".github/workflows/*.yaml",
    ".gitlab-ci.yml",
    ".gitlab/*.yml",
    "azure-pipelines*.yml",
    ".azure-pipelines/*.yml",
    ".circleci/config.yml",
    ".travis.yml",
    "bitbucket-pipelines.yml",
)


def parse_version(text: str) -> str | None:
    if len(text) > MAX_VALUE:
        return None
    match = _VERSION.match(text.strip())
    return f"{match.group(1)}.{match.group(2)}" if match else None


def ci_files(inv: Inventory) -> tuple[str, ...]:
    return tuple(f.path for f in inv.files if any(fnmatch(f.path, g) for g in _CI_GLOBS))


def ci_claims(inv: Inventory) -> tuple[list[Claim], list[Unquoted]]:
    claims: list[Claim] = []
    unquoted: list[Unquoted] = []
    for path in ci_files(inv):
        doc = load_yaml(inv, path)
        if doc.data is None:
            continue  # the ci checker reports broken CI files
        for node in walk(doc.data):
            if isinstance(node, dict):
                _from_mapping(node, path, claims, unquoted)
    return claims, unquoted


def _from_mapping(
    node: dict[Any, Any], path: str, claims: list[Claim], unq: list[Unquoted]
) -> None:
    for key, value in node.items():
        if not isinstance(key, str):
            continue
        norm = key.lower().replace("_", "-").replace(".", "-")
        items = value if isinstance(value, list) else [value]
        if norm in _VERSION_KEYS:
            for item in items:
                if isinstance(item, float) and repr(item) in _LOST_ZERO:
                    unq.append(Unquoted(value=repr(item), path=path, line=yaml_line(node)))
                    continue
                if isinstance(item, float):
                    item = repr(item)  # 3.9 and 3.11 read as they were meant
                if isinstance(item, str) and "${{" not in item:
                    version = parse_version(item)
                    if version:
                        claims.append(
                            Claim(version=version, kind="ci", path=path, line=yaml_line(item))
                        )
        elif norm in {"image", "name", "docker"}:
            for item in items:
                if isinstance(item, str):
                    match = _IMAGE.search(item)
                    if match:
                        version = f"{match.group(1)}.{match.group(2)}"
                        claims.append(
                            Claim(version=version, kind="ci", path=path, line=yaml_line(item))
                        )


def tox_claims(inv: Inventory) -> list[Claim]:
    found = tox_env_list(inv)
    if found is None:
        return []
    path, envs = found
    text = inv.read_text(path) if path.endswith((".ini", ".cfg")) else None
    out = []
    for env in envs:
        for factor in env.split("-"):
            match = _TOX_FACTOR.match(factor)
            if match:
                out.append(
                    Claim(
                        version=f"{match.group(1)}.{match.group(2)}",
                        kind="tox",
                        path=path,
                        line=line_of(text, "envlist") or line_of(text, "env_list"),
                    )
                )
    return out


def nox_claims(inv: Inventory) -> list[Claim]:
    if not inv.has("noxfile.py"):
        return []
    text = inv.read_text("noxfile.py")
    if text is None:
        return []
    try:
        tree = parse_python(text, "noxfile.py")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    constants = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for deco in node.decorator_list:
            if not isinstance(deco, ast.Call):
                continue
            for kw in deco.keywords:
                if kw.arg not in ("python", "py"):
                    continue
                value = (
                    constants.get(kw.value.id, kw.value)
                    if isinstance(kw.value, ast.Name)
                    else kw.value
                )
                for version in _literal_versions(value):
                    out.append(
                        Claim(version=version, kind="nox", path="noxfile.py", line=deco.lineno)
                    )
    return out


def _literal_versions(node: ast.expr) -> list[str]:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [v for item in items if isinstance(item, str) and (v := parse_version(item))]


def runtime_claims(inv: Inventory) -> list[Claim]:
    """The Python a deployment or a developer's shell runs: .python-version, Dockerfiles."""
    out = []
    if inv.has(".python-version"):
        text = inv.read_text(".python-version") or ""
        for number, line in enumerate(text.splitlines()[:20], start=1):
            version = parse_version(line.split("#", 1)[0])
            if version:
                out.append(
                    Claim(version=version, kind="runtime", path=".python-version", line=number)
                )
    for f in inv.files:
        name = f.path.rsplit("/", 1)[-1].lower()
        if not (name.startswith(("dockerfile", "containerfile")) or name.endswith(".dockerfile")):
            continue
        text = inv.read_text(f.path) or ""
        for number, line in enumerate(text.splitlines()[:2000], start=1):
            match = _FROM.match(line) if len(line) <= MAX_LINE else None
            if match:
                version = f"{match.group(1)}.{match.group(2)}"
                out.append(Claim(version=version, kind="docker", path=f.path, line=number))
    return out


def target_claims(inv: Inventory) -> list[Claim]:
    """ruff's target-version and mypy's python_version: what the code is checked against."""
    out = []
    for path, table in _tool_tables(inv, "ruff", ("ruff.toml", ".ruff.toml")):
        match = _RUFF_TARGET.match(str(table.get("target-version", "")))
        if match:
            ruff = f"{match.group(1)}.{match.group(2)}"
            out.append(Claim(version=ruff, kind="target", path=path))
    for path, table in _tool_tables(inv, "mypy", ()):
        mypy = parse_version(str(table.get("python_version", "")))
        if mypy:
            out.append(Claim(version=mypy, kind="target", path=path))
    for path in ("mypy.ini", ".mypy.ini", "setup.cfg"):
        cfg = inv.ini(path)
        if cfg is not None and cfg.has_option("mypy", "python_version"):
            ini = parse_version(cfg.get("mypy", "python_version"))
            if ini:
                out.append(Claim(version=ini, kind="target", path=path))
    return out


def _tool_tables(
    inv: Inventory, tool: str, own_files: tuple[str, ...]
) -> list[tuple[str, dict[str, Any]]]:
    out = []
    doc = inv.toml("pyproject.toml")
    tools = doc.data.get("tool") if doc is not None and doc.data is not None else None
    table = tools.get(tool) if isinstance(tools, dict) else None
    if isinstance(table, dict):
        out.append(("pyproject.toml", table))
    for path in own_files:
        own = inv.toml(path)
        if own is not None and own.data is not None:
            out.append((path, own.data))
    return out
