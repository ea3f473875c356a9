"""The fleet manifest: which repositories to score, read as data.

Three spellings, chosen by the file's extension:

- plain text (any other extension): one repository a line, ``SOURCE [REF]``; ``#`` starts a
  comment. SOURCE is a local folder (relative to the manifest) or a git URL.
- TOML (``.toml``): ``[[repository]]`` tables with ``source`` and optional ``name``, ``ref``,
  ``select``, ``ignore``, ``fail_under``, ``min`` (a table of pillar minimums).
- YAML (``.yaml``/``.yml``): ``repositories:``, a list of the same mappings or of strings.

A line we cannot read is a usage error naming the line (exit 2): a manifest is ours, and a
fleet run that silently dropped a repository would be a wrong league table. A folder that
does not exist or a URL that cannot be cloned is not a manifest error: it is that
repository's failure, reported with its reason while the rest complete.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pyreadiness.checkers.ci.yamlload import MAX_FLOW_DEPTH, BoundedSafeLoader, nesting_exceeds
from pyreadiness.config import parse_min_option
from pyreadiness.discover.bounded import loads_toml
from pyreadiness.errors import UsageError
from pyreadiness.model import Pillar

#: git transports we clone from; anything else (ext::, fd::, a bare word) is refused.
_URL = re.compile(r"(?:https?|ssh|git|file)://[^\s]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s]+")
#: A branch, tag or commit: never starts with "-" (it would be read as an option).
_REF = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}")
_NAME = re.compile(r"[^\s/\\][^\n\r\\]{0,199}")
_KEYS = frozenset({"source", "name", "ref", "select", "ignore", "fail_under", "min"})
MAX_MANIFEST_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One repository of the fleet."""

    name: str
    source: str  # a git URL, or a local folder made absolute
    is_url: bool
    ref: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_under: float | None = None
    pillar_minimums: Mapping[Pillar, float] = field(default_factory=dict)
    where: str = ""  # "line 3" / "repository #2", for messages


def _default_name(source: str, is_url: bool) -> str:
    tail = source.rstrip("/").rsplit("/", 1)[-1] if is_url else Path(source).name
    tail = tail.rsplit(":", 1)[-1]
    return tail.removesuffix(".git") or source


def _entry(raw: Mapping[str, Any], base: Path, where: str) -> Entry:
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise UsageError(f"{where}: 'source' must be a folder or a git URL")
    source = source.strip()
    is_url = bool(_URL.fullmatch(source))
    if not is_url and ("://" in source or "::" in source):
        raise UsageError(
            f"{where}: {source!r} is not a git URL we clone from "
            "(https://, ssh://, git://, file:// or user@host:path)"
        )
    if not is_url:
        source = str((base / source).resolve())
    ref = raw.get("ref")
    if ref is not None and (not isinstance(ref, str) or not _REF.fullmatch(ref) or ".." in ref):
        raise UsageError(f"{where}: bad ref {ref!r} (a branch, tag or commit)")
    if ref is not None and not is_url:
        raise UsageError(f"{where}: a ref applies to a git URL only (a folder is scored as is)")
    name = raw.get("name", _default_name(source, is_url))
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise UsageError(f"{where}: bad name {name!r}")
    ids = {}
    for key in ("select", "ignore"):
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{where}: {key!r} must be a list of check ids")
        ids[key] = tuple(value)
    fail_under = raw.get("fail_under")
    if fail_under is not None and (
        isinstance(fail_under, bool)
        or not isinstance(fail_under, (int, float))
        or not 0 <= fail_under <= 100
    ):
        raise UsageError(f"{where}: 'fail_under' must be a number from 0 to 100")
    minimum = raw.get("min", {})
    if not isinstance(minimum, dict):
        raise UsageError(f"{where}: 'min' must be a table of pillar = score")
    try:
        minimums = parse_min_option([f"{k}={v}" for k, v in minimum.items()])
    except UsageError as exc:
        raise UsageError(f"{where}: {exc}") from None
    return Entry(
        name=name,
        source=source,
        is_url=is_url,
        ref=ref,
        select=ids["select"],
        ignore=ids["ignore"],
        fail_under=None if fail_under is None else float(fail_under),
        pillar_minimums=minimums,
        where=where,
    )


def _from_lines(text: str, base: Path, label: str) -> list[Entry]:
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split("#", 1)[0].split() if not line.lstrip().startswith("#") else []
        if not words:
            continue
        where = f"{label}:{number}"
        if len(words) > 2:
            raise UsageError(f"{where}: expected 'SOURCE [REF]', got {line.strip()!r}")
        raw: dict[str, Any] = {"source": words[0]}
        if len(words) == 2:
            raw["ref"] = words[1]
        entries.append(_entry(raw, base, where))
    return entries


def _from_toml(text: str, base: Path, label: str) -> list[Entry]:
    try:
        data = loads_toml(text)
    except ValueError as exc:  # TOMLDecodeError, or TooDeep: nested past the parser
        raise UsageError(f"{label}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"repository"})
    if extra:
        raise UsageError(f"{label}: unknown table {extra[0]!r} (expected [[repository]])")
    items = data.get("repository", [])
    if not isinstance(items, list):
        raise UsageError(f"{label}: 'repository' must be an array of tables ([[repository]])")
    return [
        _entry(item if isinstance(item, dict) else {}, base, f"{label}: repository #{i}")
        for i, item in enumerate(items, start=1)
    ]


def _from_yaml(text: str, base: Path, label: str) -> list[Entry]:
    # The loader the CI checker reads untrusted YAML with: aliases bounded, depth refused.
    if nesting_exceeds(text, MAX_FLOW_DEPTH):
        raise UsageError(f"{label}: not valid YAML: nested too deeply to read")
    try:
        root = yaml.compose(text, Loader=BoundedSafeLoader)
    except yaml.YAMLError as exc:
        raise UsageError(f"{label}: not valid YAML: {exc}".replace("\n", " ")) from None
    except RecursionError:
        raise UsageError(f"{label}: not valid YAML: nested too deeply to read") from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise UsageError(f"{label}: expected a mapping with 'repositories:'")
    items = next((v for k, v in root.value if k.value == "repositories"), None)
    if items is None or not isinstance(items, yaml.SequenceNode):
        raise UsageError(f"{label}: expected 'repositories:' with a list of repositories")
    entries = []
    for node in items.value:
        where = f"{label}:{node.start_mark.line + 1}"
        value = yaml.SafeLoader(text).construct_object(node, deep=True)
        raw = {"source": value} if isinstance(value, str) else value
        if not isinstance(raw, dict):
            raise UsageError(f"{where}: expected a URL, a folder or a mapping with 'source'")
        entries.append(_entry(raw, base, where))
    return entries


def read_manifest(path: Path) -> list[Entry]:
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise UsageError(f"{path}: manifest larger than {MAX_MANIFEST_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"manifest not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read manifest {path}: {exc}") from None
    base = path.resolve().parent
    label = str(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        entries = _from_toml(text, base, label)
    elif suffix in (".yaml", ".yml"):
        entries = _from_yaml(text, base, label)
    else:
        entries = _from_lines(text, base, label)
    seen: dict[str, str] = {}
    for e in entries:
        if e.name in seen:
            raise UsageError(
                f"{e.where}: repository name {e.name!r} already used at {seen[e.name]} "
                "(give one a 'name')"
            )
        seen[e.name] = e.where
    if not entries:
        raise UsageError(f"{label}: the manifest lists no repository")
    return entries
