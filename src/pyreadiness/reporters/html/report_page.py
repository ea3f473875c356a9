"""One repository's report as a self-contained HTML page.

Read top to bottom like the terminal report: overall and grade, pillar bars, the gate,
what could only be partly measured, each check with where its points went, then every
finding, grouped by check and filterable by pillar, severity and path. Findings are drawn
by the page's script from embedded JSON (rules' help texts once, not once per finding),
which keeps a 2,000-finding report well under a megabyte.
"""

from __future__ import annotations

from html import escape
from typing import Any

from pyreadiness.model import Pillar, Severity
from pyreadiness.report.model import Report
from pyreadiness.reporters.html.page import json_block, page, select
from pyreadiness.reporters.html.svg import bar_chart, colour

_FINDING_COLUMNS = ["check", "rule", "severity", "path", "line", "message"]


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _components(check: dict[str, Any]) -> str:
    parts = check["components"]
    if not parts:
        return ""
    total = sum(p["weight"] for p in parts) or 1.0
    rows = "".join(
        "<tr>"
        f'<td><code>{escape(p["id"])}</code></td><td class="num">{p["weight"]:g}</td>'
        f'<td class="num">{p["score"]:g}</td>'
        f'<td class="num lost">{p["weight"] / total * (100 - p["score"]):.1f}</td>'
        f"<td>{escape(p['detail'])}</td></tr>"
        for p in parts
    )
    return (
        '<table class="components"><thead><tr><th>component</th><th>weight</th><th>score</th>'
        "<th>points lost</th><th>what was measured</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _check(check: dict[str, Any], prefix: str = "") -> str:
    status = check["status"]
    reason = f'<p class="note">{escape(check["reason"])}</p>' if check["reason"] else ""
    return (
        f'<section class="check" id="check-{escape(prefix + check["id"])}">'
        f"<h3>{escape(check['title'])} <small>({escape(check['id'])}, "
        f"{escape(check['pillar'])})</small> "
        f'<span class="status-{escape(status)}">{escape(status)}</span> '
        f"{_num(check['score'])}</h3>"
        f"<p>{escape(check['summary'])}</p>{reason}{_components(check)}</section>"
    )


def _gate(data: dict[str, Any]) -> str:
    gate = data["gate"]
    if gate["passed"]:
        return '<div class="gate-pass" id="gate">Gate passed.</div>'
    reasons = "".join(f"<li>{escape(r)}</li>" for r in gate["reasons"])
    return f'<div class="gate-fail" id="gate">Gate failed:<ul>{reasons}</ul></div>'


def _projects(data: dict[str, Any]) -> str:
    """A monorepo's sub-projects (docs/monorepo.md): the overall score is their roll-up."""
    projects = data.get("projects") or []
    if not projects:
        return ""
    rows = "".join(
        f"<tr><td>{escape(p['name'])}</td><td><code>{escape(p['path'])}</code></td>"
        f'<td class="num">{_num(p["report"]["score"])}</td>'
        f'<td class="num">{p["report"]["target"]["source_lines"]}</td>'
        f"<td>{'passed' if p['report']['gate']['passed'] else 'failed'}</td></tr>"
        for p in projects
    )
    return (
        f"<h2>Projects ({len(projects)})</h2>"
        f'<p class="note">Roll-up weighted by shipped lines; weakest: '
        f"{escape(data.get('weakest_project') or '-')}.</p>"
        + bar_chart([(p["name"], p["report"]["score"]) for p in projects], css_id="projects")
        + '<table class="components"><thead><tr><th>project</th><th>folder</th>'
        "<th>score</th><th>shipped lines</th><th>gate</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _checks(data: dict[str, Any]) -> str:
    if not data.get("projects"):
        return "".join(_check(c) for c in data["checks"])
    return "".join(
        f"<h3>{escape(p['name'])}</h3>" + "".join(_check(c, f"{i}-") for c in p["report"]["checks"])
        for i, p in enumerate(data["projects"])
    )


def _caps(data: dict[str, Any]) -> str:
    """The weakest links that lowered the overall score, each with its evidence."""
    if not data["caps"]:
        return ""
    items = "".join(
        f"<li>{escape(c['check'])}: {escape(c['reason'])} (at most {_num(c['limit'])}): "
        f"{escape(c['evidence'])}</li>"
        for c in data["caps"]
    )
    return (
        f'<div class="note caps" id="caps">Capped from {_num(data["uncapped_score"])} '
        f"(weakest link):<ul>{items}</ul></div>"
    )


def render_html_dict(data: dict[str, Any]) -> str:
    pillars = data["pillars"]
    checks = [c for p in data.get("projects") or [] for c in p["report"]["checks"]]
    pillar_of = {c["id"]: c["pillar"] for c in [*data["checks"], *checks]}
    help_by_rule = {f["rule"]: f["help"] for f in data["findings"] if f.get("help")}
    findings = {
        "columns": _FINDING_COLUMNS,
        "findings": [[f[k] for k in _FINDING_COLUMNS] for f in data["findings"]],
        "help": help_by_rule,
        "pillars": pillar_of,
    }
    grade = data["grade"]
    partial = "".join(f'<p class="note partial">{escape(p)}</p>' for p in data["partial"])
    present = sorted({pillar_of.get(f["check"], "discovery") for f in data["findings"]})
    ordered = [p.value for p in Pillar if p.value in present] + [
        p for p in present if p not in {x.value for x in Pillar}
    ]
    target = data["target"]["path"]
    body = (
        f"<h1>Readiness of {escape(target)}</h1>"
        f'<p class="meta">pyreadiness {escape(data["tool"]["version"])} · profile '
        f"{escape(data['profile']['id'])} · {data['target']['files']} files, "
        f"{data['target']['source_lines']} source lines</p>"
        f'<div class="overall"><span class="score" id="overall">{_num(data["score"])}</span>'
        f'<span class="grade" style="background:{colour(data["score"])}">'
        f"{escape(grade or '-')}</span></div>"
        + f'<p class="meta" id="profile">Judged as {escape(data["profile"]["id"])}: '
        + f"{escape(data['profile']['evidence'])}</p>"
        + _caps(data)
        + _gate(data)
        + partial
        + "<h2>Pillars</h2>"
        + bar_chart([(p["id"], p["score"]) for p in pillars], css_id="pillars")
        + _projects(data)
        + "<h2>Checks: where the points went</h2>"
        + _checks(data)
        + f"<h2>Findings ({len(data['findings'])})</h2>"
        + '<div class="filters">'
        + select("filter-pillar", "pillar", ordered)
        + select("filter-severity", "severity", [s.value for s in reversed(Severity)])
        + '<label>path <input id="filter-path" type="search" placeholder="contains"></label>'
        + '<span id="findings-count"></span></div>'
        + '<table id="findings"><thead><tr><th>severity</th><th>rule</th><th>where</th>'
        + '<th>message</th><th>how to fix</th></tr></thead><tbody id="findings-body"></tbody>'
        + "</table>"
        + json_block("findings-data", findings)
    )
    return page(f"pyreadiness: {target}", body, "report.js")


def render_html(report: Report) -> str:
    from pyreadiness.reporters.json_report import report_to_dict

    return render_html_dict(report_to_dict(report))
