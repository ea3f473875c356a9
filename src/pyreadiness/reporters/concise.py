"""One finding per line, as ruff's ``concise`` output: ``path:line:col: rule [severity] message``.

For grep, editors' quickfix lists and logs. Paths are relative to the scanned folder; a
finding about the whole repository is on ``.``. The last line is the verdict:
``N findings; score S (grade G); gate passed|failed: reasons``.
"""

from __future__ import annotations

from pyreadiness.model import Finding
from pyreadiness.report.model import Report
from pyreadiness.reporters.sarif import rule_id


def line_of(f: Finding) -> str:
    where = f.path or "."
    if f.path and f.line:
        where += f":{f.line}"
        if f.column:
            where += f":{f.column}"
    message = " ".join(f.message.split())  # one line, whatever the tool wrote
    return f"{where}: {rule_id(f)} [{f.severity.value}] {message}"


def render_concise(report: Report) -> str:
    lines = [line_of(f) for f in report.findings]
    score = "not measured" if report.score is None else f"{report.score:g} (grade {report.grade})"
    verdict = "passed" if report.gate.passed else "failed"
    count = len(report.findings)
    lines.append(
        f"{count} finding{'' if count == 1 else 's'}; score {score}; gate {verdict}: "
        + "; ".join(report.gate.reasons)
    )
    return "\n".join(lines) + "\n"
