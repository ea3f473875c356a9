"""The checker contract: what a checker declares, receives and returns.

A checker is a class registered under the ``pyreadiness.checkers`` entry-point group
(built-ins included). The engine instantiates it with no arguments, calls
:meth:`Checker.run` with a :class:`CheckContext`, and turns any exception into an
``error`` result naming the checker, so one broken checker never takes the report down.

Results are frozen, keyword-only values. A check that could not run is data
(``Status.SKIPPED`` / ``Status.ERROR`` with a ``reason``), never ``None``.
"""

from __future__ import annotations

import enum
import heapq
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory
    from pyreadiness.tools.cache import Cache

# Metric values stay JSON-friendly so reports are deterministic and schema-checked.
MetricValue = int | float | bool | str | None | Sequence[str]

#: A check whose score is at or above this mark passes; below it fails.
PASS_MARK = 70.0


class Pillar(str, enum.Enum):
    MAINTAINABILITY = "maintainability"
    SECURITY = "security"
    DEPENDENCIES = "dependencies"
    TESTING = "testing"
    DELIVERY = "delivery"
    OPERABILITY = "operability"


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # could not be measured here (tool missing, offline, nothing to check)
    ERROR = "error"  # the checker or its tool broke


class Severity(str, enum.Enum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One thing the repository should fix, at a place where possible.

    ``path`` is relative to the scanned root with forward slashes; findings about the
    repository as a whole name the most relevant file (``pyproject.toml``, a workflow)
    or leave ``path`` as ``None``.
    """

    check: str
    rule: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    help: str = ""  # how to fix, or the tool's documentation link


@dataclass(frozen=True, kw_only=True)
class ScoreComponent:
    """One weighted part of a check's score: every lost point is traceable to one of these."""

    id: str
    weight: float
    score: float  # 0..100
    detail: str  # what was measured, e.g. "12 findings per KLOC (limit 20)"


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    check: str
    status: Status
    score: float | None
    summary: str
    reason: str = ""  # why skipped/error, or why the score is partial
    metrics: Mapping[str, MetricValue] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    components: tuple[ScoreComponent, ...] = ()
    duration: float = 0.0  # seconds; excluded from deterministic output
    cached: bool = False


def skipped(check: str, reason: str, **metrics: MetricValue) -> CheckResult:
    """A check that could not be measured: leaves the aggregate, says why."""
    return CheckResult(
        check=check,
        status=Status.SKIPPED,
        score=None,
        summary=f"skipped: {reason}",
        reason=reason,
        metrics=metrics,
    )


def errored(check: str, reason: str) -> CheckResult:
    return CheckResult(
        check=check,
        status=Status.ERROR,
        score=None,
        summary=f"error: {reason}",
        reason=reason,
    )


def scored(
    check: str,
    *,
    components: Sequence[ScoreComponent],
    summary: str,
    metrics: Mapping[str, MetricValue] | None = None,
    findings: Sequence[Finding] = (),
    reason: str = "",
) -> CheckResult:
    """Build a measured result whose score is the weighted mean of its components."""
    total_weight = sum(c.weight for c in components)
    if total_weight <= 0:
        raise ValueError(f"{check}: no weighted score components")
    score = round(sum(c.score * c.weight for c in components) / total_weight, 1)
    score = min(100.0, max(0.0, score))
    return CheckResult(
        check=check,
        status=Status.PASSED if score >= PASS_MARK else Status.FAILED,
        score=score,
        summary=summary,
        reason=reason,
        metrics=dict(metrics or {}),
        findings=tuple(findings),
        components=tuple(components),
    )


class ToolSlots:
    """At most ``count`` external tool processes at once, across all checkers.

    A freed slot goes to the waiter with the highest priority, the longest waiter among
    equals: a worker that loops over many short runs (bandit's queue) cannot take it back
    ahead of a run that asked earlier, and a long run that cannot be split (mypy) passes
    ahead of the remaining chunks of a queue, which fill the time around it. Longest job
    first keeps the last process of a run from starting late and running alone.
    """

    #: For one long process that cannot be split (mypy): first in line for a slot.
    LONG_RUN = 10

    def __init__(self, count: int) -> None:
        self._free = max(1, count)
        self._lock = threading.Lock()
        # (-priority, arrival, lock released to hand the slot over), smallest first
        self._waiting: list[tuple[int, int, threading.Lock]] = []
        self._arrivals = 0

    @contextmanager
    def hold(self, priority: int = 0) -> Iterator[None]:
        with self._lock:
            turn = None
            if self._free and not self._waiting:
                self._free -= 1
            else:
                turn = threading.Lock()
                turn.acquire()
                self._arrivals += 1
                heapq.heappush(self._waiting, (-priority, self._arrivals, turn))
        if turn is not None:
            turn.acquire()  # released by the holder that passes its slot on
        try:
            yield
        finally:
            with self._lock:
                if self._waiting:
                    heapq.heappop(self._waiting)[2].release()
                else:
                    self._free += 1


@dataclass(frozen=True, kw_only=True)
class CheckContext:
    """Everything a checker may use. Checkers read files through ``inventory``, never by walking."""

    root: Path
    inventory: Inventory
    cache: Cache
    tool_timeout: float = 300.0
    vuln_db: Path | None = None  # local OSV mirror for offline vulnerability matching
    vuln_service_url: str | None = None  # override of the OSV API base URL (tests, mirrors)
    offline: bool = False
    jobs: int = 2  # how many processes a checker may fan out to
    #: Shared by every checker of a run; None: no limit (a context built for one checker).
    tool_slots: ToolSlots | None = None

    def tool_slot(self, priority: int = 0) -> AbstractContextManager[None]:
        """Hold this around each external tool process, so that tools do not oversubscribe
        the cores (and stack their memory) when several checkers run them at once. Higher
        ``priority`` is served first (``ToolSlots.LONG_RUN`` for an unsplittable long run)."""
        if self.tool_slots is None:
            return nullcontext()
        return self.tool_slots.hold(priority)


class Checker(ABC):
    """Base class of every checker. Subclasses set the class attributes and implement run().

    The class docstring is the long explanation printed by ``pyreadiness explain ID``:
    what the check measures, how it scores and how to improve.
    """

    id: ClassVar[str]
    pillar: ClassVar[Pillar]
    title: ClassVar[str]
    #: Bump when scoring or output changes, so cached results are not reused.
    version: ClassVar[str] = "1"
    #: Relative weight of this check inside its pillar.
    weight: ClassVar[float] = 1.0

    @abstractmethod
    def run(self, ctx: CheckContext) -> CheckResult:
        """Measure the repository. May raise: the engine reports it as an error result."""

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        """Relative paths whose content determines the result, for the whole-result cache.

        ``None`` (the default) means "do not cache the whole result". Tool versions and
        effective configuration go into :meth:`cache_salt`.
        """
        return None

    def cache_salt(self, ctx: CheckContext) -> str:
        """Extra text folded into the cache key: tool versions, effective options."""
        return ""
