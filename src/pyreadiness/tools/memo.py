"""Values computed once per run and shared by every checker of it.

Checkers run in threads of one process (``check/engine.py``). When two of them need the
same expensive result (the lint checker's ruff run, whose async rules operability reads),
the first to ask computes it and the others wait for it: one tool process, not two, and no
channel between checkers besides this. A failure is shared too, so a missing tool is
reported by each checker that needed it without being tried again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["RunMemo"]

T = TypeVar("T")


class _Entry:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class RunMemo:
    """``once(key, compute)``: ``compute()`` the first time ``key`` is asked, its value (or
    its exception) every time after, callers arriving meanwhile wait for the first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Hashable, _Entry] = {}

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            entry = self._entries.get(key)
            owner = entry is None
            if entry is None:
                entry = self._entries[key] = _Entry()
        if owner:
            try:
                entry.value = compute()
            except BaseException as exc:
                entry.error = exc
                raise
            finally:
                entry.done.set()
        else:
            entry.done.wait()
            if entry.error is not None:
                raise entry.error
        value: T = entry.value
        return value

    def __repr__(self) -> str:  # contexts are printed in test failures; keep it short
        return f"RunMemo({len(self._entries)} entries)"
