"""The plugin author's kit: run one checker on a folder and assert on what it found.

Everything here is what our own tests use, so it stays honest::

    from pyreadiness.testing import assert_result, run_checker

    def test_todo_comments(tmp_path):
        (tmp_path / "app.py").write_text("# TODO: finish\\n")
        result = run_checker(TodoChecker, tmp_path, cache_dir=tmp_path / ".cache")
        assert_result(result, status="failed", findings={"todo/comment": 1})

:func:`run_checker` runs the checker as ``pyreadiness check`` does (options validated and
defaulted, a missing tool skipped, a failing tool an error with its reason, any exception
an error result), on an inventory of the folder built the way a real run builds it.
:func:`fake_tool` writes a real executable standing in for an external tool (for
``PYREADINESS_TOOL_<NAME>``), to test how a checker copes with a tool that crashes, hangs
or answers nonsense.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pyreadiness.check.engine import run_one
from pyreadiness.checkers.interface import UNDECIDED_PROFILE, CheckContext, Checker
from pyreadiness.checkers.options import resolve_options
from pyreadiness.discover.inventory import Inventory, build_inventory
from pyreadiness.model import CheckResult, ProfileDecision, Status
from pyreadiness.tools.cache import Cache

__all__ = [
    "assert_result",
    "build_context",
    "fake_tool",
    "findings_by_rule",
    "inventory_of",
    "run_checker",
    "tool_env",
]


def inventory_of(root: Path) -> Inventory:
    """The files under ``root`` listed and classified as a real run does (git or walk)."""
    return build_inventory(Path(root))


def build_context(
    root: Path,
    *,
    cache_dir: Path | None = None,
    inventory: Inventory | None = None,
    tool_timeout: float = 60.0,
    offline: bool = True,
    jobs: int = 2,
    profile: ProfileDecision = UNDECIDED_PROFILE,
    options: Mapping[str, Any] | None = None,
) -> CheckContext:
    """A context for one checker on ``root``. ``cache_dir`` None: a throwaway cache.

    ``options`` are given as they are (validate them with ``resolve_options``, as
    :func:`run_checker` does). Offline by default: a test never reaches the network.
    """
    root = Path(root)
    return CheckContext(
        root=root,
        inventory=inventory if inventory is not None else inventory_of(root),
        cache=Cache(cache_dir),
        tool_timeout=tool_timeout,
        offline=offline,
        jobs=jobs,
        profile=profile,
        options=dict(options or {}),
    )


def run_checker(
    checker: type[Checker],
    root: Path,
    *,
    cache_dir: Path | None = None,
    options: Mapping[str, Any] | None = None,
    **context: Any,
) -> CheckResult:
    """Run ``checker`` on the folder ``root`` as the engine does and return its result.

    ``options`` are the checker's own (validated against ``checker.options``, defaults
    filled in); ``context`` goes to :func:`build_context` (``tool_timeout``, ``offline``,
    ``jobs``, ``profile``, ``inventory``). As in a real run, a checker with
    ``cache_inputs`` may answer a second run on an unchanged tree from ``cache_dir``
    (``cached=True``): give each run its own folder to measure again.
    """
    resolved = resolve_options(checker.id, checker.options, given=options)
    ctx = build_context(root, cache_dir=cache_dir, options=resolved, **context)
    try:
        return run_one(checker, ctx)
    finally:
        ctx.cache.close()


def findings_by_rule(result: CheckResult) -> dict[str, int]:
    """How many findings of each rule: the shape exact expectations are written in."""
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    return dict(sorted(counts.items()))


def assert_result(
    result: CheckResult,
    *,
    status: Status | str | None = None,
    score: float | None = None,
    reason: str | None = None,
    findings: Mapping[str, int] | None = None,
    components: Mapping[str, float] | None = None,
) -> None:
    """Assert what is given, exactly: status, score, reason, findings per rule (every rule:
    a rule left out must have no finding), component scores by id (every component).

    Raises ``AssertionError`` listing every difference (not ``assert``: it holds under -O).
    """
    wrong: list[str] = []
    if status is not None and result.status is not Status(status):
        wrong.append(f"status {result.status.value!r}, expected {Status(status).value!r}")
    if score is not None and result.score != score:
        wrong.append(f"score {result.score}, expected {score}")
    if reason is not None and result.reason != reason:
        wrong.append(f"reason {result.reason!r}, expected {reason!r}")
    if findings is not None and findings_by_rule(result) != dict(sorted(findings.items())):
        wrong.append(f"findings {findings_by_rule(result)}, expected {dict(findings)}")
    got = {c.id: c.score for c in result.components}
    if components is not None and got != dict(components):
        wrong.append(f"components {got}, expected {dict(components)}")
    if wrong:
        detail = f" (reason: {result.reason})" if result.reason and reason is None else ""
        raise AssertionError(f"{result.check}: " + "; ".join(wrong) + detail)


def fake_tool(folder: Path, name: str, script: str) -> Path:
    """An executable shell script ``folder/name`` running ``script``; point
    ``PYREADINESS_TOOL_<NAME>`` at it (see :func:`tool_env`)."""
    path = Path(folder) / name
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def tool_env(tool: str, executable: Path | str) -> dict[str, str]:
    """The environment variable that makes pyreadiness run ``executable`` as ``tool``."""
    return {f"PYREADINESS_TOOL_{tool.upper().replace('-', '_')}": str(executable)}
