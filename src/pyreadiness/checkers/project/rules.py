"""The check id and the one way this checker builds a finding."""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Callable
from typing import Any

from pyreadiness.model import Finding, Severity
from pyreadiness.tools.cache import Cache

CHECK_ID = "project"
CACHE_NAMESPACE = "project-verdicts"


def finding(rule: str, severity: Severity, message: str, **where: Any) -> Finding:
    """A finding of this check; ``where`` holds its ``path``, ``line`` and ``help``."""
    return Finding(check=CHECK_ID, rule=rule, severity=severity, message=message, **where)


@functools.cache
def library_versions() -> str:
    """Versions of the libraries whose knowledge decides results (for the cache salt)."""
    names = ("validate-pyproject", "trove-classifiers", "license-expression")
    out = []
    for name in names:
        try:
            out.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            out.append(f"{name} absent")
    return ", ".join(out)


def remembered(cache: Cache, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per key across runs: for the verdicts of libraries whose import
    costs more than the verdict (validate-pyproject, the SPDX list), so that a run where only
    source files changed does not load them again. Values are JSON."""
    hit = cache.get(CACHE_NAMESPACE, key)
    if isinstance(hit, dict) and "v" in hit:
        return hit["v"]
    value = compute()
    cache.put(CACHE_NAMESPACE, key, {"v": value})
    return value


def line_of(text: str | None, needle: str, after: str | None = None) -> int | None:
    """1-based line of the first line containing ``needle`` (after the line holding
    ``after``, e.g. a TOML table header): TOML and INI parsers keep no line numbers."""
    if text is None:
        return None
    started = after is None
    for number, line in enumerate(text.splitlines(), start=1):
        if not started:
            started = line.strip() == after
            continue
        if needle in line:
            return number
    return None
