"""Read suppressions from ``[tool.pyreadiness]``: ``ignore`` and ``per-path-ignores``.

Each entry is a rule pattern (``"security/B307"``, ``"lint/*"``) or a table
``{rule = "...", reason = "...", until = 2027-01-31}`` (``until`` a TOML date or a
``"YYYY-MM-DD"`` string). In ``ignore`` a plain check id without a slash keeps its old
meaning, "do not run this check"; anything with a slash, and every table, is a
suppression: the check runs and its matching findings are listed as suppressed.
"""

from __future__ import annotations

import datetime
from typing import Any

import pathspec

from pyreadiness.errors import UsageError
from pyreadiness.suppress.model import SuppressionRule

_ENTRY_KEYS = ("rule", "reason", "until")


def _fail(where: str, key: str, problem: str) -> UsageError:
    return UsageError(f"{where}: [tool.pyreadiness] {key}: {problem}")


def parse_until(where: str, key: str, value: Any) -> datetime.date:
    """A TOML date, or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(where, key, f"expected a date like 2027-01-31, got {value!r}")


def _reason(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _fail(where, key, f"expected a string, got {value!r}")
    return value.strip()


def _entry(where: str, key: str, value: Any, paths: tuple[str, ...]) -> SuppressionRule:
    if isinstance(value, str):
        if not value.strip():
            raise _fail(where, key, "an empty rule id")
        return SuppressionRule(rule=value.strip(), paths=paths, key=key)
    if not isinstance(value, dict):
        raise _fail(where, key, f"expected a rule id or {{rule, reason, until}}, got {value!r}")
    unknown = sorted(set(value) - set(_ENTRY_KEYS))
    if unknown:
        raise _fail(where, key, f"unknown key {unknown[0]!r} (known: {', '.join(_ENTRY_KEYS)})")
    rule = value.get("rule")
    if not isinstance(rule, str) or not rule.strip():
        raise _fail(where, key, f"expected a rule id in 'rule', got {rule!r}")
    return SuppressionRule(
        rule=rule.strip(),
        paths=paths,
        reason=_reason(where, f"{key}.reason", value["reason"]) if "reason" in value else "",
        until=parse_until(where, f"{key}.until", value["until"]) if "until" in value else None,
        key=key,
    )


def parse_ignore(where: str, value: Any) -> tuple[tuple[str, ...], tuple[SuppressionRule, ...]]:
    """``ignore``: (check ids not to run, suppressions)."""
    if not isinstance(value, list):
        raise _fail(where, "ignore", f"expected a list, got {value!r}")
    checks: list[str] = []
    rules: list[SuppressionRule] = []
    for item in value:
        if isinstance(item, str) and "/" not in item:
            checks.append(item)
        else:
            rules.append(_entry(where, "ignore", item, ()))
    return tuple(checks), tuple(rules)


def parse_per_path(where: str, value: Any) -> tuple[SuppressionRule, ...]:
    """``per-path-ignores = {"scripts/**" = ["lint/*", {rule = ..., reason = ...}]}``."""
    if not isinstance(value, dict):
        problem = f"expected a table of pattern = [rules], got {value!r}"
        raise _fail(where, "per-path-ignores", problem)
    out: list[SuppressionRule] = []
    for pattern, entries in value.items():
        key = f"per-path-ignores.{pattern!r}"
        check_path_pattern(where, key, pattern)
        if not isinstance(entries, list):
            raise _fail(where, key, f"expected a list of rules, got {entries!r}")
        out.extend(_entry(where, key, item, (pattern,)) for item in entries)
    return tuple(out)


def check_path_pattern(where: str, key: str, pattern: str) -> None:
    """A gitignore-style pattern pathspec accepts (exit 2 naming it otherwise)."""
    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except (ValueError, TypeError) as exc:
        raise _fail(where, key, f"not a valid path pattern {pattern!r}: {exc}") from None


def parse_vuln_ignores(where: str, value: Any) -> tuple[SuppressionRule, ...]:
    """``ignore-vulns = [{id = "GHSA-...", reason = "...", until = 2027-01-31}]`` (or ids)."""
    key = "ignore-vulns"
    if not isinstance(value, list):
        raise _fail(where, key, f"expected a list, got {value!r}")
    out = []
    for item in value:
        if isinstance(item, dict):
            if "rule" in item or "id" not in item:
                raise _fail(where, key, f"expected {{id, reason, until}}, got {item!r}")
            item = {("rule" if k == "id" else k): v for k, v in item.items()}
        out.append(_entry(where, key, item, ()))
    return tuple(out)
