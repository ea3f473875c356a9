"""The commands a user would type to run the same tools with the same options by hand.

Each planner takes the commands from the functions the checkers build theirs with
(``fixed_args``, ``own_config_args``, ``format_args``, ``plan_mypy``, ``mypy_argv``,
``bandit_argv``), so the "by hand" baseline of bench/bench.py cannot drift from what
pyreadiness runs.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.pipeline import load_repo_settings
from pyreadiness.tools.cache import Cache

# Command lines are split like the checkers split theirs (far below ARG_MAX).
MAX_ARGV_CHARS = 100_000
MAX_FILES_PER_CALL = 1000


@dataclass(frozen=True, kw_only=True)
class ToolCall:
    label: str
    argv: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    files: int = 0  # how many file arguments (shown instead of the list)
    note: str = ""


def _chunks(paths: Sequence[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    chars = 0
    for rel in paths:
        size = len(rel) + 3
        if chunk and (len(chunk) >= MAX_FILES_PER_CALL or chars + size > MAX_ARGV_CHARS):
            yield chunk
            chunk, chars = [], 0
        chunk.append(rel)
        chars += size
    if chunk:
        yield chunk


def plan_lint(ctx: CheckContext, tool_cache: Path) -> list[ToolCall]:
    """The lint checker's ruff runs (checkers/lint/measure.py), each over all its files."""
    from pyreadiness.checkers.lint.measure import (
        FORMAT_JSON_SINCE,
        fixed_args,
        format_args,
        own_config_args,
    )
    from pyreadiness.checkers.lint.repo_config import read_repo_config
    from pyreadiness.checkers.lint.ruff import locate_ruff, ruff_version

    inv = ctx.inventory
    ruff = locate_ruff()
    config = read_repo_config(inv)
    sources = inv.paths(FileKind.SOURCE)
    cache = ("--cache-dir", str(tool_cache / "ruff"))
    env = {"RUFF_CACHE_DIR": str(tool_cache / "ruff"), "RUFF_NO_CACHE": "true"}
    calls = [
        ToolCall(
            label="ruff check (fixed rules)",
            argv=(*ruff.argv, *fixed_args(config.target_version), *cache, "--", *chunk),
            env=env,
            files=len(chunk),
        )
        for chunk in _chunks(sources)
    ]
    own_loads = False
    if config.own_linter == "ruff":
        paths = inv.paths(FileKind.SOURCE, FileKind.TEST, FileKind.AUX, FileKind.STUB)
        own_calls = [
            ToolCall(
                label="ruff check (repository config)",
                argv=(*ruff.argv, *own_config_args(), *cache, "--", *chunk),
                env=env,
                files=len(chunk),
            )
            for chunk in _chunks(paths)
        ]
        calls += own_calls
        # The checker formats in the repository's own style only when ruff accepts that
        # configuration: ask ruff once, untimed, as the checker learns it from this run.
        probe = subprocess.run(
            [*own_calls[0].argv[: -own_calls[0].files], *sources[:1]],
            cwd=ctx.root,
            capture_output=True,
            env={**os.environ, **env},
            check=False,
        )
        own_loads = probe.returncode in (0, 1)
    if ruff_version(ctx, ruff) >= FORMAT_JSON_SINCE:
        args = format_args(config, use_own_config=own_loads)
        calls += [
            ToolCall(
                label="ruff format --check",
                argv=(*ruff.argv, *args, *cache, "--", *chunk),
                env=env,
                files=len(chunk),
            )
            for chunk in _chunks(sources)
        ]
    return calls


def plan_typing(ctx: CheckContext, tool_cache: Path) -> list[ToolCall]:
    """mypy as the typing checker runs it: its plan, its command, its environment."""
    from pyreadiness.checkers.typing import plan_mypy
    from pyreadiness.checkers.typing.mypy_run import mypy_argv, mypy_env, write_config

    plan = plan_mypy(ctx)
    if plan.sanitised is None:
        return []
    workdir = tool_cache / "mypy"
    workdir.mkdir(parents=True, exist_ok=True)
    config_path = write_config(workdir, plan.sanitised)
    cache_dir = workdir / "cache"
    return [
        ToolCall(
            label="mypy",
            argv=tuple(mypy_argv(config_path, cache_dir)),
            env=mypy_env(cache_dir),
            note=f"{len(plan.mypy_files)} modules listed in the configuration",
        )
    ]


def plan_security(ctx: CheckContext, tool_cache: Path) -> list[ToolCall]:
    """bandit with the security checker's command, one process over every shipped file."""
    from pyreadiness.checkers.security.bandit import bandit_argv

    sources = sorted(ctx.inventory.paths(FileKind.SOURCE))
    return [
        ToolCall(label="bandit", argv=tuple(bandit_argv(chunk)), files=len(chunk))
        for chunk in _chunks(sources)
    ]


PLANNERS: dict[str, Callable[[CheckContext, Path], list[ToolCall]]] = {
    "lint": plan_lint,
    "typing": plan_typing,
    "security": plan_security,
}


def plan(root: Path, checks: Sequence[str], tool_cache: Path) -> list[ToolCall]:
    everything = build_inventory(root)
    settings, _ = load_repo_settings(everything)
    inv = everything.excluding(settings.exclude)
    scratch = Cache(tool_cache / "plan-cache")
    ctx = CheckContext(root=root, inventory=inv, cache=scratch, jobs=os.cpu_count() or 1)
    calls: list[ToolCall] = []
    for check in checks:
        if check in PLANNERS:
            calls += PLANNERS[check](ctx, tool_cache)
    return calls


def tool_env(extra: dict[str, str]) -> dict[str, str]:
    """What pyreadiness's tool wrapper (tools/process.py) gives every tool."""
    env = dict(os.environ)
    env.update({"PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"})
    return env | extra


def shown(call: ToolCall) -> str:
    argv = list(call.argv)
    if call.files:
        argv = [*argv[: -call.files], f"<{call.files} files>"]
    text = " ".join(shlex.quote(a) for a in argv)
    return f"{text}  # {call.note}" if call.note else text
