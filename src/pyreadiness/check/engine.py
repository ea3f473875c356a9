"""Run checkers concurrently; any exception becomes an error result naming the checker.

Threads suffice: checkers spend their time in external tools (subprocesses) or reading
files; the CPU-heavy ones shard their own work across processes (see ``CheckContext.jobs``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from pyreadiness.check.registry import LoadedChecker
from pyreadiness.check.serialize import result_from_dict, result_to_dict
from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.checkers.options import OptionValue, resolve_options
from pyreadiness.discover.inventory import forget_last_file_read, last_file_read
from pyreadiness.model import CheckResult, Status, errored, skipped
from pyreadiness.tools.cache import make_key
from pyreadiness.tools.process import ToolError, ToolNotFound

__all__ = ["ProgressHook", "run_checks", "run_one"]

ProgressHook = Callable[[str, CheckResult | None], None]  # (check id, None=started / result)
#: Each checker's effective options, by check id (see ``checkers/options.py``).
CheckOptions = Mapping[str, Mapping[str, OptionValue]]


def _cache_key(instance: Checker, ctx: CheckContext, package_version: str) -> str | None:
    inputs = instance.cache_inputs(ctx)
    if inputs is None:
        return None
    return make_key(
        instance.id,
        instance.version,
        package_version,
        instance.cache_salt(ctx),
        repr(sorted((k, str(v)) for k, v in ctx.options.items())),
        ctx.inventory.fingerprint(inputs),
    )


def run_one(cls: type[Checker], ctx: CheckContext, *, package_version: str = "") -> CheckResult:
    """Run one checker with ``ctx`` (whose ``options`` are this checker's), and map every
    failure in one place: a missing tool is a skip, a tool that crashed, timed out or
    answered nonsense an error with its reason, any other exception an error naming it."""
    start = time.monotonic()
    forget_last_file_read()
    try:
        result = _measured(cls, ctx, package_version, start)
    except ToolNotFound as exc:
        result = skipped(cls.id, str(exc))
    except ToolError as exc:
        result = errored(cls.id, str(exc))
    except Exception as exc:  # noqa: BLE001 - one broken checker never takes the report down
        reading = last_file_read()
        where = f" (last file read: {reading})" if reading else ""
        result = errored(cls.id, f"checker crashed: {type(exc).__name__}: {exc}{where}")
    # What this checker learnt is stored now, in one transaction, whatever the others do.
    ctx.cache.flush()
    return dataclasses.replace(result, duration=time.monotonic() - start)


def _measured(
    cls: type[Checker], ctx: CheckContext, package_version: str, start: float
) -> CheckResult:
    instance = cls()
    key = _cache_key(instance, ctx, package_version)
    if key is not None:
        hit = ctx.cache.get("checks", key)
        if isinstance(hit, dict):
            return dataclasses.replace(result_from_dict(hit), duration=time.monotonic() - start)
    result = instance.run(ctx)
    if not isinstance(result, CheckResult):
        raise TypeError(f"run() returned {type(result).__name__}, not CheckResult")
    if result.check != cls.id:
        result = dataclasses.replace(result, check=cls.id)
    if result.score is not None and not 0 <= result.score <= 100:
        raise ValueError(f"score {result.score} outside 0..100")
    # Only complete measurements are cached: a skip or a partial score (tool timed out,
    # offline) may well come out differently next time.
    if key is not None and result.status in (Status.PASSED, Status.FAILED) and not result.reason:
        ctx.cache.put("checks", key, result_to_dict(result))
    return result


def run_checks(
    checkers: Sequence[LoadedChecker],
    ctx: CheckContext,
    progress: ProgressHook | None = None,
    options: CheckOptions | None = None,
) -> list[CheckResult]:
    """Run every checker at once and return results in the order of ``checkers``.

    ``options`` holds each checker's validated options; a checker left out gets its defaults.
    """

    def job(checker: LoadedChecker) -> CheckResult:
        if progress:
            progress(checker.id, None)
        own = (options or {}).get(checker.id)
        if own is None:
            own = resolve_options(checker.id, checker.cls.options)
        own_ctx = dataclasses.replace(ctx, options=own)
        result = run_one(checker.cls, own_ctx, package_version=checker.package_version)
        if progress:
            progress(checker.id, result)
        return result

    if not checkers:
        return []
    with ThreadPoolExecutor(max_workers=len(checkers), thread_name_prefix="check") as pool:
        return list(pool.map(job, checkers))
