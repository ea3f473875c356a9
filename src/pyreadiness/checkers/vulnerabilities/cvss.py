"""CVSS v3.x base scores from vector strings, to rate advisories that carry no severity word.

OSV records give severity as a CVSS vector (``CVSS:3.1/AV:N/AC:L/...``), not a number; about
one PyPA advisory in thirteen has one. The v3.0/v3.1 base equations are short and fully
specified (FIRST, "CVSS v3.1 Specification", section 7), so they are computed here rather
than pulling in a dependency. CVSS v2 and v4 vectors are not rated (v4 needs large lookup
tables); such advisories keep an unknown severity.
"""

from __future__ import annotations

import math

from pyreadiness.model import Severity

_AV = {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2}
_AC = {"L": 0.77, "H": 0.44}
_PR_UNCHANGED = {"N": 0.85, "L": 0.62, "H": 0.27}
_PR_CHANGED = {"N": 0.85, "L": 0.68, "H": 0.5}
_UI = {"N": 0.85, "R": 0.62}
_CIA = {"H": 0.56, "L": 0.22, "N": 0.0}
_REQUIRED = ("AV", "AC", "PR", "UI", "S", "C", "I", "A")


def _roundup(value: float) -> float:
    """The specification's Roundup: smallest one-decimal number >= value, float-safe."""
    scaled = round(value * 100_000)
    if scaled % 10_000 == 0:
        return scaled / 100_000
    return (math.floor(scaled / 10_000) + 1) / 10.0


def base_score(vector: str) -> float | None:
    """The CVSS v3.x base score of ``vector``, or None when it is not a valid v3 vector."""
    parts = vector.strip().split("/")
    if not parts or parts[0] not in ("CVSS:3.0", "CVSS:3.1"):
        return None
    metrics: dict[str, str] = {}
    for part in parts[1:]:
        name, sep, value = part.partition(":")
        if not sep:
            return None
        metrics[name] = value
    if any(m not in metrics for m in _REQUIRED):
        return None
    try:
        changed = {"U": False, "C": True}[metrics["S"]]
        pr = (_PR_CHANGED if changed else _PR_UNCHANGED)[metrics["PR"]]
        exploitability = 8.22 * _AV[metrics["AV"]] * _AC[metrics["AC"]] * pr * _UI[metrics["UI"]]
        iss = 1 - ((1 - _CIA[metrics["C"]]) * (1 - _CIA[metrics["I"]]) * (1 - _CIA[metrics["A"]]))
    except KeyError:
        return None
    # Scope changed: the impact curve bends (section 7.1); unchanged: linear.
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
    if impact <= 0:
        return 0.0
    total = impact + exploitability
    return _roundup(min(1.08 * total if changed else total, 10.0))


def rating(score: float) -> Severity:
    """The specification's qualitative rating (section 5); "None" (0.0) maps to info."""
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    if score > 0.0:
        return Severity.LOW
    return Severity.INFO
