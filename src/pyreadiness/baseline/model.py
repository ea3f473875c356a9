"""The baseline file: the scores and findings a repository accepted on the day it adopted the gate.

JSON, deterministic (sorted keys and lists, no timestamps, no absolute paths) so that it
diffs well when committed. Findings are kept by fingerprint with just enough description
(rule, file, line, message) to name them when they are fixed.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyreadiness.baseline.fingerprint import FINGERPRINT_VERSION, fingerprints
from pyreadiness.discover.bounded import loads_json
from pyreadiness.discover.inventory import read_regular_file
from pyreadiness.errors import UsageError
from pyreadiness.model import Severity
from pyreadiness.report.comparison import BaselineFinding
from pyreadiness.report.model import Report

#: Major version of the file format; a file with another major version is refused.
BASELINE_SCHEMA_VERSION = "1"

#: Where ``pyreadiness baseline`` writes when no ``--output`` is given (in the current folder).
DEFAULT_BASELINE_FILE = ".pyreadiness-baseline.json"


@dataclass(frozen=True, kw_only=True)
class Baseline:
    tool_version: str
    fingerprint_version: str
    score: float | None
    pillars: Mapping[str, float | None]
    checks: Mapping[str, float | None]
    findings: tuple[BaselineFinding, ...]


def baseline_from_report(report: Report) -> Baseline:
    prints = fingerprints(report.findings, Path(report.target))
    findings = [
        BaselineFinding(
            fingerprint=fp,
            check=f.check,
            rule=f.rule,
            severity=f.severity,
            path=f.path,
            line=f.line,
            message=f.message,
        )
        for f, fp in zip(report.findings, prints, strict=True)
    ]
    findings.sort(key=lambda b: (b.path or "", b.line or 0, b.rule, b.fingerprint))
    return Baseline(
        tool_version=report.tool_version,
        fingerprint_version=FINGERPRINT_VERSION,
        score=report.score,
        pillars={p.pillar.value: p.score for p in report.pillars},
        checks={c.id: c.result.score for c in report.checks},
        findings=tuple(findings),
    )


def baseline_to_dict(baseline: Baseline) -> dict[str, Any]:
    return {
        "schema_version": BASELINE_SCHEMA_VERSION,
        "tool": {"name": "pyreadiness", "version": baseline.tool_version},
        "fingerprint_version": baseline.fingerprint_version,
        "score": baseline.score,
        "pillars": dict(sorted(baseline.pillars.items())),
        "checks": dict(sorted(baseline.checks.items())),
        "findings": [
            {
                "fingerprint": b.fingerprint,
                "check": b.check,
                "rule": b.rule,
                "severity": b.severity.value,
                "path": b.path,
                "line": b.line,
                "message": b.message,
            }
            for b in baseline.findings
        ],
    }


def write_baseline(baseline: Baseline, path: Path) -> None:
    text = json.dumps(baseline_to_dict(baseline), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")


#: A baseline of 100,000 findings is ~30 MB; anything larger is not one of ours.
MAX_BASELINE_BYTES = 64 * 1024 * 1024


class _Malformed(Exception):
    pass


def _score(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Malformed(f"{where} must be a number or null")
    return float(value)


def _scores(value: Any, where: str) -> dict[str, float | None]:
    if not isinstance(value, dict):
        raise _Malformed(f"{where} must be an object")
    return {str(k): _score(v, f"{where}.{k}") for k, v in value.items()}


def _opt(value: Any, kind: type, where: str) -> Any:
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise _Malformed(f"{where} must be a {kind.__name__} or null")
    return value


def _finding(raw: Any, i: int) -> BaselineFinding:
    where = f"findings[{i}]"
    if not isinstance(raw, dict):
        raise _Malformed(f"{where} must be an object")
    for key in ("fingerprint", "check", "rule", "message"):
        if not isinstance(raw.get(key), str):
            raise _Malformed(f"{where}.{key} must be a string")
    try:
        severity = Severity(raw.get("severity"))
    except ValueError:
        raise _Malformed(f"{where}.severity must be one of the severities") from None
    return BaselineFinding(
        fingerprint=raw["fingerprint"],
        check=raw["check"],
        rule=raw["rule"],
        severity=severity,
        path=_opt(raw.get("path"), str, f"{where}.path"),
        line=_opt(raw.get("line"), int, f"{where}.line"),
        message=raw["message"],
    )


def baseline_from_dict(data: Any) -> Baseline:
    if not isinstance(data, dict):
        raise _Malformed("the file must hold a JSON object")
    version = data.get("schema_version")
    if not isinstance(version, str) or version.split(".")[0] != BASELINE_SCHEMA_VERSION:
        raise _Malformed(
            f"schema_version {version!r} is not supported (this pyreadiness writes "
            f"{BASELINE_SCHEMA_VERSION!r}); write a new baseline with `pyreadiness baseline`"
        )
    tool = data.get("tool")
    recipe = str(data.get("fingerprint_version", ""))
    if recipe != FINGERPRINT_VERSION:
        # Every finding would look new: say so instead of failing the gate on all of them.
        raise _Malformed(
            f"its findings use fingerprint recipe {recipe!r}, this pyreadiness uses "
            f"{FINGERPRINT_VERSION!r}; write a new baseline with `pyreadiness baseline`"
        )
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise _Malformed("findings must be a list")
    return Baseline(
        tool_version=str(tool.get("version", "")) if isinstance(tool, dict) else "",
        fingerprint_version=recipe,
        score=_score(data.get("score"), "score"),
        pillars=_scores(data.get("pillars", {}), "pillars"),
        checks=_scores(data.get("checks", {}), "checks"),
        findings=tuple(_finding(raw, i) for i, raw in enumerate(findings)),
    )


def read_baseline(path: Path) -> Baseline:
    """The baseline at ``path``; a missing or malformed file is a usage error (exit 2)."""
    try:
        kind = path.stat().st_mode
    except FileNotFoundError:
        raise UsageError(
            f"--baseline: no such file: {path} (create it with `pyreadiness baseline`)"
        ) from None
    except OSError as exc:
        raise UsageError(f"--baseline: cannot read {path}: {exc.strerror or exc}") from None
    # Checked before opening: a FIFO would block the open, /dev/zero never ends.
    if not stat.S_ISREG(kind):
        raise UsageError(f"--baseline: {path} is not a regular file")
    data = read_regular_file(path, MAX_BASELINE_BYTES)
    if data is None:
        raise UsageError(
            f"--baseline: cannot read {path} (unreadable, or larger than "
            f"{MAX_BASELINE_BYTES // (1024 * 1024)} MiB)"
        )
    try:
        return baseline_from_dict(loads_json(data.decode("utf-8")))
    except UnicodeDecodeError as exc:
        raise UsageError(f"--baseline: cannot read {path}: {exc}") from None
    except ValueError as exc:  # JSONDecodeError, or nested too deeply (TooDeep)
        raise UsageError(f"--baseline: {path} is not valid JSON: {exc}") from None
    except _Malformed as exc:
        raise UsageError(f"--baseline: {path} is not a pyreadiness baseline: {exc}") from None
