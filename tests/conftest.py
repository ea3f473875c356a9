from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """A fresh, private cache per test: tests never share or pollute the user's cache."""
    path = tmp_path / "cache"
    path.mkdir()
    return path


def _closed_local_port() -> int:
    """A loopback port with nothing listening: connections to it are refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture(autouse=True)
def _no_user_cache_no_network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test: the user cache directory is a temporary folder, and the default
    vulnerability service is a closed loopback port, so no test writes the real cache or
    reaches the network by accident (a test that wants a service starts its own)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        mp.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))  # the run store
        mp.setenv("PYREADINESS_VULN_SERVICE", f"http://127.0.0.1:{_closed_local_port()}")
        yield
