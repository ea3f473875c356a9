"""Every output format on a fixture with findings from every built-in checker, in one run.

fixtures/report-every-checker trips each checker (see its README); its vulnerable pin is
matched by the one-record OSV mirror fixtures/report-every-checker-osv.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.helpers import FIXTURES, run_cli
from tests.report_samples import SARIF_MISSING, sarif_validator

EVERY = FIXTURES / "report-every-checker"
OSV = FIXTURES / "report-every-checker-osv"
CHECKS = ("tests", "ci", "typing", "lint", "security", "dependencies", "vulnerabilities")
PREFIX = "fixtures/report-every-checker/"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("every")
    run = run_cli(
        "check",
        EVERY,
        "-q",
        "--format",
        "json",
        "--cache-dir",
        out / "cache",
        "--vuln-db",
        OSV,
        "--output",
        f"sarif:{out / 'r.sarif'}",
        "--output",
        f"junit:{out / 'r.xml'}",
        "--output",
        f"codequality:{out / 'r.cq.json'}",
        "--output",
        f"markdown:{out / 'r.md'}",
    )
    assert run.code == 0, run.stderr
    return {
        "json": run.json(),
        "sarif": json.loads((out / "r.sarif").read_text(encoding="utf-8")),
        "junit": ET.parse(out / "r.xml").getroot(),  # noqa: S314 - our own output
        "codequality": json.loads((out / "r.cq.json").read_text(encoding="utf-8")),
        "markdown": (out / "r.md").read_text(encoding="utf-8"),
    }


@pytest.mark.slow
def test_sarif_validates_against_the_official_schema(outputs: dict[str, Any]) -> None:
    validator = sarif_validator()
    if validator is None:
        pytest.skip(SARIF_MISSING)
    errors = list(validator.iter_errors(outputs["sarif"]))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.slow
def test_one_run_writes_every_format_consistently(outputs: dict[str, Any]) -> None:
    findings = outputs["json"]["findings"]
    assert len(outputs["sarif"]["runs"][0]["results"]) == len(findings)
    assert len(outputs["codequality"]) == len(findings)
    cases = outputs["junit"].findall("./testsuite/testcase")
    # one case per check and per broken plugin, plus the gate's
    assert len(cases) == len(outputs["json"]["checks"]) + len(outputs["json"]["plugin_errors"]) + 1
    tokens = MarkdownIt("commonmark").enable("table").parse(outputs["markdown"])
    assert any(t.type == "table_open" for t in tokens)
    assert outputs["markdown"].startswith(f"## pyreadiness: {outputs['json']['score']:g} / 100")


def test_sarif_locations_are_files_of_the_repository(outputs: dict[str, Any]) -> None:
    for result in outputs["sarif"]["runs"][0]["results"]:
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith(PREFIX)
        assert (EVERY / uri.removeprefix(PREFIX)).is_file(), uri
        assert location["physicalLocation"]["region"]["startLine"] >= 1
    for issue in outputs["codequality"]:
        assert (EVERY / issue["location"]["path"].removeprefix(PREFIX)).is_file()


@pytest.mark.parametrize("check", CHECKS)
def test_every_checker_reports_findings_in_every_format(
    outputs: dict[str, Any], check: str
) -> None:
    report = outputs["json"]
    failed = {e["name"]: e["reason"] for e in report["plugin_errors"]}
    assert check not in failed, f"{check} failed to load: {failed.get(check)}"
    entry = next(c for c in report["checks"] if c["id"] == check)
    assert entry["status"] in ("passed", "failed"), f"{check}: {entry['summary']}"
    rules = {f["rule"] for f in report["findings"] if f["check"] == check}
    assert rules, f"the fixture should trip {check}"

    sarif_run = outputs["sarif"]["runs"][0]
    declared = {r["id"] for r in sarif_run["tool"]["driver"]["rules"]}
    assert check in declared
    assert any(r["ruleId"].startswith(check + "/") for r in sarif_run["results"])
    assert any(i["check_name"].startswith(check + "/") for i in outputs["codequality"])
    (case,) = outputs["junit"].findall(f"./testsuite/testcase[@name='{check}']")
    body = "".join(case.itertext())
    rule = sorted(rules)[0]
    assert rule in body or rule.removeprefix(check + "/") in body
