"""A documented rule of an in-process checker: id, severity, a one-line why and the fix.

Checkers that apply their own rules (deployment, operability) keep them as module-level
``Rule`` values in their ``rules.py``, each listed with its source on the checker's page
in docs/checks/.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyreadiness.model import Finding, RuleDoc, Severity


@dataclass(frozen=True, kw_only=True)
class Rule:
    check: str
    id: str
    severity: Severity
    why: str
    fix: str

    def finding(self, path: str, line: int | None, detail: str) -> Finding:
        """What was found (``detail``) and why it matters; the fix is the help."""
        return Finding(
            check=self.check,
            rule=self.id,
            severity=self.severity,
            path=path,
            line=line,
            message=f"{detail}: {self.why}",
            help=self.fix,
        )


def catalogue(rules: Iterable[Rule]) -> dict[str, RuleDoc]:
    """The rules as a ``Checker.rules`` catalogue (``explain CHECK/RULE``, SARIF): the title
    is the id in words ("debug-server" -> "Debug server"), the why and fix are the rule's."""
    return {
        r.id: RuleDoc(title=r.id.replace("-", " ").capitalize(), why=r.why, fix=r.fix)
        for r in rules
    }
