"""Our configuration: ``[tool.pyreadiness]`` in the scanned repository, then the command line.

Keys (all optional)::

    [tool.pyreadiness]
    select = ["tests", "ci"]          # run only these checks
    ignore = ["vulnerabilities",      # never run these checks; with a slash, accept a rule:
              "security/B307",        #   still run and reported as suppressed, not to fix
              {rule = "lint/E501", reason = "long URLs", until = 2027-01-31}]
    per-path-ignores = {"scripts/**" = ["lint/*"]}  # rules accepted under paths (gitignore)
    fail-under = 75                   # gate on the overall score
    min = { security = 80 }           # gate on pillar scores
    pillar-weights = { security = 30 }
    check-weights = { lint = 2 }      # weight of a check inside its pillar
    exclude = ["fixtures/**"]         # gitignore patterns left out; replaces the defaults
    extend-exclude = ["legacy/"]      # left out in addition to exclude (or the defaults)
    ignore-vulns = [{id = "GHSA-...", reason = "...", until = 2027-01-31}]
    timeout = 300                     # seconds each external tool may run
    profile = "library"               # library, application, cli, scripts, monorepo
    allow-errors = false              # true: a check that errors does not fail the gate

    [tool.pyreadiness.checks.<id>]    # a checker's own options (Checker.options)

An unknown key or a wrong type is a usage error (exit 2) naming the key and the file. A
pyproject.toml that is not valid TOML is the repository's problem: a finding, not an error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pyreadiness.discover.exclude import DEFAULT_EXCLUDE
from pyreadiness.errors import UsageError
from pyreadiness.model import Pillar, Profile
from pyreadiness.suppress.model import SuppressionRule
from pyreadiness.suppress.parse import (
    check_path_pattern,
    parse_ignore,
    parse_per_path,
    parse_vuln_ignores,
)


@dataclass(frozen=True, kw_only=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_under: float | None = None
    pillar_minimums: Mapping[Pillar, float] = field(default_factory=dict)
    pillar_weights: Mapping[Pillar, float] = field(default_factory=dict)
    check_weights: Mapping[str, float] = field(default_factory=dict)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    suppressions: tuple[SuppressionRule, ...] = ()
    ignore_vulns: tuple[SuppressionRule, ...] = ()  # rule = an advisory id or alias
    timeout: float | None = None
    profile: Profile | None = None
    #: ``[tool.pyreadiness.checks.<id>]`` tables, as written: each checker validates its own
    #: (``checkers/options.py``) once it is loaded.
    check_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    allow_errors: bool = False


_KNOWN_KEYS = (
    "select",
    "ignore",
    "fail-under",
    "min",
    "pillar-weights",
    "check-weights",
    "exclude",
    "extend-exclude",
    "per-path-ignores",
    "ignore-vulns",
    "timeout",
    "profile",
    "checks",
    "allow-errors",
)


def _fail(where: str, key: str, problem: str) -> UsageError:
    if key.startswith("--"):  # a command-line option, not a config key
        return UsageError(f"{key}: {problem}")
    return UsageError(f"{where}: [tool.pyreadiness] {key}: {problem}")


def _number(where: str, key: str, value: Any, *, low: float, high: float | None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(where, key, f"expected a number, got {type(value).__name__} {value!r}")
    if not math.isfinite(value):  # nan passes every comparison below; inf wins every weight
        raise _fail(where, key, f"expected a finite number, got {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"{low:g} to {high:g}" if high is not None else f"at least {low:g}"
        raise _fail(where, key, f"expected {bound}, got {value!r}")
    return float(value)


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, key, f"expected a list of strings, got {value!r}")
    return tuple(value)


def _patterns(where: str, key: str, value: Any) -> tuple[str, ...]:
    patterns = _strings(where, key, value)
    for pattern in patterns:
        check_path_pattern(where, key, pattern)
    return patterns


def parse_pillar(name: str, *, where: str, key: str) -> Pillar:
    try:
        return Pillar(name)
    except ValueError:
        choices = ", ".join(p.value for p in Pillar)
        raise _fail(where, key, f"unknown pillar {name!r} (choose from {choices})") from None


def _pillar_table(
    where: str, key: str, value: Any, *, low: float, high: float | None
) -> dict[Pillar, float]:
    if not isinstance(value, dict):
        raise _fail(where, key, f"expected a table of pillar = number, got {value!r}")
    return {
        parse_pillar(name, where=where, key=f"{key}.{name}"): _number(
            where, f"{key}.{name}", v, low=low, high=high
        )
        for name, v in value.items()
    }


def parse_settings(table: Any, *, where: str) -> Settings:
    """Validate a ``[tool.pyreadiness]`` table; ``where`` names the file in error messages."""
    if table is None:
        return Settings()
    if not isinstance(table, dict):
        raise UsageError(f"{where}: [tool.pyreadiness] must be a table")
    for key in table:
        if key not in _KNOWN_KEYS:
            hint = ""
            alt = key.replace("_", "-")
            if alt in _KNOWN_KEYS:
                hint = f" (did you mean {alt!r}?)"
            raise _fail(where, key, f"unknown key{hint}; known keys: {', '.join(_KNOWN_KEYS)}")
    check_weights = table.get("check-weights", {})
    if not isinstance(check_weights, dict):
        raise _fail(
            where, "check-weights", f"expected a table of check = number, got {check_weights!r}"
        )
    ignore, rule_ignores = parse_ignore(where, table.get("ignore", []))
    return Settings(
        select=_strings(where, "select", table["select"]) if "select" in table else (),
        ignore=ignore,
        suppressions=rule_ignores + parse_per_path(where, table.get("per-path-ignores", {})),
        ignore_vulns=parse_vuln_ignores(where, table.get("ignore-vulns", [])),
        fail_under=(
            _number(where, "fail-under", table["fail-under"], low=0, high=100)
            if "fail-under" in table
            else None
        ),
        pillar_minimums=_pillar_table(where, "min", table.get("min", {}), low=0, high=100),
        pillar_weights=_pillar_table(
            where, "pillar-weights", table.get("pillar-weights", {}), low=0, high=None
        ),
        check_weights={
            str(k): _number(where, f"check-weights.{k}", v, low=0, high=None)
            for k, v in check_weights.items()
        },
        exclude=(
            _patterns(where, "exclude", table["exclude"]) if "exclude" in table else DEFAULT_EXCLUDE
        ),
        extend_exclude=_patterns(where, "extend-exclude", table.get("extend-exclude", [])),
        timeout=(
            _number(where, "timeout", table["timeout"], low=1, high=None)
            if "timeout" in table
            else None
        ),
        profile=_profile(where, table["profile"]) if "profile" in table else None,
        check_options=_check_tables(where, table.get("checks", {})),
        allow_errors=_flag(where, "allow-errors", table.get("allow-errors", False)),
    )


def _flag(where: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, key, f"expected true or false, got {value!r}")
    return value


def _check_tables(where: str, value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise _fail(where, "checks", f"expected a table of check tables, got {value!r}")
    for check_id, options in value.items():
        if not isinstance(options, dict):
            raise _fail(where, f"checks.{check_id}", f"expected a table, got {options!r}")
    return {str(k): dict(v) for k, v in value.items()}


def _profile(where: str, value: Any) -> Profile:
    try:
        return Profile(value)
    except ValueError:
        choices = ", ".join(p.value for p in Profile)
        raise _fail(
            where, "profile", f"unknown profile {value!r} (choose from {choices})"
        ) from None


def parse_min_option(values: list[str]) -> dict[Pillar, float]:
    """``--min PILLAR=N`` values from the command line."""
    out: dict[Pillar, float] = {}
    for raw in values:
        name, sep, number = raw.partition("=")
        if not sep:
            raise UsageError(f"--min {raw!r}: expected PILLAR=N, e.g. --min security=80")
        pillar = parse_pillar(name.strip(), where="command line", key="--min")
        try:
            value = float(number)
        except ValueError:
            raise UsageError(f"--min {raw!r}: {number!r} is not a number") from None
        if not 0 <= value <= 100:
            raise UsageError(f"--min {raw!r}: expected 0 to 100")
        out[pillar] = value
    return out
