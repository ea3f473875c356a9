"""The lint checker with the real ruff on fixture repositories with known counts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pyreadiness.checkers.lint import LintChecker
from pyreadiness.checkers.lint.measure import fixed_args
from pyreadiness.checkers.lint.ruff import locate_ruff
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Severity, Status
from pyreadiness.testing import run_checker
from tests.helpers import FIXTURES, check_json, check_result

RULESET = ["B", "E4", "E7", "E9", "F", "PLE", "T10", "W6"]


def run_lint(root: Path, cache: Path) -> CheckResult:
    return run_checker(LintChecker, root, cache_dir=cache)


def components(result: CheckResult) -> dict[str, tuple[float, float]]:
    return {c.id: (c.weight, c.score) for c in result.components}


def rules(result: CheckResult) -> list[tuple[str, str | None, int | None]]:
    return [(f.rule, f.path, f.line) for f in result.findings]


def ruff_by_hand(root: Path, *args: str) -> list[dict[str, object]]:
    """What a user gets running our ruff by hand with the documented options."""
    proc = subprocess.run(
        [*locate_ruff().argv, *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    found: list[dict[str, object]] = json.loads(proc.stdout)
    return found


def test_clean_repository_scores_100(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-clean", cache_dir)
    assert result.status is Status.PASSED
    assert result.score == 100.0
    assert result.findings == ()
    m = result.metrics
    assert (m["findings"], m["source_files"], m["source_lines"]) == (0, 2, 20)
    assert m["ruleset"] == RULESET
    assert m["ruleset_ignored"] == ["B008", "B905", "F405"]
    assert m["target_version"] == "py310"
    assert m["unformatted_files"] == 0
    assert (m["own_linter"], m["own_config_passes"]) == ("ruff", True)  # [tool.ruff.lint]
    assert components(result) == {
        "findings_per_kloc": (3.0, 100.0),
        "parses": (1.0, 100.0),
        "formatting": (1.0, 100.0),
        "own_config": (1.0, 100.0),
    }


def test_known_findings_counts_exactly_the_fixed_rule_set(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-known-findings", cache_dir)
    m = result.metrics
    # 8 in src/; not counted: the noqa'd F401, B008/B905/F405 instances, tests/ and docs/.
    assert m["findings"] == 8
    assert m["source_lines"] == 30
    assert m["findings_per_kloc"] == 266.67
    assert m["syntax_errors"] == 0
    assert sorted(f.rule for f in result.findings) == sorted(
        ["F401", "B006", "E722", "E711", "F821", "T100", "W605", "F403", "no-lint-gate"]
    )
    assert {f.path for f in result.findings} == {
        "src/known/bad.py",
        "src/known/star.py",
        "pyproject.toml",  # no-lint-gate
    }
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["F821"].severity is Severity.HIGH
    assert by_rule["F821"].line == 33
    assert by_rule["F821"].help == "https://docs.astral.sh/ruff/rules/undefined-name"
    assert by_rule["F401"].severity is Severity.LOW
    assert by_rule["B006"].severity is Severity.MEDIUM
    ruff_rules = [f for f in result.findings if f.rule != "no-lint-gate"]
    assert all(f.help.startswith("https://docs.astral.sh/ruff/rules/") for f in ruff_rules)
    # 266.67 per KLOC is far past the half-score mark: the density component is 0.
    assert components(result)["findings_per_kloc"] == (3.0, 0.0)
    # No ruff lint table, flake8 or pylint configuration, no hook or CI step: no lint gate.
    assert components(result)["own_config"] == (1.0, 0.0)
    assert result.score == 33.3  # (0 x 3 + 100 + 100 + 0) / 6
    assert result.status is Status.FAILED


def test_report_numbers_equal_ruff_run_by_hand(cache_dir: Path) -> None:
    root = FIXTURES / "lint-known-findings"
    result = run_lint(root, cache_dir)
    sources = build_inventory(root).paths(FileKind.SOURCE)
    # The ASYNC rules ride along for operability's async hygiene; lint never counts them.
    assert fixed_args("py310") == [
        "check", "--isolated", "--no-cache", "--output-format", "json",
        "--select", "B,E4,E7,E9,F,PLE,T10,W6,ASYNC210,ASYNC212,ASYNC220,ASYNC221,"
        "ASYNC222,ASYNC230,ASYNC250,ASYNC251", "--ignore", "B008,B905,F405",
        "--target-version", "py310",
    ]  # fmt: skip
    lint_only = [a.split(",ASYNC", 1)[0] for a in fixed_args("py310")]
    by_hand = ruff_by_hand(root, *lint_only, *sources)
    assert len(by_hand) == result.metrics["findings"] == 8
    ours = sorted(f.rule for f in result.findings if f.rule != "no-lint-gate")
    assert sorted(str(d["code"]) for d in by_hand) == ours


def test_unformatted_files_are_counted_in_shipped_source_only(cache_dir: Path) -> None:
    root = FIXTURES / "lint-unformatted"
    result = run_lint(root, cache_dir)
    assert result.metrics["unformatted_files"] == 2  # tests/test_mess.py is not counted
    assert result.metrics["format_style"] == "default"
    assert rules(result) == [
        ("no-lint-gate", None, None),  # no pyproject.toml to point at
        ("unformatted", "mess/cramped.py", None),
        ("unformatted", "mess/ugly.py", None),
    ]
    assert components(result)["formatting"] == (1.0, 50.0)
    assert result.score == 75.0  # (300 + 100 + 50 + 0) / 6: no lint gate
    by_hand = ruff_by_hand(
        root, "format", "--check", "--isolated", "--no-cache", "--output-format", "json",
        "--target-version", "py311", "mess",
    )  # fmt: skip
    assert sorted(str(d["filename"]) for d in by_hand) == [
        str(root / "mess" / "cramped.py"),
        str(root / "mess" / "ugly.py"),
    ]


def test_own_ruff_config_that_passes_also_sets_the_format_style(cache_dir: Path) -> None:
    # Single quotes and 100 columns: unformatted by ruff's defaults, formatted by its own.
    result = run_lint(FIXTURES / "lint-own-config-passes", cache_dir)
    m = result.metrics
    assert (m["own_linter"], m["own_config_passes"], m["own_config_findings"]) == ("ruff", True, 0)
    assert (m["format_style"], m["unformatted_files"]) == ("ruff", 0)
    assert components(result)["own_config"] == (1.0, 100.0)
    assert result.score == 100.0


def test_own_ruff_config_that_fails_counts_its_violations(cache_dir: Path) -> None:
    root = FIXTURES / "lint-own-config-fails"
    result = run_lint(root, cache_dir)
    m = result.metrics
    # 3 E501 and 2 F401, one of each F401 in widgets/ and tests/: the own gate covers tests.
    assert (m["own_config_passes"], m["own_config_findings"]) == (False, 5)
    assert m["findings"] == 1  # the fixed rule set, shipped source only: the F401
    assert m["source_lines"] == 7
    # 5 violations in 7 lines (714 per KLOC): the floor of a configured but red gate.
    assert components(result)["own_config"] == (1.0, 25.0)
    own = [f for f in result.findings if f.rule == "own-config-fails"]
    assert len(own) == 1
    assert own[0].path == "ruff.toml"
    assert "5 violations (E501 x3, F401 x2)" in own[0].message
    by_hand = ruff_by_hand(root, "check", "--no-cache", "--no-fix", "--output-format", "json", ".")
    assert len(by_hand) == m["own_config_findings"]


def test_broken_own_config_is_a_finding_and_formatting_falls_back(cache_dir: Path) -> None:
    root = FIXTURES / "lint-broken-config"
    result = run_lint(root, cache_dir)
    assert result.status is Status.PASSED  # the code is clean; the gate is worth 1 of 6
    m = result.metrics
    assert (m["own_linter"], m["own_config_passes"], m["own_config_findings"]) == (
        "ruff",
        False,
        None,
    )
    assert m["format_style"] == "default"
    [finding] = [f for f in result.findings if f.rule == "own-config-invalid"]
    assert finding.severity is Severity.HIGH
    assert finding.path == "ruff.toml"
    assert "unknown field `lint-everything`" in finding.message
    assert str(root) not in finding.message  # no absolute paths in results
    assert components(result)["own_config"] == (1.0, 0.0)
    assert result.score == 83.3


def test_syntax_errors_and_newer_syntax_are_high_findings(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-syntax-error", cache_dir)
    m = result.metrics
    assert m["target_version"] == "py38"  # requires-python >=3.8
    assert (m["syntax_errors"], m["files_with_syntax_errors"], m["findings"]) == (3, 2, 3)
    assert [(f.rule, f.path, f.severity) for f in result.findings] == [
        ("invalid-syntax", "legacy/broken.py", Severity.HIGH),
        ("invalid-syntax", "legacy/broken.py", Severity.HIGH),
        ("invalid-syntax", "legacy/newer.py", Severity.HIGH),
        ("no-lint-gate", "pyproject.toml", Severity.LOW),
    ]
    assert "Python 3.8" in result.findings[2].message
    assert "raise requires-python" in result.findings[2].help
    parses = {c.id: c for c in result.components}["parses"]
    assert parses.score == 33.3
    assert "1 of 3 shipped files parse as Python 3.8" in parses.detail
    # The file that does not parse is left out of the formatting share, not counted as bad.
    assert (
        "2 of 2 parseable shipped files formatted"
        in {c.id: c.detail for c in result.components}["formatting"]
    )


def test_black_options_decide_the_format_style(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-black-style", cache_dir)
    assert (result.metrics["format_style"], result.metrics["unformatted_files"]) == ("black", 0)
    assert result.score == 100.0


def test_flake8_only_repository_is_not_measured_for_its_own_gate(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-flake8-only", cache_dir)
    assert result.metrics["own_linter"] == "flake8"
    assert result.metrics["own_config_passes"] is None
    assert "own_config" not in components(result)
    assert "own flake8 config not run" in result.summary


def test_no_shipped_source_is_skipped(cache_dir: Path) -> None:
    result = run_lint(FIXTURES / "lint-no-source", cache_dir)
    assert result.status is Status.SKIPPED
    assert result.score is None
    assert result.reason == "no shipped Python source to lint"


def test_through_the_cli(cache_dir: Path) -> None:
    code, report = check_json(
        FIXTURES / "lint-known-findings", "--select", "lint", cache_dir=cache_dir
    )
    lint = check_result(report, "lint")
    assert (lint["status"], lint["score"], lint["metrics"]["findings"]) == ("failed", 33.3, 8)
    assert lint["metrics"]["ruleset"] == RULESET
    findings = [f for f in report["findings"] if f["check"] == "lint"]
    assert len(findings) == 9  # 8 of the rule set and no-lint-gate
    assert set(findings[0]) >= {"rule", "severity", "path", "line", "message", "help"}
    assert code == 0  # no gate thresholds set
