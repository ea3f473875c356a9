"""Reports and fleets for the HTML tests, with hostile strings where a repository puts them."""

from __future__ import annotations

import json
from pathlib import Path

from pyreadiness.fleet.scan import ScanOutcome
from pyreadiness.fleet.table import FleetRow, build_row
from pyreadiness.model import Finding, Severity
from pyreadiness.report.model import Report, finding_sort_key
from pyreadiness.reporters.json_report import report_to_dict
from tests.report_samples import FINDINGS, sample_report, write_tree

#: A file name a repository may well contain; the page must show it as text.
HOSTILE_PATH = "pkg/<script>window.__xss = 1</script>.py"
HOSTILE_MESSAGE = "</script><script>window.__xss = 2</script><img src=x onerror=window.__xss=3>"


def hostile_report(root: Path) -> Report:
    extra = (
        Finding(
            check="lint",
            rule="E999",
            severity=Severity.HIGH,
            message=HOSTILE_MESSAGE,
            path=HOSTILE_PATH,
            line=3,
            help="<b>never bold</b>",
        ),
    )
    findings = tuple(sorted(FINDINGS + extra, key=finding_sort_key))
    return sample_report(write_tree(root), findings=findings)


def many_findings_report(root: Path, count: int = 2000) -> Report:
    """A large report with realistic string lengths: 50 rules, deep paths, long messages."""
    severities = list(Severity)
    findings = tuple(
        sorted(
            (
                Finding(
                    check="lint" if i % 3 else "security",
                    rule=f"RULE{i % 50:03d}",
                    severity=severities[i % len(severities)],
                    message=f"finding number {i}: something specific is wrong with this line "
                    "and here is what a linter would say about it",
                    path=f"src/package/subpackage_{i % 40}/module_{i % 97}.py",
                    line=i % 500 + 1,
                    help=f"https://docs.example.invalid/rules/RULE{i % 50:03d} explains the fix",
                )
                for i in range(count)
            ),
            key=finding_sort_key,
        )
    )
    return sample_report(write_tree(root), findings=findings)


def fleet_rows(root: Path) -> list[FleetRow]:
    """Three scored repositories (one with a hostile name and a trend) and one that failed."""
    report = json.dumps(report_to_dict(hostile_report(root)))
    rows = []
    for name, previous, trend in (
        ("alpha", 50.0, (40.0, 50.0, 61.5)),
        ("<script>window.__xss = 4</script>", None, (61.5,)),
        ("gamma", 61.5, (61.5, 61.5)),
    ):
        outcome = ScanOutcome(
            name=name, source=f"/src/{name}", ref="main", commit="a" * 40,
            recorded_at="2026-01-01T00:00:00+00:00", status="scored", report_json=report,
        )  # fmt: skip
        rows.append(build_row(outcome, previous, trend))
    broken = ScanOutcome(
        name="broken", source="https://127.0.0.1:1/x.git", ref=None, commit=None,
        recorded_at="2026-01-01T00:00:00+00:00", status="error",
        reason="cannot clone <b>https://127.0.0.1:1/x.git</b>",
    )  # fmt: skip
    rows.append(build_row(broken, None))
    return rows
