"""The HTML reports in a real headless Chromium (Debian's package, driven by Selenium).

Skipped with the reason when Chromium is absent on a developer's machine; in CI (CI=true)
its absence fails, because .ci/run installs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pyreadiness.fleet.html_page import render_fleet_html
from pyreadiness.reporters.interface import Format, render
from tests.html_samples import HOSTILE_MESSAGE, HOSTILE_PATH, fleet_rows, hostile_report
from tests.html_tools import CHROMEDRIVER, CHROMIUM, CHROMIUM_ARGS, require_browser

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chrome]:
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: Chrome, path: Path, html: str) -> None:
    path.write_text(html, encoding="utf-8")
    browser.get_log("browser")  # type: ignore[no-untyped-call]  # drop earlier pages' logs
    browser.get(path.as_uri())


def _console_errors(browser: Chrome) -> list[str]:
    return [
        e["message"]
        for e in browser.get_log("browser")  # type: ignore[no-untyped-call]
        if e["level"] == "SEVERE"
    ]


def _visible(browser: Chrome, selector: str) -> int:
    from selenium.webdriver.common.by import By

    return sum(1 for e in browser.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed())


def test_report_page_loads_draws_and_filters(browser: Chrome, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    report = hostile_report(tmp_path / "repo")
    _open(browser, tmp_path / "report.html", render(report, Format.HTML))
    assert _console_errors(browser) == []
    measured = [p for p in report.pillars if p.score is not None]
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg#pillars rect.bar-fill")) == len(measured)
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg#pillars rect.bar-track")) == len(
        report.pillars
    )
    total = len(report.findings)
    assert _visible(browser, "tr.finding") == total
    shown = browser.find_element(By.ID, "findings-count").text
    assert shown == f"{total} of {total} findings shown"

    Select(browser.find_element(By.ID, "filter-severity")).select_by_value("high")
    high = sum(1 for f in report.findings if f.severity.value == "high")
    assert _visible(browser, "tr.finding") == high == 2
    Select(browser.find_element(By.ID, "filter-severity")).select_by_value("")
    Select(browser.find_element(By.ID, "filter-pillar")).select_by_value("security")
    assert _visible(browser, "tr.finding") == sum(
        1 for f in report.findings if f.check in ("security", "vulnerabilities")
    )
    assert _visible(browser, "tbody.finding-group") == 2
    Select(browser.find_element(By.ID, "filter-pillar")).select_by_value("")
    browser.find_element(By.ID, "filter-path").send_keys("<script>")
    assert _visible(browser, "tr.finding") == 1

    # The hostile file name and message are text on the page, and nothing of theirs ran.
    cells = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "tr.finding td")]
    assert f"{HOSTILE_PATH}:3" in cells
    assert HOSTILE_MESSAGE in cells
    assert browser.execute_script("return window.__xss === undefined") is True
    assert _console_errors(browser) == []


def test_fleet_page_heat_map_trends_and_filter(browser: Chrome, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    rows = fleet_rows(tmp_path / "repo")
    _open(browser, tmp_path / "fleet.html", render_fleet_html(rows, "batch"))
    assert _console_errors(browser) == []
    scored = [r for r in rows if r.status == "scored"]
    pillars = {p for r in scored for p in r.pillars}
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg#heatmap rect.cell")) == len(
        scored
    ) * len(pillars)
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.trend polyline")) == 3
    assert _visible(browser, "tr.repo") == 4

    cells = browser.find_elements(By.CSS_SELECTOR, "tr.repo td:nth-child(2)")
    names = [e.text.split("\n")[0] for e in cells]
    assert "<script>window.__xss = 4</script>" in names
    assert browser.execute_script("return window.__xss === undefined") is True

    browser.find_element(By.ID, "filter-name").send_keys("alp")
    assert _visible(browser, "tr.repo") == 1
    browser.find_element(By.ID, "filter-name").clear()
    browser.find_element(By.ID, "filter-name").send_keys(" ")  # fires input; matches none
    browser.find_element(By.ID, "filter-name").clear()
    Select(browser.find_element(By.ID, "filter-gate")).select_by_value("error")
    assert _visible(browser, "tr.repo") == 1
    assert _console_errors(browser) == []
