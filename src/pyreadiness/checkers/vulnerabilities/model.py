"""Values shared by both audit paths (pip-audit online, OSV mirror offline).

Both paths answer the same question -- which pinned ``name==version`` pairs have known
advisories -- so they produce the same :class:`AuditReport`, and scoring never needs to
know which path ran.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from pyreadiness.discover.dependencies import Pinned
from pyreadiness.model import Severity

# PEP 508 project names; anything else (options, URLs) must never reach a requirements file.
_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True, order=True)
class PackageKey:
    """A distinct ``name==version`` to audit: canonical name, version as first written."""

    name: str
    version: str

    @property
    def parsed(self) -> Version:
        return Version(self.version)

    def __str__(self) -> str:
        return f"{self.name}=={self.version}"


@dataclass(frozen=True, kw_only=True)
class Advisory:
    """One advisory (OSV record) that affects one audited package version."""

    id: str
    aliases: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()  # versions that fix it, PEP 440 order
    severity: Severity | None = None  # None: the source did not say
    summary: str = ""

    @property
    def ids(self) -> frozenset[str]:
        return frozenset((self.id, *self.aliases))


@dataclass(frozen=True, kw_only=True)
class PackageAudit:
    """The audit of one ``name==version``: empty ``advisories`` means none known."""

    key: PackageKey
    advisories: tuple[Advisory, ...] = ()


@dataclass(frozen=True, kw_only=True)
class NotAudited:
    key: PackageKey
    reason: str


@dataclass(frozen=True, kw_only=True)
class AuditReport:
    audited: tuple[PackageAudit, ...]
    not_audited: tuple[NotAudited, ...] = ()


def group_advisories(advisories: Iterable[Advisory]) -> list[tuple[Advisory, ...]]:
    """Advisories that share an id or alias describe one vulnerability (PYSEC + GHSA + CVE).

    Mirrors such as OSV's PyPI export hold the same flaw under several databases' ids;
    counting each would inflate the vulnerability count, so they are merged here.
    """
    groups: list[tuple[set[str], list[Advisory]]] = []
    for adv in sorted(advisories, key=lambda a: a.id):
        ids = set(adv.ids)
        merged_ids, merged = ids, [adv]
        rest = []
        for group_ids, members in groups:
            if group_ids & merged_ids:
                merged_ids |= group_ids
                merged.extend(members)
            else:
                rest.append((group_ids, members))
        groups = [*rest, (merged_ids, merged)]
    result = [tuple(sorted(members, key=lambda a: a.id)) for _, members in groups]
    return sorted(result, key=lambda g: g[0].id)


def package_keys(
    pins: Sequence[Pinned],
) -> tuple[dict[PackageKey, list[Pinned]], list[NotAudited]]:
    """Distinct auditable ``name==version`` pairs with their pin sites, and the unusable pins.

    A version that is not PEP 440 cannot be compared with advisory ranges (nor handed to
    pip-audit), so it is reported as not audited instead of being silently dropped.
    """
    keys: dict[PackageKey, list[Pinned]] = {}
    seen: dict[tuple[str, Version], PackageKey] = {}
    invalid: dict[PackageKey, NotAudited] = {}
    for pin in sorted(pins, key=lambda p: (p.source_file, p.line or 0, p.name)):
        name = canonicalize_name(pin.name)
        if not _NAME.match(pin.name):
            key = PackageKey(name=pin.name, version=pin.version)
            invalid.setdefault(
                key, NotAudited(key=key, reason=f"{pin.name!r} is not a project name")
            )
            continue
        try:
            version = Version(pin.version)
        except InvalidVersion:
            key = PackageKey(name=name, version=pin.version)
            invalid.setdefault(
                key, NotAudited(key=key, reason=f"version {pin.version!r} is not PEP 440")
            )
            continue
        # "2.19" and "2.19.0" are the same release: audit it once.
        key = seen.setdefault((name, version), PackageKey(name=name, version=pin.version))
        keys.setdefault(key, []).append(pin)
    return keys, sorted(invalid.values(), key=lambda n: n.key)


_LAST = Version("0")


def version_sort_key(raw: str) -> tuple[bool, Version]:
    """PEP 440 order; strings that are not versions go last (sort by text first: stable)."""
    try:
        return (False, Version(raw))
    except InvalidVersion:
        return (True, _LAST)
