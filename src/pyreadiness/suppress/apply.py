"""Apply suppressions to a run's findings.

A finding is suppressed by the first matching source: an inline comment on its own line
(``# pyreadiness: ignore[rule-id, ...] reason``), then ``ignore``, then
``per-path-ignores``. A configured suppression past its ``until`` date suppresses
nothing and becomes a finding itself, so an accepted risk cannot outlive its review.
Suppressed findings leave the list of findings to fix and are listed, with their reason,
in every report.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

import pathspec

from pyreadiness.discover.exclude import matchable
from pyreadiness.discover.inventory import Inventory
from pyreadiness.model import Finding, Severity
from pyreadiness.suppress.model import Source, Suppressed, SuppressionRule, full_rule_id

#: ``# pyreadiness: ignore[lint/F401, security/B101] why`` (linear: no nested quantifiers).
_INLINE = re.compile(r"#\s*pyreadiness:\s*ignore\[([^\]\n]{1,500})\][ \t]*([^\n]{0,500})")
EXPIRED_RULE = "discovery/expired-suppression"


@dataclass(frozen=True, kw_only=True)
class Outcome:
    findings: tuple[Finding, ...]  # still to fix (expired suppressions added)
    suppressed: tuple[Suppressed, ...]


def rule_matches(pattern: str, f: Finding) -> bool:
    """A check id matches all its findings; otherwise shell wildcards on ``check/rule``."""
    return pattern == f.check or fnmatchcase(full_rule_id(f), pattern)


class Matcher:
    """Which suppression, if any, accepts a finding: an inline comment on its line first,
    then the configured rules still in force on ``today``. Shared by the pipeline (which
    lists what it accepts) and checkers whose score is per finding (which leave accepted
    findings out of it: docs/scoring.md). Thread-safe enough: the only state is a cache of
    file lines, where a race costs one extra read."""

    def __init__(
        self, rules: Sequence[SuppressionRule], inv: Inventory, *, today: datetime.date
    ) -> None:
        self.live = tuple(r for r in rules if r.until is None or r.until >= today)
        self.expired = tuple(r for r in rules if r.until is not None and r.until < today)
        self._specs = {
            r.paths: pathspec.GitIgnoreSpec.from_lines(r.paths) for r in self.live if r.paths
        }
        self._comments = _Comments(inv)

    @property
    def identity(self) -> str:
        """What the configured part depends on, for checkers' cache keys (inline comments
        are in the files themselves, which the keys cover)."""
        return "|".join(f"{r.rule}@{','.join(r.paths)}" for r in self.live)

    def suppression(self, f: Finding) -> Suppressed | None:
        return self._comments.suppression(f) or _configured(f, self.live, self._specs)


def apply(findings: Sequence[Finding], matcher: Matcher) -> Outcome:
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for f in findings:
        hit = matcher.suppression(f)
        if hit is None:
            kept.append(f)
        else:
            suppressed.append(hit)
    expired = [_expired(r) for r in matcher.expired]
    return Outcome(findings=(*kept, *expired), suppressed=tuple(suppressed))


def _configured(
    f: Finding,
    rules: Sequence[SuppressionRule],
    specs: dict[tuple[str, ...], pathspec.GitIgnoreSpec],
) -> Suppressed | None:
    for r in rules:
        if r.paths and (f.path is None or not specs[r.paths].match_file(matchable(f.path))):
            continue
        if rule_matches(r.rule, f):
            return Suppressed(
                finding=f, rule=r.rule, source=Source.CONFIG, reason=r.reason, until=r.until
            )
    return None


def _expired(r: SuppressionRule) -> Finding:
    where = f" for {', '.join(r.paths)}" if r.paths else ""
    return Finding(
        check="discovery",
        rule=EXPIRED_RULE,
        severity=Severity.LOW,
        message=(
            f"suppression of {r.rule}{where} in [tool.pyreadiness] {r.key} expired on "
            f"{r.until}: its findings are reported again"
            + (f" (reason was: {r.reason})" if r.reason else "")
        ),
        path="pyproject.toml",
        help="Fix the findings, or review the risk and set a new 'until' date.",
    )


class _Comments:
    """Inline suppressions, read through the inventory only for files with findings."""

    def __init__(self, inv: Inventory) -> None:
        self._inv = inv
        self._lines: dict[str, list[str]] = {}

    def suppression(self, f: Finding) -> Suppressed | None:
        if f.path is None or f.line is None or not self._inv.has(f.path):
            return None
        lines = self._lines.get(f.path)
        if lines is None:
            text = self._inv.read_text(f.path) or ""
            lines = self._lines[f.path] = text.splitlines()
        if not 1 <= f.line <= len(lines):
            return None
        match = _INLINE.search(lines[f.line - 1])
        if match is None:
            return None
        for pattern in (p.strip() for p in match.group(1).split(",")):
            if pattern and rule_matches(pattern, f):
                reason = match.group(2).strip()
                return Suppressed(finding=f, rule=pattern, source=Source.INLINE, reason=reason)
        return None
