"""Load a local OSV mirror: a folder of OSV JSON/YAML records, or OSV's per-ecosystem zip.

The mirror is the user's file (``--vuln-db PATH``), not the scanned repository, so it is read
here directly. One bad record never stops the load: it is skipped and counted, because a
mirror of thousands of third-party records will sooner or later hold one.
"""

from __future__ import annotations

import json
import os
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from packaging.utils import canonicalize_name

from pyreadiness.checkers.vulnerabilities.osv import BrokenRecord, OsvRecord, parse_record

#: A single advisory is a few KiB; anything this large is not one.
MAX_RECORD_BYTES = 4 * 1024 * 1024
_SUFFIXES = (".json", ".yaml", ".yml")
# BaseLoader keeps every scalar a string: the safe loader would read `fixed: 1.10` as the
# float 1.1 and `fixed: 2019-09-12` as a date, silently changing the version compared.
_YAML_LOADER: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class MirrorError(Exception):
    """The mirror as a whole cannot be read; ``str()`` is the reason for the report."""


@dataclass(frozen=True, kw_only=True)
class BrokenEntry:
    source: str  # file name inside the mirror
    reason: str
    #: Canonical PyPI names the record is about; None when the record cannot tell.
    packages: frozenset[str] | None = None


@dataclass(frozen=True, kw_only=True)
class Mirror:
    by_package: Mapping[str, tuple[OsvRecord, ...]]  # canonical PyPI name -> records
    records: int  # distinct records loaded, withdrawn ones included
    withdrawn: int
    broken: tuple[BrokenEntry, ...]  # unusable records, and records usable only in part

    @property
    def packages(self) -> int:
        return len(self.by_package)


def load_mirror(path: Path) -> Mirror:
    """Read every record under ``path``; raise MirrorError only if the mirror itself is bad."""
    if path.is_dir():
        documents = _folder_documents(path)
    elif path.is_file() and zipfile.is_zipfile(path):
        documents = _zip_documents(path)
    elif path.exists():
        raise MirrorError(f"vulnerability database {path.name!r} is not a folder or a zip archive")
    else:
        raise MirrorError(f"vulnerability database {path.name!r} does not exist")

    seen: set[str] = set()
    broken: list[BrokenEntry] = []
    withdrawn = 0
    by_package: dict[str, list[OsvRecord]] = {}
    try:
        for source, raw in documents:
            try:
                document = _decode(source, raw)
            except BrokenRecord as exc:
                broken.append(BrokenEntry(source=source, reason=str(exc)))
                continue
            try:
                record = parse_record(document)
            except BrokenRecord as exc:
                broken.append(
                    BrokenEntry(source=source, reason=str(exc), packages=_named(document))
                )
                continue
            if record.id in seen:
                continue  # the same advisory exported twice (JSON and YAML): keep the first
            seen.add(record.id)
            if record.withdrawn:
                withdrawn += 1
                continue
            if record.problem:
                broken.append(
                    BrokenEntry(
                        source=source,
                        reason=record.problem,
                        packages=frozenset(a.name for a in record.affected) or None,
                    )
                )
            for name in {a.name for a in record.affected}:
                by_package.setdefault(name, []).append(record)
    except (OSError, zipfile.BadZipFile) as exc:
        raise MirrorError(f"cannot read vulnerability database {path.name!r}: {exc}") from exc
    return Mirror(
        by_package={name: tuple(recs) for name, recs in sorted(by_package.items())},
        records=len(seen),
        withdrawn=withdrawn,
        broken=tuple(sorted(broken, key=lambda b: b.source)),
    )


def _named(document: Any) -> frozenset[str] | None:
    """The PyPI packages a record that failed validation still names, if it names any."""
    affected = document.get("affected") if isinstance(document, dict) else None
    names = set()
    for entry in affected if isinstance(affected, list) else ():
        package = entry.get("package") if isinstance(entry, dict) else None
        if not isinstance(package, dict) or package.get("ecosystem") != "PyPI":
            continue
        name = package.get("name")
        if not isinstance(name, str) or not name:
            return None  # a PyPI entry we cannot name could be about anything
        names.add(canonicalize_name(name))
    return frozenset(names) or None


def _decode(source: str, raw: bytes | BrokenRecord) -> Any:
    if isinstance(raw, BrokenRecord):
        raise raw
    try:
        if source.endswith(".json"):
            return json.loads(raw)
        return yaml.load(raw, Loader=_YAML_LOADER)  # noqa: S506 - BaseLoader builds no objects
    except (ValueError, yaml.YAMLError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BrokenRecord(f"not valid {source.rsplit('.', 1)[-1].upper()}: {first_line}") from exc


_TOO_LARGE = BrokenRecord(f"larger than {MAX_RECORD_BYTES // (1024 * 1024)} MiB")


def _folder_documents(root: Path) -> Iterator[tuple[str, bytes | BrokenRecord]]:
    for dirpath, dirnames, filenames in os.walk(root):
        # Hidden folders of a cloned advisory repository (.git, .github) hold no advisories.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if not filename.endswith(_SUFFIXES):
                continue
            full = Path(dirpath, filename)
            rel = full.relative_to(root).as_posix()
            try:
                if full.stat().st_size > MAX_RECORD_BYTES:
                    yield rel, _TOO_LARGE
                else:
                    yield rel, full.read_bytes()
            except OSError as exc:
                yield rel, BrokenRecord(f"unreadable: {exc.strerror or exc}")


def _zip_documents(path: Path) -> Iterator[tuple[str, bytes | BrokenRecord]]:
    with zipfile.ZipFile(path) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or not info.filename.endswith(_SUFFIXES):
                continue
            if info.file_size > MAX_RECORD_BYTES:
                yield info.filename, _TOO_LARGE
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError) as exc:
                yield info.filename, BrokenRecord(f"unreadable member: {exc}")
            else:
                yield info.filename, data
