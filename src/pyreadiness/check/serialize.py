"""CheckResult to and from plain JSON values, for the result cache."""

from __future__ import annotations

from typing import Any

from pyreadiness.model import (
    CheckResult,
    Finding,
    MetricValue,
    ScoreCap,
    ScoreComponent,
    Severity,
    Status,
)

#: Optional position and grouping fields: written only when set, so a finding without
#: them serialises exactly as before they existed.
_OPTIONAL = ("column", "end_line", "end_column")


def finding_to_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "check": f.check,
        "rule": f.rule,
        "severity": f.severity.value,
        "path": f.path,
        "line": f.line,
        "message": f.message,
        "help": f.help,
    }
    for name in _OPTIONAL:
        value = getattr(f, name)
        if value is not None:
            out[name] = value
    if f.grouped:
        out["grouped"] = True
    if f.rule_name:
        out["rule_name"] = f.rule_name
    if f.precision is not None:
        out["precision"] = f.precision
    return out


def finding_from_dict(f: dict[str, Any]) -> Finding:
    return Finding(
        check=f["check"],
        rule=f["rule"],
        severity=Severity(f["severity"]),
        path=f["path"],
        line=f["line"],
        message=f["message"],
        help=f["help"],
        column=f.get("column"),
        end_line=f.get("end_line"),
        end_column=f.get("end_column"),
        grouped=bool(f.get("grouped", False)),
        rule_name=f.get("rule_name", ""),
        precision=f.get("precision"),
    )


def component_to_dict(c: ScoreComponent) -> dict[str, Any]:
    return {"id": c.id, "weight": c.weight, "score": c.score, "detail": c.detail}


def metric_value(value: MetricValue) -> Any:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return value


def result_to_dict(r: CheckResult) -> dict[str, Any]:
    return {
        "check": r.check,
        "status": r.status.value,
        "score": r.score,
        "summary": r.summary,
        "reason": r.reason,
        "metrics": {k: metric_value(v) for k, v in sorted(r.metrics.items())},
        "findings": [finding_to_dict(f) for f in r.findings],
        "components": [component_to_dict(c) for c in r.components],
        "caps": [
            {"id": c.id, "limit": c.limit, "reason": c.reason, "evidence": c.evidence}
            for c in r.caps
        ],
    }


def result_from_dict(d: dict[str, Any]) -> CheckResult:
    return CheckResult(
        check=d["check"],
        status=Status(d["status"]),
        score=d["score"],
        summary=d["summary"],
        reason=d["reason"],
        metrics=d["metrics"],
        findings=tuple(finding_from_dict(f) for f in d["findings"]),
        components=tuple(
            ScoreComponent(id=c["id"], weight=c["weight"], score=c["score"], detail=c["detail"])
            for c in d["components"]
        ),
        caps=tuple(
            ScoreCap(id=c["id"], limit=c["limit"], reason=c["reason"], evidence=c["evidence"])
            for c in d.get("caps", ())
        ),
        cached=True,
    )
