"""Names and messages from the repository come out inert in every format."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from tests.hostile.harness import FORMATS, check, findings, minimal_repo
from tests.report_samples import parse_annotations, parse_concise

HOSTILE_NAME = (
    "x\x1b[2J\x07[link=https:\\evil.test][bold]y<img src=x onerror=alert(1)>&'"
    "](javascript:alert(1))\u202e.py"
)
HOSTILE_LINE = (
    "pkg \x1b]8;;https://evil.test\x07[bold]boom[/bold] <script>alert(1)</script>"
    " ](javascript:x) & \x01 \x7f\n"
)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_hostile_names_and_messages_are_inert_in_every_format(tmp_path: Path) -> None:
    repo = minimal_repo(
        tmp_path / "repo",
        {
            "requirements.txt": HOSTILE_LINE.encode(),
            "src/victim/broken.py": "def (:\n",
        },
    )
    hostile = os.fsencode(repo / "src" / "victim") + b"/" + os.fsencode(HOSTILE_NAME)
    with open(hostile, "wb") as handle:  # noqa: PTH123 - a bytes path
        handle.write(b"def (:\n")
    outcome = check(repo, tmp_path / "cache", "--select", "lint,dependencies", formats=FORMATS)
    report = outcome.json()
    paths = [f["path"] or "" for f in findings(report)]
    assert any("img src" in p for p in paths), paths
    messages = [f["message"] for f in findings(report)]
    assert any("boom" in m for m in messages), messages

    for fmt in ("json", "sarif", "codequality"):
        data = json.loads(outcome.outputs[fmt])
        bad = [s for s in _strings(data) if CONTROL.search(s)]
        assert bad == [], (fmt, bad[:3])
    junit = outcome.outputs["junit"]
    ET.fromstring(junit.encode())  # noqa: S314 - our own output
    assert "<img" not in junit and "<script" not in junit

    markdown = outcome.outputs["markdown"]
    assert not CONTROL.search(markdown)
    # Inside a code span (backticks replaced in names) nothing is markup; outside, all is escaped.
    prose = re.sub(r"`[^`\n]*`", "", markdown)
    assert not re.search(r"(?<!\\)<(img|script)", prose), prose
    assert not re.search(r"(?<!\\)\]\(javascript:", prose), prose
    rich = outcome.outputs["rich"]
    assert not CONTROL.search(rich)
    assert "[bold]boom[/bold]" in rich or "boom" not in rich  # markup printed, never applied
    # Line formats: one line per finding, nothing a terminal or the runner would act on.
    annotations = parse_annotations(outcome.outputs["github"])
    assert len(annotations) == len(findings(report))
    assert not CONTROL.search(outcome.outputs["github"])
    concise, _ = parse_concise(outcome.outputs["concise"])
    assert len(concise) == len(findings(report))
    assert not CONTROL.search(outcome.outputs["concise"])
    for text in (outcome.stdout, outcome.stderr):
        assert not CONTROL.search(text.replace("\n", "").replace("\t", ""))
