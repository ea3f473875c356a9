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
        #: Configured rules that accepted at least one finding (set.add is atomic: checkers
        #: ask from several threads).
        self.used: set[SuppressionRule] = set()

    @property
    def identity(self) -> str:
        """What the configured part depends on, for checkers' cache keys (inline comments
        are in the files themselves, which the keys cover)."""
        return "|".join(f"{r.rule}@{','.join(r.paths)}" for r in self.live)

    def suppression(self, f: Finding) -> Suppressed | None:
        inline = self._comments.suppression(f)
        if inline is not None:
            return inline
        for r in self.live:
            if _covers(r, f, self._specs):
                self.used.add(r)
                return Suppressed(
                    finding=f, rule=r.rule, source=Source.CONFIG, reason=r.reason, until=r.until
                )
        return None


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


def _covers(
    r: SuppressionRule, f: Finding, specs: dict[tuple[str, ...], pathspec.GitIgnoreSpec]
) -> bool:
    if r.paths and (f.path is None or not specs[r.paths].match_file(matchable(f.path))):
        return False
    return rule_matches(r.rule, f)


_WILDCARDS = frozenset("*?[")


def unused_suppressions(matcher: Matcher, ran: set[str]) -> tuple[str, ...]:
    """A note for each configured suppression in force that accepted nothing, as ruff's
    RUF100 does for ``noqa``: left in place, it would accept a future finding unseen.

    Judged only when its check ran to the end in this run (``ran``: a check deselected,
    skipped or failed might have had findings), and not for a wildcard check
    (``*/B101``). Inline comments are not judged: finding them would mean reading every
    file, not only those with findings.
    """
    notes = []
    for r in matcher.live:
        check = r.rule.split("/", 1)[0]
        if r in matcher.used or check not in ran or _WILDCARDS & set(check):
            continue
        where = f" for {', '.join(r.paths)}" if r.paths else ""
        notes.append(
            f"suppression {r.rule!r}{where} in [tool.pyreadiness] {r.key} accepted no "
            "finding: remove it, or it will accept a future finding unseen"
        )
    return tuple(notes)


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
