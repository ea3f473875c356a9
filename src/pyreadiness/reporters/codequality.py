"""GitLab Code Quality (a subset of the Code Climate issue format) for merge-request widgets.

A JSON array with one issue per finding. GitLab matches issues between the base and head
pipelines by ``fingerprint``, so it comes from :mod:`pyreadiness.baseline.fingerprint` (no
line numbers: moved code is not reported as new). Paths are relative to the repository root;
a finding about the repository as a whole goes on ``pyproject.toml`` (see ``locations``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyreadiness.baseline.fingerprint import fingerprints, occurrence_keys
from pyreadiness.model import Finding, Severity
from pyreadiness.report.model import Report
from pyreadiness.reporters.locations import Placer
from pyreadiness.reporters.sarif import rule_id

SEVERITY = {
    Severity.INFO: "info",
    Severity.LOW: "minor",
    Severity.MEDIUM: "major",
    Severity.HIGH: "critical",
    Severity.CRITICAL: "blocker",
}


def _project_prefix(f: Finding) -> str:
    """``[project] `` before a monorepo finding's description: GitLab shows one list."""
    return "" if f.project is None else f"[{f.project}] "


def codequality_list(report: Report) -> list[dict[str, Any]]:
    target = Path(report.target)
    placer = Placer(target)
    keys = occurrence_keys(report.findings, fingerprints(report.findings, target))
    issues: list[dict[str, Any]] = []
    for f, key in zip(report.findings, keys, strict=True):
        path, line = placer.place(f)
        issues.append(
            {
                "type": "issue",
                "description": _project_prefix(f) + placer.message(f),
                "check_name": rule_id(f),
                "fingerprint": key,
                "severity": SEVERITY[f.severity],
                "location": {"path": path, "lines": {"begin": line}},
            }
        )
    return issues


def render_codequality(report: Report) -> str:
    return json.dumps(codequality_list(report), indent=2, ensure_ascii=False) + "\n"
