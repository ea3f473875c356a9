"""Offline warm runs: "unreachable" is remembered for a while, so no run pays the timeout
twice (a closed port, and a server that accepts connections and never answers)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyreadiness.checkers.vulnerabilities.answers import (
    UNREACHABLE_NAMESPACE,
    UNREACHABLE_TTL_SECONDS,
)
from pyreadiness.model import Status
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES
from tests.test_vulnerabilities_online import _closed_port_url, run_checker

PINS = FIXTURES / "vulns-one-medium"
REMEMBERED = "(remembered from an earlier run: not asked again for 10 minutes; --no-cache asks now)"


class SilentServer:
    """Accepts every connection, reads nothing, answers nothing; counts connections."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.connections = 0
        self.held: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            self.held.append(conn)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        for conn in self.held:
            conn.close()
        self.sock.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


@pytest.mark.slow
def test_closed_port_is_remembered_and_not_asked_again(cache_dir: Path) -> None:
    url = _closed_port_url()
    first = run_checker(PINS, cache_dir, url)
    assert first.status is Status.SKIPPED
    assert first.reason.endswith("Connection refused")
    second = run_checker(PINS, cache_dir, url)
    assert second.status is Status.SKIPPED
    assert second.reason == f"{first.reason} {REMEMBERED}"
    # Past the time to live the service is asked again (and the reason is fresh).
    cache = Cache(cache_dir)
    ((key, stored),) = cache.entries(UNREACHABLE_NAMESPACE)
    stored["at"] -= UNREACHABLE_TTL_SECONDS + 1
    cache.put(UNREACHABLE_NAMESPACE, key, stored)
    cache.close()
    assert run_checker(PINS, cache_dir, url).reason == first.reason


@pytest.mark.slow
def test_server_that_never_answers_costs_one_bounded_timeout(
    silent_server: SilentServer, cache_dir: Path
) -> None:
    started = time.monotonic()
    first = run_checker(PINS, cache_dir, silent_server.url, timeout=9)
    assert time.monotonic() - started < 60  # pip-audit's read timeout, never unbounded
    assert first.status is Status.SKIPPED
    assert "timed out" in first.reason
    asked = silent_server.connections
    assert asked >= 1
    second = run_checker(PINS, cache_dir, silent_server.url, timeout=9)
    assert second.reason == f"{first.reason} {REMEMBERED}"
    assert silent_server.connections == asked  # not even a connection


@pytest.mark.slow
def test_another_service_is_not_judged_by_the_first(cache_dir: Path) -> None:
    run_checker(PINS, cache_dir, _closed_port_url())
    other = run_checker(PINS, cache_dir, _closed_port_url())
    assert not other.reason.endswith(REMEMBERED)


@pytest.mark.parametrize(("tool", "network"), [(1, 1), (9, 3), (120, 15), (600, 15)])
def test_network_timeout_leaves_room_for_the_tool(tool: float, network: int) -> None:
    from pyreadiness.checkers.vulnerabilities.pip_audit import network_timeout

    assert network_timeout(tool) == network
