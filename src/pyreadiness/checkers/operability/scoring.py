"""The operability score: six components (seven for async services), every weight and curve here.

Documented in docs/checks/operability.md; change both together (and bump the checker version).
"""

from __future__ import annotations

from collections.abc import Sequence

from pyreadiness.model import Finding, ScoreComponent, Severity
from pyreadiness.score.model import decay

WEIGHTS = {
    "logging": 2.0,  # the first thing read in an incident
    "health": 2.0,  # what orchestrators and load balancers act on
    "configuration": 2.0,  # one build, many environments; no secrets in code
    "metrics": 1.0,
    "tracing": 1.0,
    "print_calls": 1.0,
    "async_hygiene": 1.0,  # only when the service has async code
}
#: logging: configured with structured output / configured / only used / nothing.
LOGGING_STRUCTURED = 100.0
LOGGING_CONFIGURED = 70.0
LOGGING_USED = 30.0
#: tracing: error reporting alone (Sentry, Rollbar...) shows failures but not their path.
TRACING_ERRORS_ONLY = 60.0
#: Points a configuration finding costs the configuration component.
CONFIG_COST = {Severity.HIGH: 25.0, Severity.MEDIUM: 10.0, Severity.LOW: 3.0}
#: print() calls per KLOC of shipped code that halve the print_calls component.
PRINT_HALF_PER_KLOC = 2.0
MIN_KLOC = 1.0


def presence(component_id: str, score: float, detail: str) -> ScoreComponent:
    return ScoreComponent(id=component_id, weight=WEIGHTS[component_id], score=score, detail=detail)


def configuration(reads_env: Sequence[str], findings: Sequence[Finding]) -> ScoreComponent:
    base = 100.0 if reads_env else 0.0
    cost = sum(CONFIG_COST.get(f.severity, 0.0) for f in findings)
    how = ", ".join(reads_env) if reads_env else "no settings read from the environment"
    return presence(
        "configuration",
        max(0.0, base - cost),
        f"{how}; {len(findings)} hard-coded settings findings (high -25, medium -10)",
    )


def print_calls(prints: int, source_lines: int) -> ScoreComponent:
    kloc = max(source_lines / 1000.0, MIN_KLOC)
    density = prints / kloc
    return presence(
        "print_calls",
        round(decay(density, half_at=PRINT_HALF_PER_KLOC), 1),
        f"{prints} print() calls in shipped non-CLI code = {density:.2f} per KLOC; every "
        f"{PRINT_HALF_PER_KLOC:g} per KLOC halve the score",
    )


#: An async function whose only blocking calls touch local files counts half: a local disk
#: answers in micro- to milliseconds, a network call, sleep, process or prompt for as long
#: as it takes.
FILE_ONLY_SHARE = 0.5


def async_hygiene(functions: int, *, blocking: int, file_only: int) -> ScoreComponent:
    """The share of the service's async functions that never block the event loop."""
    lost = blocking + FILE_ONLY_SHARE * file_only
    score = max(0.0, 100.0 * (1.0 - lost / functions))
    return presence(
        "async_hygiene",
        round(score, 1),
        f"{blocking + file_only} of {functions} async functions in service code block the "
        f"event loop ({blocking} with network, sleep, process or input calls, {file_only} "
        "with only file calls)",
    )
