"""Pipenv: ``Pipfile`` (TOML declarations) and ``Pipfile.lock`` (JSON pins)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from pyreadiness.discover.bounded import loads_json
from pyreadiness.discover.dependencies.lines import TomlLines
from pyreadiness.discover.dependencies.model import (
    Declared,
    DependencyKind,
    LockFile,
    LockFormat,
    Pinned,
    Problem,
)
from pyreadiness.discover.inventory import Inventory

# Pipfile tables that are not package categories.
_NOT_CATEGORIES = frozenset({"source", "requires", "scripts", "pipenv"})


def read_pipfile(inv: Inventory, rel: str = "Pipfile") -> Iterator[Declared | Problem]:
    doc = inv.toml(rel)
    if doc is None:
        return
    if doc.data is None:
        yield Problem(
            rule="malformed-toml",
            path=rel,
            line=doc.line,
            message=f"{rel} is not valid TOML: {doc.error}",
        )
        return
    lines = TomlLines(inv.read_text(rel) or "")
    for category, table in sorted(doc.data.items()):
        if category in _NOT_CATEGORIES or not isinstance(table, Mapping):
            continue
        if category == "packages":
            kind, group = DependencyKind.RUNTIME, "main"
        else:
            kind, group = (
                DependencyKind.DEVELOPMENT,
                "dev" if category == "dev-packages" else category,
            )
        for raw_name, value in table.items():
            yield _declared(
                raw_name, value, rel, lines.key_line((category,), raw_name), group, kind
            )


def _declared(
    raw_name: str, value: Any, rel: str, line: int | None, group: str, kind: DependencyKind
) -> Declared | Problem:
    version: Any = value
    extras: tuple[str, ...] = ()
    marker: str | None = None
    url: str | None = None
    if isinstance(value, Mapping):
        version = value.get("version", "*")
        extras = tuple(sorted(str(e) for e in value.get("extras", []) or []))
        marker = value["markers"] if isinstance(value.get("markers"), str) else None
        for key in ("git", "path", "file"):
            if isinstance(value.get(key), str):
                url = value[key]
                version = "*"
    spec = "" if not isinstance(version, str) or version.strip() == "*" else version.strip()
    try:
        SpecifierSet(spec)
    except InvalidSpecifier:
        return Problem(
            rule="bad-requirement",
            path=rel,
            line=line,
            message=f"{raw_name} = {version!r} is not a version specifier",
        )
    return Declared(
        name=canonicalize_name(raw_name),
        specifier=spec,
        extras=extras,
        marker=marker,
        source_file=rel,
        line=line,
        group=group,
        kind=kind,
        format="pipfile",
        url=url,
    )


def read_pipfile_lock(inv: Inventory, rel: str = "Pipfile.lock") -> LockFile | Problem | None:
    if not inv.has(rel):
        return None
    text = inv.read_text(rel)
    try:
        data = loads_json(text) if text is not None else None
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        return Problem(
            rule="malformed-lock",
            path=rel,
            line=line,
            message=f"{rel} is not valid JSON ({str(exc).split(':', 1)[0]}); it pins nothing",
        )
    if not isinstance(data, Mapping):
        return Problem(
            rule="malformed-lock",
            path=rel,
            line=None,
            message=f"{rel} is not a Pipfile.lock (expected a JSON object); it pins nothing",
        )
    lines = (text or "").splitlines()
    packages: list[Pinned] = []
    for section, entries in sorted(data.items()):
        if section == "_meta" or not isinstance(entries, Mapping):
            continue
        section_line = _json_key_line(lines, section, 0)
        for raw_name, entry in entries.items():
            if not isinstance(entry, Mapping):
                continue
            version = entry.get("version")
            if not isinstance(version, str) or not version.startswith("=="):
                continue  # VCS and path entries carry no version
            packages.append(
                Pinned(
                    name=canonicalize_name(raw_name),
                    version=version[2:].strip(),
                    source_file=rel,
                    line=_json_key_line(lines, raw_name, section_line or 0),
                    hashes=bool(entry.get("hashes")),
                    lock=LockFormat.PIPFILE,
                    groups=(section,),
                )
            )
    return LockFile(path=rel, format=LockFormat.PIPFILE, packages=tuple(packages))


def _json_key_line(lines: list[str], key: str, after: int) -> int | None:
    needle = json.dumps(key) + ":"
    for number in range(after + 1, len(lines) + 1):
        if lines[number - 1].lstrip().startswith(needle):
            return number
    return None
