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
import threading
from abc import ABC, abstractmethod
from collections import deque
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

    Slots are handed out first come, first served: a freed slot goes to the longest
    waiter, so a worker that loops over many short runs (bandit's queue) cannot take it
    back ahead of a long run that asked earlier (mypy).
    """

    def __init__(self, count: int) -> None:
        self._free = max(1, count)
        self._lock = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._lock:
            turn = None
            if self._free and not self._waiting:
                self._free -= 1
            else:
                turn = threading.Lock()
                turn.acquire()
                self._waiting.append(turn)
        if turn is not None:
            turn.acquire()  # released by the holder that passes its slot on
        try:
            yield
        finally:
            with self._lock:
                if self._waiting:
                    self._waiting.popleft().release()
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

    def tool_slot(self) -> AbstractContextManager[None]:
        """Hold this around each external tool process, so that tools do not oversubscribe
        the cores (and stack their memory) when several checkers run them at once."""
        return self.tool_slots.hold() if self.tool_slots is not None else nullcontext()


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
