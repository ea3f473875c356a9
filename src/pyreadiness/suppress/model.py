"""Suppression values: what a repository accepted (a rule) and what it covered (a record)."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from pyreadiness.model import Finding


class Source(str, enum.Enum):
    """Where a suppression was written: SARIF calls these ``external`` and ``inSource``."""

    CONFIG = "config"  # [tool.pyreadiness] ignore / per-path-ignores
    INLINE = "inline"  # a ``# pyreadiness: ignore[rule]`` comment on the finding's line


@dataclass(frozen=True, kw_only=True)
class SuppressionRule:
    """One accepted rule pattern, optionally limited to paths and to a date.

    ``rule`` is a check id (``lint``: every rule of it) or a ``check/rule`` id with shell
    wildcards (``lint/*``, ``security/B307``); ``paths`` are gitignore-style patterns
    (empty: everywhere). Past ``until`` (a date, inclusive) it no longer suppresses
    anything and the report says so as a finding.
    """

    rule: str
    paths: tuple[str, ...] = ()
    reason: str = ""
    until: datetime.date | None = None
    key: str = "ignore"  # the configuration key it was written under, for messages


@dataclass(frozen=True, kw_only=True)
class Suppressed:
    """A finding that was suppressed, and by what: listed in every report, never dropped."""

    finding: Finding
    rule: str  # the pattern that matched, as written
    source: Source
    reason: str = ""
    until: datetime.date | None = None


def full_rule_id(f: Finding) -> str:
    """``check/rule`` (a rule already spelled with its check prefix is kept as is)."""
    return f.rule if f.rule.startswith(f.check + "/") else f"{f.check}/{f.rule}"


def suppressed_note(suppressed: tuple[Suppressed, ...]) -> str:
    """One line for text reports: suppressions are visible in every format, never silent."""
    inline = sum(1 for s in suppressed if s.source is Source.INLINE)
    noun = "finding" if len(suppressed) == 1 else "findings"
    return (
        f"{len(suppressed)} {noun} suppressed ({len(suppressed) - inline} by configuration, "
        f"{inline} inline): listed with their reasons in the JSON and SARIF reports"
    )
