"""Read the measured number of a committed coverage report, statically and bounded.

Recognised files (by name, anywhere in the repository, first in path order):

- Cobertura XML (``coverage.xml``, ``cobertura.xml``): only the root element's ``line-rate``
  attribute, found by a regular expression in the first 4 KiB. No XML parser is run on the
  repository's file, so entity expansion and deep nesting cannot cost anything.
- coverage.py JSON (``coverage.json``): ``totals.percent_covered``; the inventory never
  reads files over its size limit, and a nesting too deep for :mod:`json` is ignored.
- LCOV (``lcov.info``, ``coverage.lcov``): the sums of ``LH:`` (lines hit) and ``LF:``
  (lines found) records, one linear pass.

A committed report is a snapshot: it proves coverage was measured once, not that anything
keeps it there. The tests checker weighs it below a fail-under threshold.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_XML_NAMES = frozenset({"coverage.xml", "cobertura.xml", "cobertura-coverage.xml"})
_JSON_NAMES = frozenset({"coverage.json"})
_LCOV_NAMES = frozenset({"lcov.info", "coverage.lcov"})
_XML_HEAD = 4096
_LINE_RATE = re.compile(rb"<coverage\b[^>]*?\sline-rate=[\"']([0-9]*\.?[0-9]+)[\"']")
_LCOV_RECORD = re.compile(r"^(LF|LH):(\d+)\s*$", re.MULTILINE)


@dataclass(frozen=True, kw_only=True)
class Reported:
    percent: float
    path: str


def report_files(inv: Inventory) -> list[str]:
    """Committed files that look like coverage reports, in path order."""
    names = _XML_NAMES | _JSON_NAMES | _LCOV_NAMES
    return sorted(f.path for f in inv.files if PurePosixPath(f.path).name in names)


def read_report(inv: Inventory) -> Reported | None:
    """The measured line coverage of the first readable committed report, if any."""
    for rel in report_files(inv):
        name = PurePosixPath(rel).name
        percent: float | None = None
        if name in _XML_NAMES:
            percent = _cobertura(inv, rel)
        elif name in _JSON_NAMES:
            percent = _coverage_json(inv, rel)
        else:
            percent = _lcov(inv, rel)
        if percent is not None:
            return Reported(percent=round(min(100.0, max(0.0, percent)), 1), path=rel)
    return None


def _cobertura(inv: Inventory, rel: str) -> float | None:
    data = inv.read_bytes(rel)
    match = _LINE_RATE.search(data[:_XML_HEAD]) if data else None
    return float(match.group(1)) * 100 if match else None


def _coverage_json(inv: Inventory, rel: str) -> float | None:
    text = inv.read_text(rel)
    if not text:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    totals = data.get("totals") if isinstance(data, dict) else None
    value = totals.get("percent_covered") if isinstance(totals, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _lcov(inv: Inventory, rel: str) -> float | None:
    text = inv.read_text(rel)
    if not text:
        return None
    sums = {"LF": 0, "LH": 0}
    for match in _LCOV_RECORD.finditer(text):
        sums[match.group(1)] += int(match.group(2))
    return 100.0 * sums["LH"] / sums["LF"] if sums["LF"] else None
