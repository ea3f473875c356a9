"""Each output format, rendered from a hand-built report and parsed back."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from pyreadiness.baseline.compare import compare, with_baseline_gate
from pyreadiness.baseline.fingerprint import FINGERPRINT_VERSION
from pyreadiness.baseline.model import Baseline
from pyreadiness.model import Finding, Pillar, Severity
from pyreadiness.reporters.interface import Format, render
from pyreadiness.reporters.locations import repo_prefix
from pyreadiness.reporters.markdown import MAX_CHARS
from pyreadiness.score.gate import GateOutcome, GateThresholds
from tests.html_tools import html_tags
from tests.report_samples import (
    FINDINGS,
    SARIF_MISSING,
    parse_annotations,
    parse_concise,
    sample_report,
    sarif_validator,
    write_tree,
)


def parse(fmt: Format, text: str) -> Any:
    """Parse a rendered report with a parser for its format: fails on malformed output."""
    if fmt in (Format.JSON, Format.SARIF, Format.CODEQUALITY):
        return json.loads(text)
    if fmt is Format.JUNIT:
        return ET.fromstring(text)  # noqa: S314 - our own output, parsed to prove it is XML
    if fmt is Format.MARKDOWN:
        return MarkdownIt("commonmark").enable("table").parse(text)
    if fmt is Format.RICH:
        return text.splitlines()
    if fmt is Format.GITHUB:
        return parse_annotations(text)
    if fmt is Format.CONCISE:
        return parse_concise(text)[0]
    if fmt is Format.HTML:
        return html_tags(text)
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_renders_and_parses(fmt: Format, tmp_path: Path) -> None:
    report = sample_report(write_tree(tmp_path))
    parsed = parse(fmt, render(report, fmt))
    assert parsed, f"{fmt.value} rendered nothing"


def test_sarif_is_valid_against_the_official_schema(tmp_path: Path) -> None:
    validator = sarif_validator()
    if validator is None:
        pytest.skip(SARIF_MISSING)
    sarif = json.loads(render(sample_report(write_tree(tmp_path)), Format.SARIF))
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_sarif_declares_every_check_and_every_rule_seen(tmp_path: Path) -> None:
    run = json.loads(render(sample_report(write_tree(tmp_path)), Format.SARIF))["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(rules)
    assert set(rules) == {
        "broken",
        "discovery",
        "lint",
        "lint/F401",
        "security",
        "security/B307",
        "security/no-policy",
        "tests",
        "tests/no-coverage",
        "typing",
        "vulnerabilities",
        "vulnerabilities/known-vulnerability",
    }
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]


def test_sarif_levels_security_severity_and_tags(tmp_path: Path) -> None:
    run = json.loads(render(sample_report(write_tree(tmp_path)), Format.SARIF))["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["vulnerabilities/known-vulnerability"]["properties"]["security-severity"] == "9.5"
    assert rules["security/B307"]["properties"]["security-severity"] == "8.0"
    assert rules["security/no-policy"]["properties"]["security-severity"] == "5.5"
    # GitHub treats any rule with security-severity as a security alert: lint is not one.
    assert "security-severity" not in rules["lint/F401"]["properties"]
    assert "security-severity" not in rules["tests/no-coverage"]["properties"]
    assert "security" in rules["security/B307"]["properties"]["tags"]
    assert "security" not in rules["lint/F401"]["properties"]["tags"]
    assert rules["lint/F401"]["helpUri"] == "https://docs.astral.sh/ruff/rules/unused-import"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {
        "vulnerabilities/known-vulnerability": "error",
        "security/B307": "error",
        "security/no-policy": "warning",
        "lint/F401": "note",
        "tests/no-coverage": "note",
    }


def test_sarif_no_rule_outside_the_security_pillar_carries_security_severity(
    tmp_path: Path,
) -> None:
    run = json.loads(render(sample_report(write_tree(tmp_path)), Format.SARIF))["runs"][0]
    with_severity = {
        r["id"].split("/")[0]
        for r in run["tool"]["driver"]["rules"]
        if "security-severity" in r["properties"]
    }
    assert with_severity == {"security", "vulnerabilities"}
    for rule in run["tool"]["driver"]["rules"]:
        if "security-severity" in rule["properties"]:
            assert "security" in rule["properties"]["tags"]


def test_sarif_places_repository_findings_on_pyproject_line_one(tmp_path: Path) -> None:
    run = json.loads(render(sample_report(write_tree(tmp_path)), Format.SARIF))["runs"][0]
    by_rule = {r["ruleId"]: r["locations"][0]["physicalLocation"] for r in run["results"]}
    policy = by_rule["security/no-policy"]
    assert policy["artifactLocation"] == {"uri": "pyproject.toml", "uriBaseId": "%SRCROOT%"}
    assert policy["region"] == {"startLine": 1}
    assert by_rule["tests/no-coverage"]["region"] == {"startLine": 1}
    assert by_rule["security/B307"]["artifactLocation"]["uri"] == "pkg/app.py"
    assert by_rule["security/B307"]["region"] == {"startLine": 5}


def test_sarif_paths_are_relative_to_the_enclosing_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    target = write_tree(tmp_path / "services" / "api")
    assert repo_prefix(target) == "services/api/"
    run = json.loads(render(sample_report(target), Format.SARIF))["runs"][0]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert uris == {"services/api/pkg/app.py", "services/api/pyproject.toml"}


def test_sarif_fingerprints_survive_moved_lines(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    before = json.loads(render(sample_report(root), Format.SARIF))["runs"][0]["results"]
    # Two lines inserted above both findings of pkg/app.py: the findings move down by two.
    app = root / "pkg" / "app.py"
    app.write_text('"""Docs."""\n\n' + app.read_text(encoding="utf-8"), encoding="utf-8")
    moved = tuple(
        Finding(**{**f.__dict__, "line": f.line + 2}) if f.path == "pkg/app.py" and f.line else f
        for f in FINDINGS
    )
    after = json.loads(render(sample_report(root, findings=moved), Format.SARIF))["runs"][0][
        "results"
    ]
    prints = [r["partialFingerprints"]["pyreadiness/v1"] for r in before]
    assert prints == [r["partialFingerprints"]["pyreadiness/v1"] for r in after]
    assert len(set(prints)) == len(prints)
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] != [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in before
    ]


def test_sarif_reports_unmeasured_checks_as_notifications(tmp_path: Path) -> None:
    run = json.loads(render(sample_report(write_tree(tmp_path)), Format.SARIF))["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [(n["associatedRule"]["id"], n["level"]) for n in notes] == [
        ("tests", "note"),
        ("typing", "error"),
        ("broken", "error"),
    ]
    assert run["properties"]["score"] == 61.5


def test_junit_has_one_case_per_check_with_its_outcome(tmp_path: Path) -> None:
    root = ET.fromstring(render(sample_report(write_tree(tmp_path)), Format.JUNIT))  # noqa: S314
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("name") == "pyreadiness"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert {n: c.get("classname") for n, c in cases.items()} == {
        "gate": "pyreadiness",
        "lint": "pyreadiness.maintainability",
        "typing": "pyreadiness.maintainability",
        "security": "pyreadiness.security",
        "vulnerabilities": "pyreadiness.security",
        "tests": "pyreadiness.testing",
        "broken": "pyreadiness.plugins",
    }
    # No threshold set: the gate passes, so nothing is red, whatever the scores.
    assert all(c.find("failure") is None for c in cases.values())
    assert "score 55: 1 finding" in (cases["lint"].findtext("system-out") or "")
    assert "pkg/app.py:1 F401" in (cases["lint"].findtext("system-out") or "")
    skipped = cases["tests"].find("skipped")
    assert skipped is not None
    assert skipped.get("message") == "tests could not run"
    assert cases["typing"].find("error") is not None
    assert cases["broken"].find("error") is not None
    assert "B307" in (cases["security"].findtext("system-out") or "")
    assert (
        suite.get("tests"),
        suite.get("failures"),
        suite.get("errors"),
        suite.get("skipped"),
    ) == (
        "7",
        "0",
        "2",
        "1",
    )
    # The common JUnit XSD: no `skipped` on <testsuites>; `time` everywhere.
    assert root.get("skipped") is None
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "0", "2")
    assert all(e.get("time") is not None for e in (root, suite, *cases.values()))


def test_junit_failures_follow_the_gate(tmp_path: Path) -> None:
    gate = GateOutcome(
        passed=False, reasons=("maintainability 55 is below its minimum 70 (--min)",)
    )
    report = sample_report(write_tree(tmp_path), gate=gate)
    report = dataclasses.replace(
        report, thresholds=GateThresholds(pillar_minimums={Pillar.MAINTAINABILITY: 70.0})
    )
    root = ET.fromstring(render(report, Format.JUNIT))  # noqa: S314
    cases = {c.get("name"): c for c in root.iter("testcase")}
    gate_failure = cases["gate"].find("failure")
    assert gate_failure is not None
    assert gate_failure.get("message") == "maintainability 55 is below its minimum 70 (--min)"
    lint_failure = cases["lint"].find("failure")
    assert lint_failure is not None
    assert lint_failure.get("message") == (
        "maintainability 55 is below its minimum 70; lint score 55: 1 finding | <b>bold</b>"
    )
    assert "pkg/app.py:1 F401" in (lint_failure.text or "")
    # typing is in the failing pillar too, but it errored: an error, not a failure.
    assert cases["typing"].find("failure") is None
    assert cases["security"].find("failure") is None  # no minimum on security
    assert root.get("failures") == "2"


def test_junit_drops_characters_xml_cannot_carry(tmp_path: Path) -> None:
    text = render(sample_report(write_tree(tmp_path)), Format.JUNIT)
    assert "\x00" not in text
    assert "\x07" not in text
    tests_case = ET.fromstring(text).find(".//testcase[@name='tests']")  # noqa: S314
    assert tests_case is not None
    assert "coverage is not measured (control characters)" in (
        tests_case.findtext("system-out") or ""
    )


def test_codequality_issues(tmp_path: Path) -> None:
    issues = json.loads(render(sample_report(write_tree(tmp_path)), Format.CODEQUALITY))
    assert len(issues) == len(FINDINGS)
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["lines"]["begin"] >= 1
    by_name = {i["check_name"]: i for i in issues}
    assert by_name["vulnerabilities/known-vulnerability"]["severity"] == "blocker"
    assert by_name["security/B307"]["severity"] == "critical"
    assert by_name["security/no-policy"]["severity"] == "major"
    assert by_name["lint/F401"]["severity"] == "minor"
    assert by_name["tests/no-coverage"]["severity"] == "info"
    assert by_name["security/no-policy"]["location"] == {
        "path": "pyproject.toml",
        "lines": {"begin": 1},
    }
    assert by_name["lint/F401"]["description"] == (
        "`os` imported but unused (see https://docs.astral.sh/ruff/rules/unused-import)"
    )
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def _table_rows(md: str, heading: str) -> list[list[str]]:
    """The cells of the first table after ``heading``, as rendered text."""
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    seen_heading = False
    rows: list[list[str]] = []
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "inline" and tokens[i - 1].type == "heading_open" and heading in tok.content:
            seen_heading = True
        if not seen_heading:
            continue
        if tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append("".join(c.content for c in tok.children or []))
        elif tok.type == "tr_close" and row is not None:
            rows.append(row)
            row = None
        elif tok.type == "table_close":
            break
    return rows


def test_markdown_heading_tables_and_escaping(tmp_path: Path) -> None:
    md = render(sample_report(write_tree(tmp_path)), Format.MARKDOWN)
    assert md.startswith("## pyreadiness: 61.5 / 100 (D) — ✅ gate passed\n")
    rows = _table_rows(md, "Top findings")
    assert rows[0] == ["Severity", "Check", "Where", "Rule", "Message"]
    # INFO findings are left out of the top findings; most severe first.
    assert [r[3] for r in rows[1:]] == [
        "known-vulnerability",
        "security/B307",
        "security/no-policy",
        "F401",
    ]
    eval_row = rows[2]
    assert eval_row[2] == "pkg/app.py:5"
    # The pipe stayed inside its cell, the HTML stayed text, and no one gets mentioned.
    assert eval_row[4] == (
        "Use of possibly insecure function eval at line 5 | <script>@\u2060admin</script>"
    )
    assert "<script>" not in md
    assert "### Not measured" in md
    assert "plugin broken (thirdparty) failed to load: ImportError" in md


def test_markdown_stays_under_the_pull_request_comment_limit(tmp_path: Path) -> None:
    many = tuple(
        Finding(
            check="lint",
            rule="E501",
            severity=Severity.MEDIUM,
            message="line too long " + "x" * 400,
            path=f"pkg/m{i}.py",
            line=i + 1,
        )
        for i in range(5000)
    )
    report = sample_report(write_tree(tmp_path), findings=many)
    empty = Baseline(
        tool_version="0.1.0",
        fingerprint_version=FINGERPRINT_VERSION,
        score=61.5,
        pillars={},
        checks={},
        findings=(),
    )
    comparison = compare(report, empty)
    md = render(with_baseline_gate(report, comparison), Format.MARKDOWN)
    assert len(md) <= MAX_CHARS
    assert "**New findings (5000)**" in md
    assert "more not shown (see the JSON or SARIF report)" in md
    assert md.rstrip().endswith("- ... and 4980 more new finding(s)")
    assert "### Top findings (25 of 5000)" in md


def test_sarif_keeps_the_most_severe_results_within_githubs_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyreadiness.reporters import sarif

    monkeypatch.setattr(sarif, "MAX_RESULTS", 2)
    run = json.loads(render(sample_report(write_tree(tmp_path)), Format.SARIF))["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == [
        "vulnerabilities/known-vulnerability",
        "security/B307",
    ]
    note = run["invocations"][0]["toolExecutionNotifications"][0]
    assert note["message"]["text"].startswith("3 least severe finding(s) left out")


def test_findings_on_missing_files_go_on_the_anchor_naming_their_file(tmp_path: Path) -> None:
    marker = Finding(
        check="typing",
        rule="typing/no-py-typed",
        severity=Severity.LOW,
        message="package pkg ships no py.typed marker",
        path="pkg/py.typed",
    )
    report = sample_report(write_tree(tmp_path), findings=(marker,))
    (result,) = json.loads(render(report, Format.SARIF))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "pyproject.toml"
    )
    assert result["message"]["text"] == "pkg/py.typed: package pkg ships no py.typed marker"
    (issue,) = json.loads(render(report, Format.CODEQUALITY))
    assert issue["location"] == {"path": "pyproject.toml", "lines": {"begin": 1}}
    assert issue["description"].startswith("pkg/py.typed: ")
