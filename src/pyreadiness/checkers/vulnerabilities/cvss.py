"""CVSS base scores from vector strings (v2, v3.0/3.1, v4.0), to rate advisories that carry
no severity word.

OSV records give severity as a CVSS vector, not a number (``CVSS:3.1/AV:N/...``, v2 vectors
without a prefix, ``CVSS:4.0/...``). The scores come from the ``cvss`` library (RedHat's
reference implementation, maintained against FIRST's specifications and test vectors; v4
needs the specification's large lookup tables), not from our own equations.
"""

from __future__ import annotations

from cvss import CVSS2, CVSS3, CVSS4, CVSSError

from pyreadiness.model import Severity


def base_score(vector: str) -> float | None:
    """The base score of ``vector``, or None when it is no valid CVSS v2, v3 or v4 vector."""
    text = vector.strip()
    try:
        if text.startswith(("CVSS:3.0/", "CVSS:3.1/")):
            return float(CVSS3(text).scores()[0])
        if text.startswith("CVSS:4.0/"):
            return float(CVSS4(text).base_score)
        if not text.startswith("CVSS:"):
            return float(CVSS2(text.strip("()")).scores()[0])
    except (CVSSError, ValueError, KeyError, IndexError):
        return None
    return None


def severity(vector: str) -> Severity | None:
    """The qualitative rating of ``vector``: v2 by NVD's ranges (no "critical" in v2)."""
    score = base_score(vector)
    if score is None:
        return None
    if not vector.strip().startswith("CVSS:"):
        return Severity.HIGH if score >= 7.0 else rating(score)
    return rating(score)


def rating(score: float) -> Severity:
    """The v3/v4 specifications' qualitative rating; "None" (0.0) maps to info."""
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    if score > 0.0:
        return Severity.LOW
    return Severity.INFO
