"""A fleet as a self-contained HTML page: league table, pillar heat map, trends.

Every repository name, source and reason is escaped where it is written; the page's script
only compares the ``data-name`` attributes to filter, it never builds HTML from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pyreadiness.fleet.table import FleetRow, missing_controls, pillar_columns, table_cells
from pyreadiness.reporters.html.page import page
from pyreadiness.reporters.html.svg import colour, heat_map, sparkline


def _gate_state(row: FleetRow) -> str:
    if row.status != "scored":
        return "error"
    return "pass" if row.gate_passed else "fail"


def _league(rows: Sequence[FleetRow]) -> str:
    header, body = table_cells(rows)
    pillars = pillar_columns(rows)
    head = "".join(f"<th>{escape(h)}</th>" for h in [*header, "trend"])
    lines = []
    for row, cells in zip(rows, body, strict=True):
        tds = []
        for i, text in enumerate(cells):
            style = ""
            if 5 <= i < 5 + len(pillars):
                style = f' style="background:{colour(row.pillars.get(pillars[i - 5]))};color:#fff"'
            elif i == 2:
                style = f' style="background:{colour(row.score)};color:#fff"'
            tds.append(f'<td class="num"{style}>{escape(text)}</td>' if i != 1 else "")
        name = escape(row.name)
        reason = f'<div class="note">{escape(row.reason)}</div>' if row.reason else ""
        tds[1] = f'<td title="{escape(row.source)}">{name}{reason}</td>'
        tds.append(f"<td>{sparkline(row.trend)}</td>")
        lines.append(
            f'<tr class="repo" data-name="{name}" data-gate="{_gate_state(row)}">'
            + "".join(tds)
            + "</tr>"
        )
    return (
        f'<table id="league"><thead><tr>{head}</tr></thead><tbody>{"".join(lines)}</tbody></table>'
    )


def _why(row: FleetRow) -> str:
    if row.status != "scored":
        return row.reason or "could not be scored"
    return "; ".join(row.gate_reasons) or "gate failed"


def render_fleet_html(rows: Sequence[FleetRow], batch: str) -> str:
    pillars = pillar_columns(rows)
    scored = [r for r in rows if r.status == "scored"]
    controls = "".join(
        f"<li><code>{escape(c.id)}</code> ({c.kind}): {c.repositories} repositories</li>"
        for c in missing_controls(rows)
    )
    failing = "".join(
        f"<li><strong>{escape(r.name)}</strong>: {escape(_why(r))}</li>" for r in rows if r.fails
    )
    gate_filter = (
        '<label>gate <select id="filter-gate"><option value="">all</option>'
        '<option value="pass">pass</option><option value="fail">fail</option>'
        '<option value="error">error</option></select></label>'
    )
    body = (
        f'<h1>Fleet readiness</h1><p class="meta">{len(rows)} repositories · run '
        f"{escape(batch)}</p><h2>League table</h2>"
        '<div class="filters"><label>repository <input id="filter-name" type="search" '
        f'placeholder="contains"></label>{gate_filter}<span id="repos-count"></span></div>'
        + _league(rows)
        + "<h2>Pillar heat map</h2>"
        + heat_map(
            [r.name for r in scored], pillars, [[r.pillars.get(p) for p in pillars] for r in scored]
        )
        + f'<h2>Most common missing controls</h2><ul id="controls">{controls or "<li>None.</li>"}'
        + f'</ul><h2>Gate failures</h2><ul id="failures">{failing or "<li>None.</li>"}</ul>'
    )
    return page("pyreadiness: fleet", body, "fleet.js")
