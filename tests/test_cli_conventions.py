"""The command-line conventions users expect: -V, -h, -v, --exit-zero, explain, schema,
shell completion of check ids and pillar names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyreadiness import __version__
from pyreadiness.completion import (
    complete_check_ids,
    complete_check_list,
    complete_pillar_minimum,
)
from tests.helpers import FIXTURES, report_schema, run_cli

GATE_FAILS = FIXTURES / "lint-known-findings"


def test_short_version_and_help() -> None:
    assert run_cli("-V").stdout == f"pyreadiness {__version__}\n"
    for args in (["-h"], ["check", "-h"], ["explain", "-h"]):
        run = run_cli(*args)
        assert (run.code, run.stdout.startswith("Usage: pyreadiness")) == (0, True), args


def test_exit_zero_keeps_the_report_and_the_verdict(tmp_path: Path) -> None:
    args = ("check", GATE_FAILS, "-q", "--select", "lint", "--fail-under", "90", "-f", "json")
    failed = run_cli(*args, "--cache-dir", tmp_path)
    assert failed.code == 1
    zero = run_cli(*args, "--cache-dir", tmp_path, "--exit-zero")
    assert zero.code == 0
    assert zero.json()["gate"]["passed"] is False
    # A usage error is still one.
    assert run_cli(*args, "--exit-zero", "--min", "nope=3").code == 2


def test_verbose_lists_each_check_on_stderr(tmp_path: Path) -> None:
    args = ("check", GATE_FAILS, "-q", "--select", "lint", "-f", "json", "--cache-dir", tmp_path)
    cold = run_cli(*args, "-v")
    json.loads(cold.stdout)  # stdout holds only the report
    assert "pyreadiness: lint: failed 33.3 in " in cold.stderr
    assert "pyreadiness: total " in cold.stderr
    warm = run_cli(*args, "--verbose")
    assert "(from the cache)" in warm.stderr


def test_schema_prints_the_shipped_schema_with_a_stable_id() -> None:
    run = run_cli("schema")
    assert run.code == 0
    printed = json.loads(run.stdout)
    assert printed == report_schema()
    assert printed["$id"] == "urn:pyreadiness:schema:report:1.0"


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("lint/F401", "lint/F401: unused-import (F401, from Pyflakes)"),
        ("security/B307", "security/B307: eval (B307, a blacklisted call or import)"),
        ("security/B602", "security/B602: subprocess_popen_with_shell_equals_true (B602)"),
        ("typing/unannotated", "typing/unannotated: Functions without complete annotations"),
        ("typing/mypy/arg-type", "typing/mypy/arg-type: mypy error code arg-type"),
        (
            "security-process/ci-action-unpinned",
            "security-process/ci-action-unpinned: Third-party action not pinned to a commit SHA",
        ),
        ("dependencies/stale-lock", "dependencies/stale-lock: Lock file out of date"),
        ("discovery/unreadable", "discovery/unreadable: File pyreadiness could not read"),
        ("discovery", "discovery: Discovery: files pyreadiness could not read or parse"),
        ("tests", "tests: Tests: presence, density and configuration"),
    ],
)
def test_explain_any_rule(rule: str, says: str) -> None:
    run = run_cli("explain", rule)
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines()[0] == says
    if "/" in rule:
        assert "Why it matters: " in run.stdout
        assert "How to fix: " in run.stdout


@pytest.mark.parametrize("rule", ["lint/NOPE1", "security/B999", "nope/x", "discovery/nope"])
def test_explain_an_unknown_rule_is_a_usage_error(rule: str) -> None:
    run = run_cli("explain", rule)
    assert run.code == 2
    assert "unknown" in run.stderr


def test_completion_offers_installed_checks_and_pillars() -> None:
    assert complete_check_list("ty") == ["typing"]
    assert complete_check_list("lint,se") == ["lint,security", "lint,security-process"]
    assert "lint" not in [c.split(",")[-1] for c in complete_check_list("lint,")]
    assert complete_check_ids("disc") == ["discovery"]
    assert complete_pillar_minimum("se") == ["security="]


def test_completion_runs_through_the_shell_protocol() -> None:
    """What bash's completion function asks typer (click's _PYREADINESS_COMPLETE protocol)."""
    run = run_cli(
        env={
            "_PYREADINESS_COMPLETE": "complete_bash",
            "COMP_WORDS": "pyreadiness check --select li",
            "COMP_CWORD": "3",
        }
    )
    assert "lint" in run.stdout.split()
