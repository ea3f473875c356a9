"""Findings of the dependencies check: reading problems and what the scoring found."""

from __future__ import annotations

from pyreadiness.discover.dependencies import Declared, Problem
from pyreadiness.model import Finding, Severity

CHECK = "dependencies"

#: How bad each reading problem is. A file no tool can read breaks installs: high.
PROBLEM_SEVERITY = {
    "malformed-toml": Severity.HIGH,
    "malformed-config": Severity.HIGH,
    "malformed-setup-py": Severity.HIGH,
    "bad-requirement": Severity.HIGH,
    "wrong-type": Severity.HIGH,
    "include-missing": Severity.HIGH,
    "include-cycle": Severity.MEDIUM,
    "include-outside": Severity.MEDIUM,
    "malformed-lock": Severity.MEDIUM,
    "unreadable": Severity.MEDIUM,
    "dynamic-setup-py": Severity.INFO,
}
PROBLEM_HELP = {
    "malformed-toml": "Fix the TOML syntax; every packaging tool refuses this file.",
    "malformed-config": "Fix the INI syntax of setup.cfg.",
    "malformed-setup-py": "Fix the syntax error; setup.py cannot build the package.",
    "bad-requirement": "Write a PEP 508 requirement (name, extras, specifier, marker); "
    "pip rejects the whole file otherwise.",
    "include-missing": "Point -r/-c at a file of the repository; pip fails on a missing one.",
    "include-cycle": "Remove one include of the cycle: each file should be included once.",
    "include-outside": "Keep included requirements inside the repository, so the "
    "repository alone says what gets installed.",
    "wrong-type": "Give the key the type its tool documents (an array of requirement "
    "strings, a table of constraints); every packaging tool rejects this file.",
    "malformed-lock": "Regenerate the lock file with its tool; as it is, it pins nothing.",
    "unreadable": "Save the file as UTF-8 text.",
    "dynamic-setup-py": "Declare dependencies statically ([project] in pyproject.toml or "
    "setup.cfg) so tools can read them without running code.",
}
#: Problems that leave the declared dependencies unknown.
DECLARATION_UNREADABLE = frozenset({"malformed-toml", "malformed-config", "malformed-setup-py"})


def from_problem(problem: Problem) -> Finding:
    return Finding(
        check=CHECK,
        rule=f"{CHECK}/{problem.rule}",
        severity=PROBLEM_SEVERITY.get(problem.rule, Severity.MEDIUM),
        message=problem.message,
        path=problem.path,
        line=problem.line,
        help=PROBLEM_HELP.get(problem.rule, ""),
    )


def at(dep: Declared, rule: str, severity: Severity, message: str, help_: str) -> Finding:
    return Finding(
        check=CHECK,
        rule=f"{CHECK}/{rule}",
        severity=severity,
        message=message,
        path=dep.source_file,
        line=dep.line,
        help=help_,
    )


def about_the_set(
    rule: str, severity: Severity, message: str, anchor: str | None, help_: str
) -> Finding:
    """A finding about the dependency set as a whole, at its anchor file (no line)."""
    return Finding(
        check=CHECK,
        rule=f"{CHECK}/{rule}",
        severity=severity,
        message=message,
        path=anchor,
        line=None,
        help=help_,
    )


def requirement_text(dep: Declared) -> str:
    if dep.url is not None:
        return f"{dep.name} @ {dep.url}"
    extras = f"[{','.join(dep.extras)}]" if dep.extras else ""
    return f"{dep.name}{extras}{dep.specifier}"


def sort_key(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.path or "", finding.line or 0, finding.rule, finding.message)
