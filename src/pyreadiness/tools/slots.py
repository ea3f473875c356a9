"""Tool slots: at most ``--jobs`` external tool processes at once, across all checkers."""

from __future__ import annotations

import heapq
import threading
from collections.abc import Iterator
from contextlib import contextmanager


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
