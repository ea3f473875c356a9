"""End-of-life dates of Python versions and Debian releases, for base images.

Python's dates come from the one calendar shipped as package data
(``resources/python-eol.json``, read by :mod:`pyreadiness.discover.python_eol`), the same the
``project`` checker judges ``requires-python`` by. Sources of the rest, read 2026-12:
Debian, https://wiki.debian.org/LTS
(end of LTS, the last security support); Alpine, https://alpinelinux.org/releases/ (end of
the main repository's support; every branch before 3.15 ended earlier).
"""

from __future__ import annotations

import datetime
import re

from pyreadiness.discover.python_eol import calendar

#: Bump when a date changes, so cached results are recomputed.
TABLE_VERSION = "2026-12"

PYTHON_EOL: dict[tuple[int, int], datetime.date] = {
    r.key: r.end_of_life for r in calendar().releases
}
DEBIAN_EOL: dict[str, datetime.date] = {
    "jessie": datetime.date(2020, 6, 30),
    "stretch": datetime.date(2022, 6, 30),
    "buster": datetime.date(2024, 6, 30),
    "bullseye": datetime.date(2026, 8, 31),
}
ALPINE_EOL: dict[tuple[int, int], datetime.date] = {
    (3, 15): datetime.date(2023, 11, 1),
    (3, 16): datetime.date(2024, 5, 23),
    (3, 17): datetime.date(2024, 11, 22),
    (3, 18): datetime.date(2025, 5, 9),
    (3, 19): datetime.date(2025, 11, 1),
    (3, 20): datetime.date(2026, 4, 1),
    (3, 21): datetime.date(2026, 11, 1),
    (3, 22): datetime.date(2027, 5, 1),
    (3, 23): datetime.date(2027, 11, 1),
}
_ALPINE_TAG = re.compile(r"alpine(\d+)\.(\d+)")
_PYTHON_TAG = re.compile(r"^(\d+)\.(\d+)")
#: Official images that carry Python's version in their tag.
PYTHON_IMAGES = frozenset({"python", "library/python", "docker.io/library/python", "pypy"})


def eol_reason(repository: str, tag: str, today: datetime.date) -> str | None:
    """Why the ``repository:tag`` image is past its end of life, or None."""
    if repository not in PYTHON_IMAGES:
        return None
    reasons = []
    match = _PYTHON_TAG.match(tag)
    if match:
        version = (int(match.group(1)), int(match.group(2)))
        if version[0] < 3 and repository != "pypy":
            reasons.append(f"Python {version[0]}.{version[1]} reached end of life")
        elif version in PYTHON_EOL and PYTHON_EOL[version] < today and repository != "pypy":
            reasons.append(f"Python {version[0]}.{version[1]} reached end of life on "
                           f"{PYTHON_EOL[version].isoformat()}")  # fmt: skip
        elif version < (3, 5) and repository != "pypy":
            reasons.append(f"Python {version[0]}.{version[1]} reached end of life")
    alpine = _ALPINE_TAG.search(tag)
    if alpine:
        branch = (int(alpine.group(1)), int(alpine.group(2)))
        ended = ALPINE_EOL.get(branch, datetime.date.min if branch < (3, 15) else None)
        if ended is not None and ended < today:
            reasons.append(f"Alpine {branch[0]}.{branch[1]} reached end of life")
    for codename, date in DEBIAN_EOL.items():
        if codename in tag.split("-") and date < today:
            reasons.append(f"Debian {codename} reached end of life on {date.isoformat()}")
    return "; ".join(reasons) or None
