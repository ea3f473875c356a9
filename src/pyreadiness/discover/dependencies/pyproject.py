"""``pyproject.toml`` (and ``hatch.toml``): every table that declares dependencies.

PEP 621 ``[project]`` dependencies and optional-dependencies, PEP 735
``[dependency-groups]``, ``[build-system] requires``, Poetry (:mod:`.poetry`), PDM
dev-dependencies, uv dev-dependencies and Hatch environments.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from packaging.utils import canonicalize_name

from pyreadiness.discover.dependencies.lines import TomlLines
from pyreadiness.discover.dependencies.model import (
    Declared,
    DependencyKind,
    Problem,
    ProjectMeta,
)
from pyreadiness.discover.dependencies.pep508 import parse_requirement
from pyreadiness.discover.dependencies.poetry import read_poetry, wrong_type
from pyreadiness.discover.inventory import Inventory

Item = Declared | Problem


@dataclass(kw_only=True)
class PyprojectResult:
    items: list[Item] = field(default_factory=list)
    meta: ProjectMeta = field(default_factory=ProjectMeta)
    files: list[str] = field(default_factory=list)


def read_pyproject(inv: Inventory, rel: str = "pyproject.toml") -> PyprojectResult:
    result = PyprojectResult()
    doc = inv.toml(rel)
    if doc is None:
        return result
    result.files.append(rel)
    if doc.data is None:
        result.items.append(
            Problem(
                rule="malformed-toml",
                path=rel,
                line=doc.line,
                message=f"{rel} is not valid TOML: {doc.error}",
            )
        )
        return result
    data = doc.data
    lines = TomlLines(inv.read_text(rel) or "")
    result.meta = _meta(data, rel)
    result.items.extend(_pep621(data, lines, rel))
    result.items.extend(_groups(data, lines, rel))
    tool = _table(data, "tool")
    poetry = _table(tool, "poetry")
    if poetry:
        result.items.extend(read_poetry(poetry, lines, rel))
    pdm_dev = _table(_table(tool, "pdm"), "dev-dependencies")
    for group, reqs in sorted(pdm_dev.items()):
        table = ("tool", "pdm", "dev-dependencies")
        result.items.extend(
            _strings(reqs, lines, table, group, rel, group, DependencyKind.DEVELOPMENT, "pdm")
        )
    uv_dev = _table(tool, "uv").get("dev-dependencies")
    result.items.extend(
        _strings(
            uv_dev,
            lines,
            ("tool", "uv"),
            "dev-dependencies",
            rel,
            "dev",
            DependencyKind.DEVELOPMENT,
            "uv",
        )
    )
    result.items.extend(
        _hatch(_table(_table(tool, "hatch"), "envs"), lines, rel, ("tool", "hatch"))
    )
    hatch = inv.toml("hatch.toml")
    if hatch is not None:
        result.files.append("hatch.toml")
        if hatch.data is None:
            result.items.append(
                Problem(
                    rule="malformed-toml",
                    path="hatch.toml",
                    line=hatch.line,
                    message=f"hatch.toml is not valid TOML: {hatch.error}",
                )
            )
        else:
            hatch_lines = TomlLines(inv.read_text("hatch.toml") or "")
            envs = _table(hatch.data, "envs")
            result.items.extend(_hatch(envs, hatch_lines, "hatch.toml", ()))
    return result


def _table(data: Any, key: str) -> Mapping[str, Any]:
    value = data.get(key) if isinstance(data, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _meta(data: Mapping[str, Any], rel: str) -> ProjectMeta:
    project = _table(data, "project")
    tool = _table(data, "tool")
    poetry = _table(tool, "poetry")
    name = project.get("name") or poetry.get("name")
    backend = _table(data, "build-system").get("build-backend")
    package_mode: bool | None = None
    # Each tool's own switch for "this project is not a distributable package".
    for value in (
        poetry.get("package-mode"),
        _table(tool, "pdm").get("distribution"),
        _table(tool, "uv").get("package"),
    ):
        if isinstance(value, bool):
            package_mode = value
            break
    dynamic = project.get("dynamic")
    return ProjectMeta(
        name=canonicalize_name(name) if isinstance(name, str) else None,
        build_backend=backend if isinstance(backend, str) else None,
        metadata_file=rel if (project or poetry) else None,
        package_mode=package_mode,
        dynamic_dependencies=isinstance(dynamic, list) and "dependencies" in dynamic,
    )


def _pep621(data: Mapping[str, Any], lines: TomlLines, rel: str) -> Iterator[Item]:
    build = _table(data, "build-system")
    yield from _strings(
        build.get("requires"),
        lines,
        ("build-system",),
        "requires",
        rel,
        "build",
        DependencyKind.BUILD,
        "build-system",
    )
    project = _table(data, "project")
    yield from _strings(
        project.get("dependencies"),
        lines,
        ("project",),
        "dependencies",
        rel,
        "main",
        DependencyKind.RUNTIME,
        "pep621",
    )
    optional = _table(project, "optional-dependencies")
    for extra, reqs in sorted(optional.items()):
        yield from _strings(
            reqs,
            lines,
            ("project", "optional-dependencies"),
            extra,
            rel,
            extra,
            DependencyKind.OPTIONAL,
            "pep621",
        )


def _groups(data: Mapping[str, Any], lines: TomlLines, rel: str) -> Iterator[Item]:
    """PEP 735: strings are requirements; ``{include-group = ...}`` tables are skipped
    (the included group is read on its own)."""
    for group, reqs in sorted(_table(data, "dependency-groups").items()):
        yield from _strings(
            reqs,
            lines,
            ("dependency-groups",),
            group,
            rel,
            group,
            DependencyKind.DEVELOPMENT,
            "pep735",
        )


def _hatch(
    envs: Mapping[str, Any], lines: TomlLines, rel: str, prefix: tuple[str, ...]
) -> Iterator[Item]:
    for env, body in sorted(envs.items()):
        if not isinstance(body, Mapping):
            continue
        table = (*prefix, "envs", env)
        for key in ("dependencies", "extra-dependencies"):
            yield from _strings(
                body.get(key), lines, table, key, rel, env, DependencyKind.DEVELOPMENT, "hatch"
            )


def _strings(
    value: Any,
    lines: TomlLines,
    table: tuple[str, ...],
    key: str,
    rel: str,
    group: str,
    kind: DependencyKind,
    fmt: str,
) -> Iterator[Item]:
    if value is None:
        return
    if not isinstance(value, list):
        yield wrong_type(
            rel,
            lines.key_line(table, key),
            f"[{'.'.join(table)}] {key}",
            "an array of requirement strings",
            value,
            runtime=kind is DependencyKind.RUNTIME,
        )
        return
    for entry in value:
        if not isinstance(entry, str):
            continue  # e.g. PEP 735 {include-group = "test"}
        yield parse_requirement(
            entry,
            source_file=rel,
            line=lines.value_line(table, key, entry),
            group=group,
            kind=kind,
            format=fmt,
        )
