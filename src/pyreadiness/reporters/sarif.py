"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

Rules: one per installed check (id = the check id, e.g. ``lint``), so every run declares
every check even when it found nothing and code scanning can close fixed alerts; plus one
per distinct finding rule seen, with id ``<check>/<rule>`` (e.g. ``lint/F401``; a rule
already spelled with its check prefix is kept as is). A rule's name, descriptions, help
and precision come from its checker's catalogue (``Checker.rules``: title, why, fix) or,
for a wrapped tool's rule, from the finding (ruff's rule name, bandit's test name and
confidence, mypy's error code, and the tool's documentation link). Columns are given
where the tool gives them. A rule that never fired in this run is not declared.

Results: every finding, placed on its file and line relative to the repository root; a
finding about the repository as a whole goes on ``pyproject.toml`` (or the first
``setup.cfg``/``setup.py``/README that exists), line 1. ``partialFingerprints`` come from
:mod:`pyreadiness.baseline.fingerprint` (no line numbers, so moved lines keep their alert).
``properties.security-severity`` is set only on rules of the security pillar's checks
(bandit, secrets, vulnerabilities, CI supply chain), derived from the rule's most severe
finding: GitHub files every rule that carries it as a security alert, and a lint or typing
finding is not one.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pyreadiness.baseline.fingerprint import fingerprints, occurrence_keys
from pyreadiness.model import Finding, Pillar, RuleDoc, Severity, Status
from pyreadiness.report.comparison import Comparison
from pyreadiness.report.core_rules import DISCOVERY, DISCOVERY_RULES, DISCOVERY_TITLE
from pyreadiness.report.model import Report
from pyreadiness.reporters.locations import Placer

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/pyreadiness/"
FINGERPRINT_KEY = "pyreadiness/v1"

LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
#: GitHub reads >= 9.0 as critical, 7.0-8.9 high, 4.0-6.9 medium, below 4.0 low.
#: Informational findings carry none: they are not a security risk at any level.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}
#: GitHub code scanning takes at most this many results per run; findings come most severe
#: first, so the cut keeps what matters and a notification says how many were left out.
MAX_RESULTS = 25_000
#: SARIF ``problem.severity`` (what GitHub shows for non-security rules).
PROBLEM_SEVERITY = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "recommendation",
    Severity.INFO: "recommendation",
}
#: Findings the pipeline itself reports (unreadable files, broken pyproject.toml).
CORE_CHECKS = {DISCOVERY: DISCOVERY_TITLE}


def rule_id(f: Finding) -> str:
    return f.rule if f.rule.startswith(f.check + "/") else f"{f.check}/{f.rule}"


def _text(text: str) -> dict[str, str]:
    return {"text": text}


def _is_url(text: str) -> bool:
    return text.startswith(("https://", "http://"))


def _check_rule(check: str, title: str, tags: list[str]) -> dict[str, Any]:
    explain = f"`pyreadiness explain {check}`"
    return {
        "id": check,
        "name": check,
        "shortDescription": _text(title),
        "fullDescription": _text(f"{title}. Run {explain} for what it measures and how."),
        "help": {
            "text": f"Run {explain}: what the check measures, how it scores, how to improve.",
            "markdown": f"Run {explain}: what the check measures, how it scores and how to "
            "improve.",
        },
        "properties": {"tags": tags},
    }


def _describe(f: Finding, doc: RuleDoc | None) -> tuple[str, str, str, str]:
    """Name, short description, full description and help (markdown) of a finding's rule."""
    name = f.rule_name or f.rule.removeprefix(f.check + "/")
    if doc is not None:
        more = f"\n\nDocumentation: {f.help}" if _is_url(f.help) else ""
        return (
            name,
            doc.title,
            f"{doc.title}. {doc.why}",
            f"**Why it matters.** {doc.why}\n\n**How to fix.** {doc.fix}{more}\n\n"
            f"`pyreadiness explain {rule_id(f)}`",
        )
    # A wrapped tool's rule (ruff, bandit, mypy): its name and documentation link.
    readable = name.replace("-", " ").replace("_", " ").replace("/", ": ")
    readable = f"{readable[:1].upper()}{readable[1:]}"
    short = f"{readable} ({f.rule})" if f.rule_name else readable
    full = f"{short}: reported by the {f.check} check."
    if _is_url(f.help):
        return name, short, full, f"{full} See [{name}]({f.help}) for the rule and its fix."
    return name, short, full, f"{full} {f.help}".strip()


