"""The HTML report as text: self-contained, escaped, small."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from pyreadiness.fleet.html_page import render_fleet_html
from pyreadiness.model import ScoreCap
from pyreadiness.reporters.interface import Format, render
from pyreadiness.score.aggregate import AppliedCap
from tests.html_samples import HOSTILE_PATH, fleet_rows, hostile_report, many_findings_report
from tests.html_tools import html_tags

#: Anything that would make the browser fetch: the page must need no network at all.
_FETCHING = re.compile(r"""\b(src|href|action|srcset|poster)\s*=|url\(|@import""", re.I)


def _script_payload(page: str) -> str:
    match = re.search(r'<script type="application/json" id="findings-data">(.*?)</script>', page)
    assert match is not None
    return match.group(1)


def test_strings_from_the_repository_never_become_markup(tmp_path: Path) -> None:
    page = render(hostile_report(tmp_path), Format.HTML)
    tags = html_tags(page)
    assert tags.count("script") == 2  # the findings data and our own script, nothing else
    assert "img" not in tags
    assert "<b>bold</b>" not in page  # a check's summary, escaped
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    payload = _script_payload(page)
    assert "<" not in payload  # so no "</script>" can end the block early
    data = json.loads(payload)
    assert HOSTILE_PATH in [row[3] for row in data["findings"]]


def test_the_page_needs_no_network(tmp_path: Path) -> None:
    page = render(hostile_report(tmp_path), Format.HTML)
    head = page.split("</head>", 1)[0]
    assert "default-src 'none'" in head
    without_data = page.replace(_script_payload(page), "")
    assert _FETCHING.search(without_data) is None


def test_a_2000_finding_report_stays_under_a_megabyte(tmp_path: Path) -> None:
    page = render(many_findings_report(tmp_path), Format.HTML)
    assert len(json.loads(_script_payload(page))["findings"]) == 2000
    assert len(page.encode()) < 1_000_000


def test_the_same_report_gives_the_same_page(tmp_path: Path) -> None:
    report = hostile_report(tmp_path)
    assert render(report, Format.HTML) == render(report, Format.HTML)


def test_fleet_page_escapes_names_and_reasons(tmp_path: Path) -> None:
    page = render_fleet_html(fleet_rows(tmp_path), "batch-<1>")
    tags = html_tags(page)
    assert tags.count("script") == 1  # our own, only
    assert "b" not in tags
    assert "&lt;script&gt;window.__xss = 4&lt;/script&gt;" in page
    assert "cannot clone &lt;b&gt;https://127.0.0.1:1/x.git&lt;/b&gt;" in page
    assert _FETCHING.search(page) is None


def test_the_page_shows_the_profile_evidence_and_every_cap(tmp_path: Path) -> None:
    report = dataclasses.replace(
        hostile_report(tmp_path),
        score=59.9,
        uncapped_score=71.2,
        caps=(
            AppliedCap(
                check="tests",
                cap=ScoreCap(
                    id="no-tests",
                    limit=59.9,
                    reason="no tests at all",
                    evidence="0 test files among 3 Python files <i>",
                ),
            ),
        ),
    )
    page = render(report, Format.HTML)
    assert 'id="caps"' in page
    assert "Capped from 71.2 (weakest link)" in page
    assert (
        "tests: no tests at all (at most 59.9): 0 test files among 3 Python files &lt;i&gt;" in page
    )
    assert f"Judged as {report.profile.profile.value}: " in page
