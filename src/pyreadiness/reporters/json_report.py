"""The JSON report: the machine contract, described by resources/report.schema.json.

Everything but the ``timings`` object is deterministic: the same tree gives byte-identical
output. Keys keep a fixed order; lists are sorted by the pipeline.

This module is the contract's only serializer: the result cache has its own
(``check/serialize.py``), so a change to the cache format never changes the public JSON.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pyreadiness.model import Finding, MetricValue, ScoreComponent
from pyreadiness.report.model import SCHEMA_VERSION, Report

if TYPE_CHECKING:
    from pyreadiness.report.comparison import Comparison, ScoreDelta

__all__ = ["comparison_to_dict", "render_json", "report_to_dict"]


def _finding(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "check": f.check,
        "rule": f.rule,
        "severity": f.severity.value,
        "path": f.path,
        "line": f.line,
        "message": f.message,
        "help": f.help,
    }
    if f.project is not None:  # a monorepo's sub-project; absent otherwise (same bytes as ever)
        out["project"] = f.project
    # Optional keys, written only when set: a finding without them reads as before.
    optional = {
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "grouped": f.grouped or None,
        "rule_name": f.rule_name or None,
        "precision": f.precision,
    }
    out.update((k, v) for k, v in optional.items() if v is not None)
    return out


def _component(c: ScoreComponent) -> dict[str, Any]:
    return {"id": c.id, "weight": c.weight, "score": c.score, "detail": c.detail}


def _metric(value: MetricValue) -> Any:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return value


def report_to_dict(report: Report) -> dict[str, Any]:
    data = _body(report)
    if report.projects:  # a monorepo: absent otherwise, so one project's report is unchanged
        timings = data.pop("timings")
        data["weakest_project"] = report.weakest
        data["projects"] = [
            {
                "name": p.name,
                "path": p.path,
                "declared_by": p.declared_by,
                "report": {k: v for k, v in _body(p.report).items() if k != "timings"},
            }
            for p in report.projects
        ]
        timings["projects"] = {p.name: _body(p.report)["timings"] for p in report.projects}
        data["timings"] = timings
    return data


def _body(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "pyreadiness", "version": report.tool_version},
        "target": {
            "path": report.target,
            "files": report.files,
            "source_lines": report.source_lines,
            "listed_by": report.listed_by,
        },
        "profile": {
            "id": report.profile.profile.value,
            "evidence": report.profile.evidence,
            "configured": report.profile.configured,
        },
        "score": report.score,
        "grade": report.grade,
        "uncapped_score": report.uncapped_score,
        "caps": [
            {
                "check": a.check,
                "id": a.cap.id,
                "limit": a.cap.limit,
                "reason": a.cap.reason,
                "evidence": a.cap.evidence,
            }
            for a in report.caps
        ],
        "partial": list(report.partial),
        "gate": {
            "passed": report.gate.passed,
            "reasons": list(report.gate.reasons),
            "fail_under": report.thresholds.fail_under,
            "min": {p.value: v for p, v in sorted(report.thresholds.pillar_minimums.items())},
        },
        "pillars": [
            {
                "id": p.pillar.value,
                "score": p.score,
                "grade": p.grade,
                "weight": p.weight,
                "checks": list(p.checks),
            }
            for p in report.pillars
        ],
        "checks": [
            {
                "id": c.id,
                "pillar": c.pillar.value,
                "title": c.title,
                "package": c.package,
                "weight": c.weight,
                "status": c.result.status.value,
                "score": c.result.score,
                "summary": c.result.summary,
                "reason": c.result.reason,
                "metrics": {k: _metric(v) for k, v in sorted(c.result.metrics.items())},
                "components": [_component(x) for x in c.result.components],
            }
            for c in report.checks
        ],
        "findings": [_finding(f) for f in report.findings],
        "plugin_errors": [
            {"name": e.name, "package": e.package, "reason": e.reason} for e in report.plugin_errors
        ],
        # The only part that varies between runs of the same tree.
        "timings": {
            "total_seconds": round(report.duration, 3),
            "checks": {
                c.id: {"seconds": round(c.result.duration, 3), "cached": c.result.cached}
                for c in report.checks
            },
        },
    }


def _delta(d: ScoreDelta) -> dict[str, Any]:
    return {"name": d.name, "before": d.before, "after": d.after, "change": d.change}


def comparison_to_dict(c: Comparison) -> dict[str, Any]:
    """What changed against ``--baseline``: for bots that comment on pull requests."""
    return {
        "tolerance": c.tolerance,
        "passed": c.passed,
        "regressions": list(c.regressions),
        "scores": [_delta(d) for d in (c.overall, *c.pillars, *c.checks)],
        "new": [
            {**_finding(f), "fingerprint": fp}
            for f, fp in zip(c.new, c.new_fingerprints, strict=True)
        ],
        "fixed": [
            {
                "fingerprint": b.fingerprint,
                "check": b.check,
                "rule": b.rule,
                "severity": b.severity.value,
                "path": b.path,
                "line": b.line,
                "message": b.message,
            }
            for b in c.fixed
        ],
        "unchanged": c.unchanged,
    }


def render_json(report: Report, comparison: Comparison | None = None) -> str:
    data = report_to_dict(report)
    if comparison is not None:
        timings = data.pop("timings")  # keep timings last, as without a baseline
        data["baseline"] = comparison_to_dict(comparison)
        data["timings"] = timings
    # ASCII escapes keep the output valid UTF-8 even for file names that are not (surrogates).
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"