def _rules(report: Report) -> list[dict[str, Any]]:
    pillar_of = {c.id: c.pillar for c in report.checks}
    catalogue = {c.id: c.rules for c in report.checks} | {DISCOVERY: DISCOVERY_RULES}
    rules: dict[str, dict[str, Any]] = {}

    def tags(check: str) -> list[str]:
        # The pillar is the tag; for the security pillar that is "security", which is what
        # makes GitHub show the rule's security-severity.
        pillar = pillar_of.get(check)
        return ["pyreadiness", pillar.value if pillar else "core"]

    titles = {c.id: c.title for c in report.checks} | CORE_CHECKS
    titles |= {e.name: f"{e.name} (failed to load: {e.reason})" for e in report.plugin_errors}
    for check, title in titles.items():
        rules[check] = _check_rule(check, title, tags(check))
    # Findings come most severe first, so the first one seen sets the rule's severity.
    for f in report.findings:
        rid = rule_id(f)
        if rid in rules:
            continue
        doc = catalogue.get(f.check, {}).get(f.rule)
        name, short, full, markdown = _describe(f, doc)
        properties: dict[str, Any] = {
            "tags": tags(f.check),
            "severity": f.severity.value,
            "problem.severity": PROBLEM_SEVERITY[f.severity],
        }
        precision = f.precision or (doc.precision if doc else None)
        if precision:
            properties["precision"] = precision
        if f.severity in SECURITY_SEVERITY and pillar_of.get(f.check) is Pillar.SECURITY:
            properties["security-severity"] = SECURITY_SEVERITY[f.severity]
        rule: dict[str, Any] = {
            "id": rid,
            "name": name,
            "shortDescription": _text(short),
            "fullDescription": _text(full),
            "help": {"text": doc.fix if doc else (f.help or full), "markdown": markdown},
            "defaultConfiguration": {"level": LEVEL[f.severity]},
            "properties": properties,
        }
        if _is_url(f.help):
            rule["helpUri"] = f.help
        rules[rid] = rule
    return [rules[k] for k in sorted(rules)]


def _notifications(report: Report, index: dict[str, int]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if len(report.findings) > MAX_RESULTS:
        left_out = len(report.findings) - MAX_RESULTS
        out.append(
            {
                "level": "warning",
                "message": _text(
                    f"{left_out} least severe finding(s) left out: code scanning accepts "
                    f"{MAX_RESULTS} results per run (the JSON report has them all)"
                ),
            }
        )
    for c in report.checks:
        if c.result.status in (Status.SKIPPED, Status.ERROR):
            out.append(
                {
                    "level": "error" if c.result.status is Status.ERROR else "note",
                    "message": _text(f"{c.id} {c.result.status.value}: {c.result.reason}"),
                    "associatedRule": {"id": c.id, "index": index[c.id]},
                }
            )
    for e in report.plugin_errors:
        out.append(
            {
                "level": "error",
                "message": _text(f"plugin {e.name} ({e.package}) failed to load: {e.reason}"),
                "associatedRule": {"id": e.name, "index": index[e.name]},
            }
        )
    return out


def _columns(f: Finding) -> dict[str, int]:
    out: dict[str, int] = {}
    if f.column is not None:
        out["startColumn"] = f.column
    if f.end_line is not None and f.line is not None and f.end_line >= f.line:
        out["endLine"] = f.end_line
        if f.end_column is not None and (f.end_line > f.line or f.end_column > (f.column or 0)):
            out["endColumn"] = f.end_column
    return out


def sarif_dict(report: Report, comparison: Comparison | None = None) -> dict[str, Any]:
    target = Path(report.target)
    placer = Placer(target)
    rules = _rules(report)
    index = {r["id"]: i for i, r in enumerate(rules)}
    keys = occurrence_keys(report.findings, fingerprints(report.findings, target))
    new = Counter(comparison.new) if comparison else Counter[Finding]()
    results: list[dict[str, Any]] = []
    shown = report.findings[:MAX_RESULTS]
    for f, key in zip(shown, keys[:MAX_RESULTS], strict=True):
        path, line = placer.place(f)
        rid = rule_id(f)
        region: dict[str, int] = {"startLine": line}
        if line == f.line:  # columns only where the finding itself is placed
            region |= _columns(f)
        result: dict[str, Any] = {
            "ruleId": rid,
            "ruleIndex": index[rid],
            "level": LEVEL[f.severity],
            "message": _text(placer.message(f)),
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(path), "uriBaseId": "%SRCROOT%"},
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: key},
            "properties": {"check": f.check, "severity": f.severity.value},
        }
        if f.project is not None:  # a monorepo's sub-project
            result["properties"]["project"] = f.project
        if comparison is not None:
            is_new = new[f] > 0
            new[f] -= 1 if is_new else 0
            result["baselineState"] = "new" if is_new else "unchanged"
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pyreadiness",
                        "version": report.tool_version,
                        "semanticVersion": report.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": _notifications(report, index),
                    }
                ],
                "results": results,
                "properties": {
                    "score": report.score,
                    "grade": report.grade,
                    "gate": {"passed": report.gate.passed, "reasons": list(report.gate.reasons)},
                    "pillars": {p.pillar.value: p.score for p in report.pillars},
                },
            }
        ],
    }


def render_sarif(report: Report, comparison: Comparison | None = None) -> str:
    return json.dumps(sarif_dict(report, comparison), indent=2, ensure_ascii=False) + "\n"
