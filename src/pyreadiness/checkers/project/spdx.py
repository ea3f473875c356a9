"""SPDX licence expressions (license-expression parses them) and licence families.

Agreement between a licence file and the metadata is judged per family (GPL, BSD,
Apache...), not per exact id: a ``GPL-2.0-or-later`` project rightly ships the GPL-3.0 text,
and a fingerprint cannot always tell BSD-2 from a lightly edited BSD-3.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from pyreadiness.checkers.project.fingerprints import PROPRIETARY, recognise
from pyreadiness.checkers.project.rules import library_versions, remembered
from pyreadiness.tools.cache import Cache, make_key


@functools.cache
def _licensing() -> Any:
    # Imported here: a run whose verdicts are remembered never loads it (~0.15 s).
    from license_expression import get_spdx_licensing  # type: ignore[import-untyped]

    return get_spdx_licensing()  # the SPDX list ships inside license-expression: offline


@dataclass(frozen=True, kw_only=True)
class Parsed:
    keys: frozenset[str]  # SPDX ids in the expression
    error: str | None = None


def parse_remembered(expression: str, cache: Cache) -> Parsed:
    """parse_expression, remembered across runs (loading the SPDX list costs ~0.15 s)."""
    value = remembered(
        cache,
        make_key("spdx", library_versions(), expression),
        lambda: _to_json(parse_expression(expression)),
    )
    return Parsed(keys=frozenset(value["keys"]), error=value["error"])


def _to_json(parsed: Parsed) -> dict[str, Any]:
    return {"keys": sorted(parsed.keys), "error": parsed.error}


def parse_expression(expression: str) -> Parsed:
    """Parse a PEP 639 expression; ``LicenseRef-`` ids are allowed, as PEP 639 says."""
    from license_expression import ExpressionError

    licensing = _licensing()
    try:
        parsed = licensing.parse(expression, simple=False)
    except ExpressionError as exc:
        return Parsed(keys=frozenset(), error=str(exc))
    if parsed is None:
        return Parsed(keys=frozenset(), error="empty expression")
    keys = frozenset(licensing.license_keys(parsed))
    unknown = sorted(
        k
        for k in licensing.unknown_license_keys(parsed)
        if not k.startswith(("LicenseRef-", "DocumentRef-"))
    )
    if unknown:
        return Parsed(keys=keys, error=f"unknown licence id(s): {', '.join(unknown)}")
    return Parsed(keys=keys)


_FAMILIES = (
    ("AGPL", ("agpl", "affero")),
    ("LGPL", ("lgpl", "lesser general public", "library general public")),
    ("GPL", ("gpl", "general public licen")),
    ("Apache", ("apache",)),
    ("MPL", ("mpl", "mozilla")),
    ("BSD", ("bsd",)),
    ("MIT", ("mit",)),
    ("ISC", ("isc",)),
    ("Unlicense", ("unlicense",)),
    ("PSF", ("psf", "python software foundation")),
    ("CC0", ("cc0",)),
    ("BSL", ("bsl-1.0", "boost")),
    ("EUPL", ("eupl", "european union public")),
    ("proprietary", ("proprietary", "all rights reserved", "licenseref-proprietary")),
)
_WORD = re.compile(r"[a-z0-9.+-]+")


def family(name: str) -> str | None:
    """The family of an SPDX id or a licence's common name (``"MIT License"`` -> MIT)."""
    if name == PROPRIETARY:
        return "proprietary"
    lowered = name.lower()
    words = set(_WORD.findall(lowered))
    for fam, marks in _FAMILIES:
        for mark in marks:
            hit = mark in lowered if (" " in mark or "-" in mark) else _has_word(words, mark)
            if hit:
                return fam
    return None


def _has_word(words: set[str], mark: str) -> bool:
    return any(w == mark or w.startswith((mark + "-", mark + ".")) for w in words) or (
        mark in {"gpl", "lgpl", "agpl", "bsd", "mpl", "cc0", "psf"}
        and any(w.startswith(mark) for w in words)
    )


def families_of_text(free_text: str, cache: Cache) -> frozenset[str]:
    """Families named by legacy free text: an expression, a common name, or a whole licence."""
    if len(free_text) > 200:  # a whole licence pasted into the field
        spdx = recognise(free_text)
        return frozenset({f} if spdx and (f := family(spdx)) else set())
    parsed = parse_remembered(free_text, cache)
    if parsed.error is None and parsed.keys:
        return frozenset(f for k in parsed.keys if (f := family(k)))
    fam = family(free_text)
    return frozenset({fam} if fam else set())
