"""One finding per line, as ruff's ``concise`` output: ``path:line:col: rule [severity] message``.

For grep, editors' quickfix lists and logs. Paths are relative to the scanned folder; a
finding about the whole repository is on ``.``. The last line is the verdict:
``N findings; score S (grade G); gate passed|failed: reasons``.
"""

from __future__ import annotations

from pyreadiness.model import Finding
from pyreadiness.report.model import Report
from pyreadiness.reporters.sarif import rule_id


def _one_line(text: str) -> str:
    """Whitespace runs (line breaks included) as one space; other control characters as
    escapes: a path or message from the repository can never start a line of its own."""
    text = " ".join(text.split())
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def line_of(f: Finding) -> str:
    where = _one_line(f.path) if f.path else "."
    if f.path and f.line:
        where += f":{f.line}"
        if f.column:
            where += f":{f.column}"
    return f"{where}: {rule_id(f)} [{f.severity.value}] {_one_line(f.message)}"


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
