"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

GitHub turns each line into an annotation on the file and line (in the job's log and on the
pull request's diff). Data is escaped as GitHub's runner unescapes it: ``%``, ``\\r`` and
``\\n`` in the message, and also ``:`` and ``,`` in the properties (file, title).
Files are placed as in SARIF (relative to the git work tree, which is what GitHub expects;
a finding about the whole repository goes on its anchor file). GitHub shows at most 10
annotations of each level per step, most severe first here; the log keeps every line.
"""

from __future__ import annotations

from pathlib import Path

from pyreadiness.model import Finding, Severity
from pyreadiness.report.model import Report
from pyreadiness.reporters.locations import Placer
from pyreadiness.reporters.sarif import rule_id

COMMAND = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, placer: Placer) -> str:
    path, line = placer.place(f)
    props = [("file", path), ("line", str(line))]
    if line == f.line:
        if f.end_line is not None and f.end_line >= line:
            props.append(("endLine", str(f.end_line)))
        if f.column is not None:
            props.append(("col", str(f.column)))
            if f.end_column is not None and f.end_line in (None, line):
                props.append(("endColumn", str(f.end_column)))
    props.append(("title", f"{rule_id(f)} ({f.severity.value})"))
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMAND[f.severity]} {joined}::{escape_data(placer.message(f))}"


def render_github(report: Report) -> str:
    placer = Placer(Path(report.target))
    return "".join(annotation(f, placer) + "\n" for f in report.findings)
