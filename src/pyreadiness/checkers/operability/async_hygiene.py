"""Async hygiene: blocking calls inside the service's ``async def`` functions.

One blocking call in a coroutine stalls every request the event loop serves. ruff's
flake8-async rules find them (``lint.rules.SHARED_SELECT``); they ride on the lint checker's
one ruff run (``checkers/lint/shared.py``), so no second process. Only the service's own
code counts: shipped sources outside migrations and command-line code
(``survey.is_cli_code``), where a blocking call stalls nobody else. ruff honours
``# noqa: ASYNC251`` and the like.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyreadiness.checkers.lint.ruff import Diagnostic
from pyreadiness.checkers.operability import scoring
from pyreadiness.checkers.operability.facts import PyFacts
from pyreadiness.checkers.operability.rules import CHECK_ID
from pyreadiness.checkers.operability.survey import Survey, is_cli_code
from pyreadiness.model import Finding, ScoreComponent, Severity

#: Calls that block for a local disk's latency (open()): LOW, half a function.
FILE_RULES = frozenset({"ASYNC230"})


@dataclass(frozen=True, kw_only=True)
class AsyncHygiene:
    async_functions: int
    blocking: int  # async functions with a network, sleep, process or input call
    file_only: int  # async functions whose only blocking calls are file calls
    findings: tuple[Finding, ...]

    @property
    def blocking_functions(self) -> int:
        return self.blocking + self.file_only

    def component(self) -> ScoreComponent | None:
        """None when the service has no async code: nothing to judge, no marks either way."""
        if not self.async_functions:
            return None
        return scoring.async_hygiene(
            self.async_functions, blocking=self.blocking, file_only=self.file_only
        )


def service_async_code(s: Survey) -> list[PyFacts]:
    """The service's files that define async functions (command-line code left out)."""
    return [f for f in s.facts if f.async_defs and not is_cli_code(f)]


def measure_async(
    files: Sequence[PyFacts], shared: Mapping[str, Sequence[Diagnostic]]
) -> AsyncHygiene:
    """Every file counted here parsed under the interpreter's own grammar (its facts hold
    async functions), and ruff's parser reads every grammar up to the newest Python and
    recovers from errors: ruff linted each of them, so a file without findings is measured
    clean, not missing."""
    findings: list[Finding] = []
    total = blocking = file_only = 0
    for f in files:
        total += len(f.async_defs)
        found = [d for d in shared.get(f.path, ()) if d.line is not None]
        rules_by_function: dict[tuple[int, int], set[str]] = {}
        for d in found:
            span = _innermost(f.async_defs, d.line or 0)
            if span is not None:
                rules_by_function.setdefault(span, set()).add(d.code)
                findings.append(_finding(d))
        for codes in rules_by_function.values():
            if codes <= FILE_RULES:
                file_only += 1
            else:
                blocking += 1
    findings.sort(key=lambda x: (x.path or "", x.line or 0, x.column or 0, x.rule))
    return AsyncHygiene(
        async_functions=total, blocking=blocking, file_only=file_only, findings=tuple(findings)
    )


def _innermost(spans: Sequence[tuple[int, int]], line: int) -> tuple[int, int] | None:
    """The innermost async function holding ``line`` (nested ones start later)."""
    holding = [s for s in spans if s[0] <= line <= s[1]]
    return max(holding) if holding else None


def severity(code: str) -> Severity:
    return Severity.LOW if code in FILE_RULES else Severity.MEDIUM


def _finding(d: Diagnostic) -> Finding:
    return Finding(
        check=CHECK_ID,
        rule=d.code,
        severity=severity(d.code),
        message=f"{d.message}: it stalls every request the event loop serves",
        path=d.path,
        line=d.line,
        column=d.column,
        end_line=d.end_line,
        end_column=d.end_column,
        help=d.url or "await an async equivalent, or run the call in a thread (asyncio.to_thread)",
        rule_name=d.rule_name,
    )
