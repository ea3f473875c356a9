"""Run checkers concurrently; any exception becomes an error result naming the checker.

Threads suffice: checkers spend their time in external tools (subprocesses) or reading
files; the CPU-heavy ones shard their own work across processes (see ``CheckContext.jobs``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from pyreadiness.check.registry import LoadedChecker
from pyreadiness.check.serialize import result_from_dict, result_to_dict
from pyreadiness.checkers.interface import CheckContext
from pyreadiness.discover.inventory import forget_last_file_read, last_file_read
from pyreadiness.model import CheckResult, Status, errored
from pyreadiness.tools.cache import make_key

ProgressHook = Callable[[str, CheckResult | None], None]  # (check id, None=started / result)


def _cache_key(checker: LoadedChecker, ctx: CheckContext) -> str | None:
    instance = checker.cls()
    inputs = instance.cache_inputs(ctx)
    if inputs is None:
        return None
    return make_key(
        checker.id,
        checker.cls.version,
        checker.package_version,
        instance.cache_salt(ctx),
        ctx.inventory.fingerprint(inputs),
    )


def _run_one(checker: LoadedChecker, ctx: CheckContext) -> CheckResult:
    start = time.monotonic()
    forget_last_file_read()
    try:
        key = _cache_key(checker, ctx)
        if key is not None:
            hit = ctx.cache.get("checks", key)
            if isinstance(hit, dict):
                return dataclasses.replace(result_from_dict(hit), duration=time.monotonic() - start)
        result = checker.cls().run(ctx)
        if not isinstance(result, CheckResult):
            raise TypeError(f"run() returned {type(result).__name__}, not CheckResult")
        if result.check != checker.id:
            result = dataclasses.replace(result, check=checker.id)
        if result.score is not None and not 0 <= result.score <= 100:
            raise ValueError(f"score {result.score} outside 0..100")
        # Only complete measurements are cached: a skip or a partial score (tool timed out,
        # offline) may well come out differently next time.
        if (
            key is not None
            and result.status in (Status.PASSED, Status.FAILED)
            and not result.reason
        ):
            ctx.cache.put("checks", key, result_to_dict(result))
    except Exception as exc:  # noqa: BLE001 - one broken checker never takes the report down
        reading = last_file_read()
        where = f" (last file read: {reading})" if reading else ""
        result = errored(checker.id, f"checker crashed: {type(exc).__name__}: {exc}{where}")
    # What this checker learnt is stored now, in one transaction, whatever the others do.
    ctx.cache.flush()
    return dataclasses.replace(result, duration=time.monotonic() - start)


def run_checks(
    checkers: Sequence[LoadedChecker],
    ctx: CheckContext,
    progress: ProgressHook | None = None,
) -> list[CheckResult]:
    """Run every checker at once and return results in the order of ``checkers``."""

    def job(checker: LoadedChecker) -> CheckResult:
        if progress:
            progress(checker.id, None)
        result = _run_one(checker, ctx)
        if progress:
            progress(checker.id, result)
        return result

    if not checkers:
        return []
    with ThreadPoolExecutor(max_workers=len(checkers), thread_name_prefix="check") as pool:
        return list(pool.map(job, checkers))
