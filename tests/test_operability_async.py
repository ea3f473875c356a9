"""Async hygiene: blocking calls inside the service's ``async def``, from the lint checker's
one ruff run (never a second ruff process)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.lint import LintChecker
from pyreadiness.checkers.operability import OperabilityChecker, scoring
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.discover.profile import detect_profile
from pyreadiness.model import CheckResult, Severity
from pyreadiness.testing import fake_tool, tool_env
from pyreadiness.tools.cache import Cache
from pyreadiness.tools.memo import RunMemo
from tests.helpers import FIXTURES, check_json, check_result

FIXTURE = FIXTURES / "ops-async-blocking"


def _context(cache_dir: Path, memo: RunMemo | None = None) -> CheckContext:
    inv = build_inventory(FIXTURE)
    return CheckContext(
        root=FIXTURE,
        inventory=inv,
        cache=Cache(cache_dir),
        profile=detect_profile(inv),
        shared=memo or RunMemo(),
    )


def _logging_ruff(folder: Path) -> tuple[dict[str, str], Path]:
    """The real ruff behind a wrapper that logs each command line: (environment, log)."""
    log = folder / "ruff-calls.log"
    script = f'echo "$@" >> "{log}"\nexec "{os.fsdecode(find_ruff_bin())}" "$@"'
    return tool_env("ruff", fake_tool(folder, "ruff", script)), log


def _ops_alone(cache_dir: Path, env: dict[str, str]) -> dict[str, Any]:
    _, report = check_json(
        FIXTURE, "--select", "operability", "--offline", cache_dir=cache_dir, env=env
    )
    return report


def _run(cache_dir: Path) -> CheckResult:
    return OperabilityChecker().run(_context(cache_dir))


def test_blocking_calls_in_async_handlers_are_findings(cache_dir: Path) -> None:
    result = _run(cache_dir)
    found = [(f.rule, f.path, f.line, f.severity) for f in result.findings]
    # app/cli.py is command-line code and tests/ is not shipped: their blocking calls are
    # not the service's. main.py:41 is a reviewed call (a noqa comment for ASYNC251);
    # warm_up() is a plain function.
    assert found == [
        ("ASYNC251", "app/main.py", 16, Severity.MEDIUM),
        ("ASYNC210", "app/main.py", 22, Severity.MEDIUM),
        ("ASYNC221", "app/main.py", 23, Severity.MEDIUM),
        ("ASYNC230", "app/main.py", 29, Severity.LOW),
    ]
    # fine() calls os.path.abspath, which ruff's ASYNC240 would flag: string work, and the
    # rule is not selected (lint.rules.SHARED_SELECT).
    first = result.findings[0]
    assert first.rule_name == "blocking-sleep-in-async-function"
    assert first.help.startswith("https://docs.astral.sh/ruff/rules/")
    assert first.check == "operability"


def test_async_hygiene_scores_the_share_of_async_functions_that_never_block(
    cache_dir: Path,
) -> None:
    result = _run(cache_dir)
    component = next(c for c in result.components if c.id == "async_hygiene")
    # 5 async functions; sleepy and fetch block for unbounded time (1 each), report only
    # opens a file (half): 100 x (1 - 2.5 / 5).
    assert component.score == 50.0
    assert component.weight == scoring.WEIGHTS["async_hygiene"] == 1.0
    assert component.detail == (
        "3 of 5 async functions in service code block the event loop "
        "(2 with network, sleep, process or input calls, 1 with only file calls)"
    )
    assert result.metrics["async_functions"] == 5
    assert result.metrics["blocking_async_functions"] == 3


def test_lint_never_counts_the_async_rules(cache_dir: Path) -> None:
    """The ASYNC rules ride on lint's run for operability; lint's score ignores them."""
    result = LintChecker().run(_context(cache_dir))
    assert not [f for f in result.findings if f.rule.startswith("ASYNC")]
    assert result.metrics["findings"] == 0
    assert not [r for r in result.metrics["ruleset"] if "ASYNC" in r]  # type: ignore[union-attr]


def test_lint_and_operability_share_one_ruff_run(cache_dir: Path, tmp_path: Path) -> None:
    env, log = _logging_ruff(tmp_path)
    code, report = check_json(
        FIXTURE, "--select", "lint,operability", "--offline", cache_dir=cache_dir, env=env
    )
    assert code in (0, 1)
    calls = log.read_text().splitlines()
    assert len([c for c in calls if c.startswith("check --isolated")]) == 1
    assert [f["rule"] for f in report["findings"] if f["check"] == "operability"] == [
        "ASYNC251",
        "ASYNC210",
        "ASYNC221",
        "ASYNC230",
    ]
    assert not [f for f in report["findings"] if f["check"] == "lint" and "ASYNC" in f["rule"]]
    assert check_result(report, "lint")["metrics"]["findings"] == 0

    # Warm: nothing changed, so no ruff at all; operability alone reuses the per-file cache.
    log.write_text("")
    _ops_alone(cache_dir, env)
    assert [c for c in log.read_text().splitlines() if c.startswith("check")] == []


def test_operability_alone_still_runs_ruff_once(cache_dir: Path, tmp_path: Path) -> None:
    env, log = _logging_ruff(tmp_path)
    report = _ops_alone(cache_dir, env)
    calls = log.read_text().splitlines()
    assert len([c for c in calls if c.startswith("check")]) == 1
    assert check_result(report, "operability")["metrics"]["blocking_async_functions"] == 3


def test_without_ruff_async_hygiene_is_left_out_with_the_reason(
    cache_dir: Path, tmp_path: Path
) -> None:
    report = _ops_alone(cache_dir, tool_env("ruff", tmp_path / "no-such-ruff"))
    ops = check_result(report, "operability")
    assert ops["status"] in ("passed", "failed")
    assert "async_hygiene" not in [c["id"] for c in ops["components"]]
    assert ops["reason"].startswith("async hygiene not measured: ruff")
    assert [f["rule"] for f in report["findings"] if f["rule"].startswith("ASYNC")] == []


def test_a_service_with_no_async_code_has_no_async_component(cache_dir: Path) -> None:
    inv = build_inventory(FIXTURES / "ops-service-nothing")
    ctx = CheckContext(
        root=FIXTURES / "ops-service-nothing",
        inventory=inv,
        cache=Cache(cache_dir),
        profile=detect_profile(inv),
    )
    result = OperabilityChecker().run(ctx)
    assert "async_hygiene" not in [c.id for c in result.components]
    assert result.metrics["async_functions"] == 0


def test_the_memo_computes_once_and_shares_errors() -> None:
    memo = RunMemo()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return 42

    assert memo.once("k", compute) == 42
    assert memo.once("k", compute) == 42
    assert calls == [1]

    def fail() -> int:
        calls.append(2)
        raise ValueError("boom")

    for _ in range(2):
        try:
            memo.once("bad", fail)
        except ValueError as exc:
            assert str(exc) == "boom"
        else:
            raise AssertionError("the error was not raised")
    assert calls == [1, 2]


def test_the_memo_makes_a_second_thread_wait_for_the_first() -> None:
    import threading
    import time

    memo = RunMemo()
    calls: list[int] = []
    started = threading.Event()

    def slow() -> str:
        calls.append(1)
        started.set()
        time.sleep(0.2)
        return "done"

    results: list[str] = []
    first = threading.Thread(target=lambda: results.append(memo.once("k", slow)))
    first.start()
    started.wait(5)
    results.append(memo.once("k", slow))  # arrives while the first still computes
    first.join(5)
    assert results == ["done", "done"]
    assert calls == [1]


def test_explain_describes_the_async_rules_from_ruff() -> None:
    """Bug: ruff codes were read as at most four letters, so ASYNC251 was an unknown rule."""
    from tests.helpers import run_cli

    run = run_cli("explain", "operability/ASYNC251")
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("operability/ASYNC251: blocking-sleep-in-async-function")
    assert run_cli("explain", "operability/F401").code == 2  # lint's rules are not operability's


def test_every_shared_rule_is_a_stable_ruff_rule() -> None:
    """A code ruff does not know (or only in preview) would make the whole run fail or
    silently find nothing."""
    import json
    import subprocess

    from pyreadiness.checkers.lint.rules import SHARED_SELECT

    out = subprocess.run(
        [os.fsdecode(find_ruff_bin()), "rule", "--all", "--output-format", "json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    stable = {r["code"] for r in json.loads(out.stdout) if r.get("code") and not r.get("preview")}
    assert set(SHARED_SELECT) <= stable
    assert "ASYNC240" not in SHARED_SELECT  # judged on real services: see operability.md


def test_locating_ruff_from_many_threads_at_once_never_fails() -> None:
    """Bug (found by .ci/lowest): lint and operability now both locate ruff while the
    engine starts every checker at once; ruff's find_ruff_bin reads sysconfig, whose lazy
    first initialisation is not thread-safe, and one thread saw EXE as None ("can only
    concatenate str (not NoneType)": operability crashed). Each round resets sysconfig to
    its state before first use, then four threads ask together."""
    import sysconfig
    import threading

    from pyreadiness.checkers.lint.ruff import locate_ruff

    failures = []
    for _ in range(150):
        sysconfig._CONFIG_VARS = None  # type: ignore[attr-defined]
        if hasattr(sysconfig, "_CONFIG_VARS_INITIALIZED"):
            sysconfig._CONFIG_VARS_INITIALIZED = False
        barrier = threading.Barrier(4)

        def locate(barrier: threading.Barrier) -> None:
            barrier.wait()
            try:
                locate_ruff()
            except Exception as exc:  # noqa: BLE001 - every failure is what we count
                failures.append(exc)

        threads = [threading.Thread(target=locate, args=(barrier,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    sysconfig.get_config_vars()
    assert failures == []
