"""The fleet's league table, its most common missing controls and its failed gates.

Everything here works on the JSON reports (as stored and as the workers send them back),
so the table of a fresh run and one rebuilt from the store are the same code.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyreadiness.errors import UsageError
from pyreadiness.fleet.scan import ScanOutcome
from pyreadiness.model import PASS_MARK, Pillar

#: How many of the most common missing controls the summary lists.
TOP_CONTROLS = 10


@dataclass(frozen=True, kw_only=True)
class FleetRow:
    name: str
    source: str
    ref: str | None
    commit: str | None
    status: str
    reason: str | None
    score: float | None
    grade: str | None
    pillars: Mapping[str, float | None]
    gate_passed: bool | None
    gate_reasons: tuple[str, ...]
    previous: float | None  # overall score of this repository's previous stored run
    trend: tuple[float, ...] = ()  # overall scores of its stored runs, oldest first
    report: Mapping[str, Any] | None = field(default=None, repr=False)

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return round(self.score - self.previous, 1)

    @property
    def fails(self) -> bool:
        """Not scored, or its gate failed: either way the fleet cannot be said to pass."""
        return self.status != "scored" or not self.gate_passed


@dataclass(frozen=True, kw_only=True)
class Control:
    kind: str  # "component" (scored below the pass mark) or "finding" (a rule raised)
    id: str
    repositories: int


def build_row(
    outcome: ScanOutcome, previous: float | None, trend: Sequence[float] = ()
) -> FleetRow:
    report = json.loads(outcome.report_json) if outcome.report_json else None
    return FleetRow(
        name=outcome.name,
        source=outcome.source,
        ref=outcome.ref,
        commit=outcome.commit,
        status=outcome.status,
        reason=outcome.reason,
        score=report["score"] if report else None,
        grade=report["grade"] if report else None,
        pillars={p["id"]: p["score"] for p in report["pillars"]} if report else {},
        gate_passed=report["gate"]["passed"] if report else None,
        gate_reasons=tuple(report["gate"]["reasons"]) if report else (),
        previous=previous,
        trend=tuple(trend),
        report=report,
    )


def pillar_columns(rows: Iterable[FleetRow]) -> list[str]:
    present = {p for r in rows for p in r.pillars}
    return [p.value for p in Pillar if p.value in present]


def sort_rows(rows: Sequence[FleetRow], key: str) -> list[FleetRow]:
    """Best first by ``key`` (overall, name or a pillar); unscored last; ties by name."""
    if key == "name":
        return sorted(rows, key=lambda r: r.name)
    if key != "overall" and key not in {p.value for p in Pillar}:
        choices = ", ".join(["overall", "name", *(p.value for p in Pillar)])
        raise UsageError(f"--sort {key!r}: choose from {choices}")

    def value(row: FleetRow) -> float | None:
        return row.score if key == "overall" else row.pillars.get(key)

    return sorted(rows, key=lambda r: (value(r) is None, -(value(r) or 0.0), r.name))


def missing_controls(rows: Iterable[FleetRow], top: int = TOP_CONTROLS) -> list[Control]:
    """Components scored below the pass mark and finding rules, by repositories affected."""
    components: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for row in rows:
        if row.report is None:
            continue
        weak = {
            f"{c['id']}/{part['id']}"
            for c in row.report["checks"]
            for part in c["components"]
            if part["score"] < PASS_MARK
        }
        components.update(weak)
        rules.update({f["rule"] for f in row.report["findings"]})
    ranked = [Control(kind="component", id=k, repositories=n) for k, n in components.items()]
    ranked += [Control(kind="finding", id=k, repositories=n) for k, n in rules.items()]
    ranked.sort(key=lambda c: (-c.repositories, c.kind, c.id))
    return ranked[:top]


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _change(row: FleetRow) -> str:
    change = row.change
    if change is None:
        return "new" if row.previous is None and row.score is not None else "-"
    return f"{change:+g}" if change else "="


def _gate(row: FleetRow) -> str:
    if row.status != "scored":
        return "error"
    return "pass" if row.gate_passed else "FAIL"


def table_cells(rows: Sequence[FleetRow]) -> tuple[list[str], list[list[str]]]:
    pillars = pillar_columns(rows)
    header = ["#", "repository", "overall", "grade", "change", *pillars, "gate"]
    body = [
        [
            str(rank),
            row.name,
            _num(row.score),
            row.grade or "-",
            _change(row),
            *(_num(row.pillars.get(p)) for p in pillars),
            _gate(row),
        ]
        for rank, row in enumerate(rows, start=1)
    ]
    return header, body


def render_csv(rows: Sequence[FleetRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    pillars = pillar_columns(rows)
    writer.writerow(
        ["rank", "repository", "source", "ref", "commit", "overall", "grade", "change",
         *pillars, "gate", "reason"]
    )  # fmt: skip
    for rank, row in enumerate(rows, start=1):
        writer.writerow(
            [rank, row.name, row.source, row.ref or "", row.commit or "", _num(row.score),
             row.grade or "", "" if row.change is None else f"{row.change:g}",
             *(_num(row.pillars.get(p)) for p in pillars), _gate(row), row.reason or ""]
        )  # fmt: skip
    return out.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(rows: Sequence[FleetRow]) -> str:
    header, body = table_cells(rows)
    lines = ["# Fleet readiness", "", "| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in cells) + " |" for cells in body]
    lines += ["", "## Most common missing controls", ""]
    controls = missing_controls(rows)
    lines += [f"- `{_md_cell(c.id)}` ({c.kind}): {c.repositories} repositories" for c in controls]
    if not controls:
        lines.append("None.")
    lines += ["", "## Gate failures", ""]
    failing = [r for r in rows if r.fails]
    for row in failing:
        why = row.reason if row.status != "scored" else "; ".join(row.gate_reasons)
        lines.append(f"- **{_md_cell(row.name)}**: {_md_cell(why or 'gate failed')}")
    if not failing:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def render_json(rows: Sequence[FleetRow], batch: str) -> str:
    data = {
        "batch": batch,
        "repositories": [
            {
                "rank": rank,
                "name": row.name,
                "source": row.source,
                "ref": row.ref,
                "commit": row.commit,
                "status": row.status,
                "reason": row.reason,
                "score": row.score,
                "grade": row.grade,
                "previous_score": row.previous,
                "change": row.change,
                "pillars": dict(row.pillars),
                "gate": {"passed": row.gate_passed, "reasons": list(row.gate_reasons)},
            }
            for rank, row in enumerate(rows, start=1)
        ],
        "missing_controls": [
            {"kind": c.kind, "id": c.id, "repositories": c.repositories}
            for c in missing_controls(rows)
        ],
        "gate_failures": [row.name for row in rows if row.fails],
    }
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"
