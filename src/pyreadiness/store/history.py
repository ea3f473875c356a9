"""``pyreadiness history``: one repository's stored runs as a trend per pillar and overall."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pyreadiness.errors import UsageError
from pyreadiness.model import Pillar
from pyreadiness.store.sqlite import RunStore, RunSummary

_SPARKS = "▁▂▃▄▅▆▇█"


def repository_key(given: str, store: RunStore) -> str:
    """A fleet name as stored, else the folder as ``check --store`` records it."""
    known = store.repositories()
    if given in known:
        return given
    path = Path(given)
    if path.is_dir() and path.resolve().as_posix() in known:
        return path.resolve().as_posix()
    shown = ", ".join(sorted(known)[:10]) or "none yet"
    raise UsageError(f"no stored run of {given!r} in this store (repositories: {shown})")


def sparkline(values: Sequence[float]) -> str:
    return "".join(_SPARKS[min(7, int(v / 100 * 8))] for v in values)


def _series(runs: Sequence[RunSummary]) -> dict[str, list[float | None]]:
    scored = [r for r in runs if r.status == "scored"]
    out: dict[str, list[float | None]] = {"overall": [r.overall for r in scored]}
    for pillar in Pillar:
        values = [r.pillars.get(pillar.value) for r in scored]
        if any(v is not None for v in values):
            out[pillar.value] = values
    return out


def render_history(repository: str, runs: Sequence[RunSummary], *, as_json: bool) -> str:
    series = _series(runs)
    if as_json:
        data = {
            "repository": repository,
            "runs": [
                {
                    "id": r.id,
                    "recorded_at": r.recorded_at,
                    "commit": r.commit,
                    "ref": r.ref,
                    "status": r.status,
                    "reason": r.reason,
                    "score": r.overall,
                    "grade": r.grade,
                    "gate_passed": r.gate_passed,
                    "pillars": r.pillars,
                }
                for r in runs
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=True) + "\n"
    lines = [f"{repository}: {len(runs)} stored run(s)", ""]
    for r in runs:
        score = "error: " + (r.reason or "") if r.status != "scored" else f"{r.overall}"
        commit = (r.commit or "-")[:10]
        lines.append(f"  {r.recorded_at}  {commit:10}  {r.ref or '-':12}  {score}")
    lines += ["", "trend (first -> last, change):"]
    for name, values in series.items():
        known = [v for v in values if v is not None]
        if not known:
            continue
        change = known[-1] - known[0]
        lines.append(
            f"  {name:16} {sparkline(known):12} {known[0]:g} -> {known[-1]:g} ({change:+.1f})"
        )
    return "\n".join(lines) + "\n"
