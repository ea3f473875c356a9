"""Text from the scanned repository made inert and printable before any format sees it.

File names and messages come from the repository (a file named ``\\x1b]8;;...``, a message
quoting a line with NUL bytes or a right-to-left override) and from tools quoting it. Every
format gets the same safe text:

- a name that is not valid UTF-8 was carried as it is (``surrogateescape``); here each
  undecodable byte becomes U+FFFD, visibly, so every encoder can write it;
- control characters (C0, DEL, C1: ANSI escapes, NUL, carriage returns) and the
  bidirectional overrides of "Trojan Source" become visible ``\\xNN`` / ``\\uNNNN`` escapes;
  a message's newlines and tabs become spaces (one finding, one line).

Format-specific escaping (Rich markup, Markdown, XML, JSON) stays in each reporter, on top.
"""

from __future__ import annotations

import dataclasses
import re

from pyreadiness.model import CheckResult, Finding, ScoreCap
from pyreadiness.report.model import Report

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, one_line: bool = True) -> str:
    """``text`` with undecodable bytes replaced and control characters escaped."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # lone surrogates not made by surrogateescape
        raw = text.encode("utf-8", "surrogatepass")
    text = raw.decode("utf-8", "replace")
    if one_line:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\n\t":
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert_finding(finding: Finding) -> Finding:
    return dataclasses.replace(
        finding,
        message=visible(finding.message),
        path=visible(finding.path) if finding.path is not None else None,
        help=visible(finding.help),
        rule_name=visible(finding.rule_name),
    )


def _inert_cap(cap: ScoreCap) -> ScoreCap:
    return dataclasses.replace(cap, reason=visible(cap.reason), evidence=visible(cap.evidence))


def _inert_result(result: CheckResult) -> CheckResult:
    return dataclasses.replace(
        result,
        summary=visible(result.summary),
        reason=visible(result.reason),
        findings=tuple(inert_finding(f) for f in result.findings),
        caps=tuple(_inert_cap(c) for c in result.caps),
    )


def inert_report(report: Report) -> Report:
    """The report with every finding, summary and reason printable and inert."""
    return dataclasses.replace(
        report,
        findings=tuple(inert_finding(f) for f in report.findings),
        checks=tuple(
            dataclasses.replace(entry, result=_inert_result(entry.result))
            for entry in report.checks
        ),
        partial=tuple(visible(p) for p in report.partial),
        # Profile evidence and cap evidence name the repository's folders and scripts.
        profile=dataclasses.replace(report.profile, evidence=visible(report.profile.evidence)),
        caps=tuple(dataclasses.replace(a, cap=_inert_cap(a.cap)) for a in report.caps),
        gate=dataclasses.replace(
            report.gate, reasons=tuple(visible(r) for r in report.gate.reasons)
        ),
    )


__all__ = ["inert_finding", "inert_report", "visible"]
