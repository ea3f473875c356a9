from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """A fresh, private cache per test: tests never share or pollute the user's cache."""
    path = tmp_path / "cache"
    path.mkdir()
    return path
