"""Parse our HTML pages (stdlib parser) and drive them in a real headless Chromium."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: Chromium's switches for a quiet, offline, throw-away browser.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def html_tags(text: str) -> list[str]:
    """Every start tag of the page, in order (the page must start with its doctype)."""
    assert text.startswith("<!doctype html>")
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


def browser_available() -> bool:
    return CHROMIUM.exists() and CHROMEDRIVER.exists() and shutil.which("chromium") is not None


def require_browser() -> None:
    """Skip when Chromium is absent locally; in CI (CI=true) its absence is a failure."""
    if browser_available():
        return
    message = "Chromium and chromedriver not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + ": .ci/run installs them, so CI must have them")
    pytest.skip(message)
