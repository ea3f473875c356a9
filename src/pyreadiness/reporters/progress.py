"""Live progress on a terminal: one line per running checker. Never shown when piped."""

from __future__ import annotations

import threading
import time
from types import TracebackType

from rich.console import Console, Group
from rich.live import Live
from rich.spinner import Spinner
from rich.text import Text

from pyreadiness.model import CheckResult


class LiveProgress:
    def __init__(self, console: Console) -> None:
        self._console = console
        self._running: dict[str, float] = {}
        self._done: list[str] = []
        self._lock = threading.Lock()
        self._live = Live(
            console=console, refresh_per_second=8, transient=True, get_renderable=self._render
        )

    def _render(self) -> Group:
        with self._lock:
            now = time.monotonic()
            lines: list[Spinner | Text] = [
                Spinner("dots", text=Text(f"{cid}  {now - t0:4.1f}s"))
                for cid, t0 in sorted(self._running.items())
            ]
            if self._done:
                lines.append(Text(f"done: {', '.join(self._done)}", style="dim"))
        return Group(*lines)

    def update(self, check_id: str, result: CheckResult | None) -> None:
        with self._lock:
            if result is None:
                self._running[check_id] = time.monotonic()
            else:
                self._running.pop(check_id, None)
                self._done.append(check_id)

    def __enter__(self) -> LiveProgress:
        self._live.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._live.__exit__(exc_type, exc, tb)
