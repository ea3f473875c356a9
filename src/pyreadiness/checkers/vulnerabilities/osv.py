"""OSV records: parse one, and decide whether it affects a PyPI ``name==version``.

Semantics follow the OSV schema's evaluation algorithm: a version is affected when it is
listed in ``affected[].versions`` or falls in an ``ECOSYSTEM`` (or ``SEMVER``) range, read
by walking the range's events in version order (``introduced`` opens, ``fixed`` closes
before, ``last_affected`` closes after, ``limit`` bounds the whole range). PyPI versions are
compared with PEP 440 ordering (``packaging``), never as strings. ``GIT`` ranges name
commits, which a pinned version cannot be compared with, so they are ignored.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from pyreadiness.checkers.vulnerabilities import cvss
from pyreadiness.checkers.vulnerabilities.model import Advisory
from pyreadiness.model import Severity

_VERSION_RANGES = frozenset({"ECOSYSTEM", "SEMVER"})
_EVENT_KINDS = frozenset({"introduced", "fixed", "last_affected", "limit"})
_SEVERITY_WORDS = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MODERATE": Severity.MEDIUM,  # GitHub's word
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
}


class BrokenRecord(ValueError):
    """The record cannot be used; ``str()`` says why."""


@dataclass(frozen=True, kw_only=True)
class VersionRange:
    # (kind, version) in evaluation order; version None is "0" for introduced, "*" for limit.
    events: tuple[tuple[str, Version | None], ...]

    def contains(self, version: Version) -> bool:
        limits = [v for kind, v in self.events if kind == "limit"]
        if limits and not any(lim is None or version < lim for lim in limits):
            return False
        affected = False
        for kind, bound in self.events:
            if kind == "introduced":
                if bound is None or version >= bound:
                    affected = True
            elif kind == "fixed":
                if bound is not None and version >= bound:
                    affected = False
            elif kind == "last_affected" and bound is not None and version > bound:
                affected = False
        return affected


@dataclass(frozen=True, kw_only=True)
class AffectedPackage:
    name: str  # canonical
    ranges: tuple[VersionRange, ...]
    raw_versions: tuple[str, ...]  # parsed on first use: most records are never consulted
    fixed: tuple[Version, ...]

    @functools.cached_property
    def versions(self) -> frozenset[Version]:
        # A legacy release name (not PEP 440) can equal no pin: it is left out.
        return frozenset(v for v in map(_cached_version, self.raw_versions) if v is not None)

    def contains(self, version: Version) -> bool:
        # Ranges first: they usually answer, and the (long) version list is parsed only
        # when they do not.
        return any(r.contains(version) for r in self.ranges) or version in self.versions


@functools.lru_cache(maxsize=65_536)
def _cached_version(raw: str) -> Version | None:
    """Parse a listed version once per process: records of one package share most of them."""
    try:
        return Version(raw)
    except InvalidVersion:
        return None


@dataclass(frozen=True, kw_only=True)
class OsvRecord:
    id: str
    aliases: tuple[str, ...]
    summary: str
    severity: Severity | None
    withdrawn: bool
    affected: tuple[AffectedPackage, ...]  # PyPI entries only
    #: Ranges that could not be evaluated (unparseable versions): the record is only
    #: partly usable, and is reported as broken even though its version lists still match.
    problem: str | None = None

    def advisory_for(self, name: str, version: Version) -> Advisory | None:
        """This record as an Advisory when it affects ``name==version``, else None."""
        hits = [a for a in self.affected if a.name == name and a.contains(version)]
        if not hits:
            return None
        fixed = sorted({v for a in hits for v in a.fixed})
        return Advisory(
            id=self.id,
            aliases=self.aliases,
            fixed=tuple(str(v) for v in fixed),
            severity=self.severity,
            summary=self.summary,
        )


def parse_record(data: Any) -> OsvRecord:
    """Turn one decoded OSV document into a record; raise BrokenRecord when unusable."""
    if not isinstance(data, Mapping):
        raise BrokenRecord("not an OSV object")
    rec_id = data.get("id")
    if not isinstance(rec_id, str) or not rec_id.strip():
        raise BrokenRecord("missing 'id'")
    affected_raw = data.get("affected", [])
    if not isinstance(affected_raw, list):
        raise BrokenRecord(f"{rec_id}: 'affected' is not a list")
    problems: list[str] = []
    affected = []
    for entry in affected_raw:
        pkg = _pypi_package(rec_id, entry)
        if pkg is not None:
            affected.append(_parse_affected(rec_id, pkg, entry, problems))
    summary = data.get("summary") or data.get("details") or ""
    return OsvRecord(
        id=rec_id,
        aliases=tuple(sorted(str(a) for a in _list(rec_id, data, "aliases"))),
        summary=" ".join(str(summary).split())[:200],
        severity=severity_of_record(data),
        withdrawn=bool(data.get("withdrawn")),
        affected=tuple(affected),
        problem="; ".join(problems) or None,
    )


def _list(rec_id: str, data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise BrokenRecord(f"{rec_id}: {key!r} is not a list")
    return value


def _pypi_package(rec_id: str, entry: Any) -> str | None:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("package"), Mapping):
        raise BrokenRecord(f"{rec_id}: an 'affected' entry has no 'package'")
    pkg = entry["package"]
    name, ecosystem = pkg.get("name"), pkg.get("ecosystem")
    if not isinstance(name, str) or not isinstance(ecosystem, str):
        raise BrokenRecord(f"{rec_id}: a package lacks 'name' or 'ecosystem'")
    return canonicalize_name(name) if ecosystem == "PyPI" else None


def _parse_affected(
    rec_id: str, name: str, entry: Mapping[str, Any], problems: list[str]
) -> AffectedPackage:
    ranges: list[VersionRange] = []
    fixed: list[Version] = []
    for rng in _list(rec_id, entry, "ranges"):
        if not isinstance(rng, Mapping) or not isinstance(rng.get("events"), list):
            raise BrokenRecord(f"{rec_id}: a range lacks 'events'")
        if rng.get("type") not in _VERSION_RANGES:
            continue  # GIT commits cannot be compared with a version
        try:
            parsed = _parse_events(rec_id, rng["events"])
        except InvalidVersion as exc:
            problems.append(f"{rec_id}: range of {name} skipped: {exc}")
            continue
        ranges.append(parsed)
        fixed.extend(v for kind, v in parsed.events if kind == "fixed" and v is not None)
    return AffectedPackage(
        name=name,
        ranges=tuple(ranges),
        raw_versions=tuple(str(v) for v in _list(rec_id, entry, "versions")),
        fixed=tuple(fixed),
    )


def _parse_events(rec_id: str, events: list[Any]) -> VersionRange:
    parsed: list[tuple[str, Version | None]] = []
    for event in events:
        if not isinstance(event, Mapping) or len(event) != 1:
            raise BrokenRecord(f"{rec_id}: an event must hold exactly one key")
        ((kind, raw),) = event.items()
        if kind not in _EVENT_KINDS or not isinstance(raw, str):
            raise BrokenRecord(f"{rec_id}: bad event {kind!r}: {raw!r}")
        special = (kind == "introduced" and raw == "0") or (kind == "limit" and raw == "*")
        parsed.append((kind, None if special else Version(raw)))
    if not any(kind == "introduced" for kind, _ in parsed):
        raise BrokenRecord(f"{rec_id}: a range has no 'introduced' event")

    # Stable sort: events at the same version keep the record's own order.
    ordered = sorted(parsed, key=_event_order)
    return VersionRange(events=tuple(ordered))


_ZERO = Version("0")


def _event_order(event: tuple[str, Version | None]) -> tuple[int, Version]:
    kind, version = event
    if version is None:  # introduced "0" sorts before everything, limit "*" after
        return (0, _ZERO) if kind == "introduced" else (2, _ZERO)
    return (1, version)


def severity_of_record(data: Mapping[str, Any]) -> Severity | None:
    """GitHub-style ``database_specific.severity`` first, else the worst CVSS rating."""
    db = data.get("database_specific")
    if isinstance(db, Mapping):
        word = db.get("severity")
        if isinstance(word, str) and word.upper() in _SEVERITY_WORDS:
            return _SEVERITY_WORDS[word.upper()]
    ratings = []
    entries = data.get("severity")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("score"), str):
            rated = cvss.severity(entry["score"])
            if rated is not None:
                ratings.append(rated)
    return max(ratings, key=lambda s: s.rank) if ratings else None
