"""The Python release calendar shipped as package data (resources/python-eol.json).

Offline runs use it as they are; its ``source`` and ``as_of`` say where the dates come from
and when they were copied. Updating it is a data change (docs/checks/project.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from importlib.resources import files


@dataclass(frozen=True, kw_only=True)
class Release:
    version: str  # "3.12"
    released: dt.date
    end_of_life: dt.date

    @property
    def key(self) -> tuple[int, int]:
        return version_key(self.version)


def version_key(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


@dataclass(frozen=True, kw_only=True)
class Calendar:
    source: str
    as_of: str
    releases: tuple[Release, ...]  # oldest first

    def get(self, version: str) -> Release | None:
        return next((r for r in self.releases if r.version == version), None)

    def eol_on(self, version: str, today: dt.date) -> Release | None:
        """The release when it is past its end of life on ``today``, else None."""
        release = self.get(version)
        return release if release is not None and release.end_of_life < today else None

    def released_by(self, today: dt.date) -> tuple[Release, ...]:
        return tuple(r for r in self.releases if r.released <= today)


@functools.cache
def calendar() -> Calendar:
    raw = json.loads(files("pyreadiness").joinpath("resources/python-eol.json").read_text("utf-8"))
    releases = tuple(
        sorted(
            (
                Release(
                    version=version,
                    released=dt.date.fromisoformat(dates["released"]),
                    end_of_life=dt.date.fromisoformat(dates["end_of_life"]),
                )
                for version, dates in raw["versions"].items()
            ),
            key=lambda r: r.key,
        )
    )
    return Calendar(source=raw["source"], as_of=raw["as_of"], releases=releases)
