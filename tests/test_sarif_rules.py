"""SARIF that GitHub code scanning reads right, on a fixture every checker has findings in.

Rules have readable names and descriptions (never just the id), help with the why and the
fix, precision and problem.severity; results carry columns where ruff, bandit and mypy give
them; only security rules carry security-severity; every ``pyreadiness explain`` a rule
points to exists.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from pyreadiness.check.serialize import finding_from_dict, finding_to_dict
from pyreadiness.model import PRECISIONS, Finding, Severity
from tests.helpers import FIXTURES, ROOT, run_cli, validate_report
from tests.report_samples import SARIF_MISSING, parse_annotations, parse_concise, sarif_validator

EVERY = FIXTURES / "report-every-checker"
OSV = FIXTURES / "report-every-checker-osv"
SECURITY_CHECKS = {"security", "security-process", "vulnerabilities"}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("every")
    sarif, github, concise = tmp / "r.sarif", tmp / "r.github", tmp / "r.txt"
    run = run_cli(
        "check", EVERY, "-q", "-f", "json", "--vuln-db", OSV, "--cache-dir", tmp / "cache",
        "-o", f"sarif:{sarif}", "-o", f"github:{github}", "-o", f"concise:{concise}",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    return {
        "json": run.json(),
        "sarif": json.loads(sarif.read_text(encoding="utf-8")),
        "github": github.read_text(encoding="utf-8"),
        "concise": concise.read_text(encoding="utf-8"),
    }


def _rules(sarif: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}


def test_sarif_passes_the_official_schema(outputs: dict[str, Any]) -> None:
    validator = sarif_validator()
    if validator is None:
        pytest.skip(SARIF_MISSING)
    assert [e.message for e in validator.iter_errors(outputs["sarif"])] == []


def test_every_finding_rule_reads_as_words_with_why_and_fix(outputs: dict[str, Any]) -> None:
    checks = {c["id"] for c in outputs["json"]["checks"]} | {"discovery"}
    finding_rules = {rid: r for rid, r in _rules(outputs["sarif"]).items() if rid not in checks}
    assert len(finding_rules) == 31
    for rid, rule in finding_rules.items():
        assert "/" not in rule["name"], rid
        assert rule["shortDescription"]["text"] not in (rid, rule["name"]), rid
        assert len(rule["fullDescription"]["text"]) > len(rule["shortDescription"]["text"]), rid
        assert rule["help"]["markdown"] and rule["help"]["text"], rid
        # ruff and mypy state no confidence: no precision rather than an invented one.
        if rid.startswith(("lint/E", "lint/F", "typing/mypy/")):
            assert "precision" not in rule["properties"], rid
        else:
            assert rule["properties"]["precision"] in PRECISIONS, rid
        assert rule["properties"]["problem.severity"] in ("error", "warning", "recommendation")
    rules = _rules(outputs["sarif"])
    assert (rules["lint/F401"]["name"], rules["lint/F401"]["shortDescription"]["text"]) == (
        "unused-import",
        "Unused import (F401)",
    )
    assert rules["lint/F401"]["helpUri"] == "https://docs.astral.sh/ruff/rules/unused-import"
    b602 = rules["security/B602"]
    assert b602["name"] == "subprocess_popen_with_shell_equals_true"
    assert b602["properties"]["precision"] == "high"  # bandit's confidence HIGH
    unannotated = rules["typing/unannotated"]
    assert unannotated["shortDescription"]["text"] == "Functions without complete annotations"
    assert "**Why it matters.**" in unannotated["help"]["markdown"]
    assert "**How to fix.**" in unannotated["help"]["markdown"]
    assert rules["typing/mypy/return-value"]["name"] == "return-value"


def test_only_security_rules_carry_security_severity(outputs: dict[str, Any]) -> None:
    rules = _rules(outputs["sarif"])
    carrying = {rid for rid, r in rules.items() if "security-severity" in r["properties"]}
    assert carrying
    assert {rid.split("/")[0] for rid in carrying} <= SECURITY_CHECKS
    for rid, rule in rules.items():
        severity = rule["properties"].get("severity", "info")
        if rid.split("/")[0] in SECURITY_CHECKS and severity != "info":
            assert rid in carrying, rid


def test_results_carry_the_tools_columns(outputs: dict[str, Any]) -> None:
    regions = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]
        for r in outputs["sarif"]["runs"][0]["results"]
    }
    # Columns of ruff are 1-based, end one past; bandit's and mypy's 0-based, converted.
    assert regions["lint/E722"] == {
        "startLine": 14,
        "startColumn": 5,
        "endLine": 14,
        "endColumn": 11,
    }
    assert regions["security/B602"] == {
        "startLine": 8, "startColumn": 12, "endLine": 8, "endColumn": 48,
    }  # fmt: skip
    # mypy gives end positions in its JSON only from some release on (not 1.19, our floor):
    # the start always, the end where this mypy gives it.
    mypy_region = set(regions["typing/mypy/return-value"])
    assert {"startLine", "startColumn"} <= mypy_region
    assert mypy_region <= {"startLine", "startColumn", "endLine", "endColumn"}
    assert regions["typing/no-py-typed"] == {"startLine": 1}


def test_every_rule_the_project_checker_emits_is_in_its_catalogue() -> None:
    # The rule ids are the first argument of the checker's one finding() helper, or named
    # in its tables: every quoted id of the form the catalogue uses must be described.
    from pyreadiness.checkers.project.catalogue import RULES

    source = "".join(
        path.read_text()
        for path in sorted((ROOT / "src/pyreadiness/checkers/project").glob("*.py"))
    )
    prefixes = (
        "licence-",
        "licenseref-",
        "readme-",
        "changelog-",
        "security-policy-",
        "codeowners-",
        "metadata-",
        "build-backend-",
        "pyproject-",
        "classifier-",
        "python-",
        "requires-python-",
        "docs-config-",
        "docstrings-",
        "artifact-",
    )
    emitted = {
        rule
        for rule in re.findall(r'"([a-z][a-z0-9-]+)"', source)
        if rule.startswith(prefixes) and rule not in {"python-version", "python-versions"}
    }
    assert emitted <= set(RULES), emitted - set(RULES)


@pytest.mark.slow
def test_every_explain_a_rule_points_to_exists(outputs: dict[str, Any]) -> None:
    commands = {
        m.group(1)
        for rule in _rules(outputs["sarif"]).values()
        for m in re.finditer(r"`pyreadiness explain ([^`]+)`", json.dumps(rule))
    }
    assert {"discovery", "lint", "typing/unannotated"} <= commands
    for target in sorted(commands):
        run = run_cli("explain", target)
        assert run.code == 0, (target, run.stderr)


def test_the_json_report_carries_columns_names_and_groups(outputs: dict[str, Any]) -> None:
    validate_report(outputs["json"])
    by_rule = {f["rule"]: f for f in outputs["json"]["findings"]}
    e722 = by_rule["E722"]
    assert (e722["column"], e722["end_line"], e722["end_column"]) == (5, 14, 11)
    assert e722["rule_name"] == "bare-except"
    assert by_rule["B602"]["precision"] == "high"
    assert by_rule["typing/unannotated"]["grouped"] is True
    assert "grouped" not in e722


def test_position_fields_survive_the_cache_and_json() -> None:
    finding = Finding(
        check="lint", rule="F401", severity=Severity.LOW, message="m", path="a.py", line=3,
        column=8, end_line=3, end_column=10, rule_name="unused-import", precision="very-high",
        grouped=True,
    )  # fmt: skip
    assert finding_from_dict(json.loads(json.dumps(finding_to_dict(finding)))) == finding
    plain = Finding(check="lint", rule="F401", severity=Severity.LOW, message="m")
    assert set(finding_to_dict(plain)) == {
        "check", "rule", "severity", "path", "line", "message", "help",
    }  # fmt: skip


def test_github_annotations_parse_one_per_finding(outputs: dict[str, Any]) -> None:
    parsed = parse_annotations(outputs["github"])
    assert len(parsed) == len(outputs["json"]["findings"]) == 31
    level, props, _ = parsed[0]
    assert level == "error"
    assert props["title"] == "vulnerabilities/known-vulnerability (critical)"
    assert props["file"] == "fixtures/report-every-checker/pyproject.toml"
    b602 = next(p for _, p, _ in parsed if p["title"].startswith("security/B602"))
    assert {k: b602[k] for k in ("line", "endLine", "col", "endColumn")} == {
        "line": "8", "endLine": "8", "col": "12", "endColumn": "48",
    }  # fmt: skip


def test_github_escaping_follows_the_runner() -> None:
    from pyreadiness.reporters.github import escape_data, escape_property

    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_concise_is_one_finding_per_line(outputs: dict[str, Any]) -> None:
    parsed, verdict = parse_concise(outputs["concise"])
    assert len(parsed) == 31
    e722 = next(m for m in parsed if m["rule"] == "lint/E722")
    assert (e722["path"], e722["line"], e722["col"]) == ("src/everychecker/app.py", "14", "5")
    assert verdict == "31 findings; score 29.6 (grade F); gate passed: no thresholds set"
