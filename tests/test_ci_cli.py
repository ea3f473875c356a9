"""The ci checker through the real command line: report shape, caching, bad input, safety."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import FIXTURES, check_json, check_result, run_cli, tree_digest

ONLY = ("--select", "ci")


def ci_findings(report: dict[str, Any]) -> list[tuple[str, str, str | None, int | None]]:
    return [
        (f["rule"], f["severity"], f["path"], f["line"])
        for f in report["findings"]
        if f["check"] == "ci"
    ]


def test_cli_reports_metrics_components_and_findings(cache_dir: Path) -> None:
    code, report = check_json(
        FIXTURES / "ci-github-unsafe", "--select", "ci,security-process", cache_dir=cache_dir
    )
    assert code == 0
    result = check_result(report, "ci")
    assert result["pillar"] == "delivery"
    assert result["status"] == "passed"
    assert result["score"] == 80.0
    assert result["metrics"]["systems"] == ["github-actions"]
    assert (result["metrics"]["runs_tests"], result["metrics"]["runs_lint"]) == (True, True)
    assert result["metrics"]["runs_typecheck"] is False
    assert [c["id"] for c in result["components"]] == [
        "ci-present",
        "runs-tests",
        "runs-lint",
        "runs-typecheck",
    ]
    assert sorted(ci_findings(report)) == [
        ("ci-no-typecheck", "low", ".github/workflows/ci.yml", None),
    ]
    # Each signal counted once: the workflow supply chain is in the security pillar.
    process = check_result(report, "security-process")
    assert process["pillar"] == "security"
    assert sorted(
        (f["rule"], f["severity"], f["path"], f["line"])
        for f in report["findings"]
        if f["check"] == "security-process"
    ) == [
        ("ci-action-unpinned", "medium", ".github/workflows/ci.yml", 8),
        ("ci-action-unpinned", "medium", ".github/workflows/ci.yml", 10),
        ("ci-action-unpinned", "medium", ".github/workflows/pr-lint.yml", 13),
        ("ci-permissions-broad", "medium", ".github/workflows/pr-lint.yml", 5),
        ("ci-permissions-missing", "medium", ".github/workflows/ci.yml", None),
        ("ci-pr-target-checkout", "high", ".github/workflows/pr-lint.yml", 10),
        ("no-security-scanning", "medium", ".github/workflows/ci.yml", None),
    ]


def test_no_ci_is_a_failed_zero(cache_dir: Path) -> None:
    _, report = check_json(FIXTURES / "ci-none", *ONLY, cache_dir=cache_dir)
    result = check_result(report, "ci")
    assert (result["status"], result["score"]) == ("failed", 0.0)
    assert ci_findings(report) == [("ci-missing", "high", None, None)]


def test_malformed_ci_yaml_is_a_finding_never_a_traceback(cache_dir: Path) -> None:
    run = run_cli(
        "check",
        FIXTURES / "ci-malformed-yaml",
        "--format",
        "json",
        "--cache-dir",
        cache_dir,
        *ONLY,
    )
    assert "Traceback" not in run.stderr
    assert run.code == 0
    report = run.json()
    result = check_result(report, "ci")
    assert (result["status"], result["score"]) == ("failed", 60.0)  # (10 + 35) of 75
    assert result["metrics"]["runs_tests"] is True
    assert ("ci-yaml-invalid", "medium", ".github/workflows/broken.yml", 3) in ci_findings(report)
    assert ("ci-config-invalid", "medium", ".gitlab-ci.yml", 1) in ci_findings(report)


@pytest.mark.slow
def test_cached_result_is_reused_and_invalidated_by_followed_files(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "ci-indirect", root)
    _, first = check_json(root, *ONLY, cache_dir=cache_dir)
    _, again = check_json(root, *ONLY, cache_dir=cache_dir)
    assert first["timings"]["checks"]["ci"]["cached"] is False
    assert again["timings"]["checks"]["ci"]["cached"] is True
    assert check_result(again, "ci") == check_result(first, "ci")
    assert check_result(first, "ci")["metrics"]["runs_tests"] is True

    # The Makefile is followed from `make test`: changing it changes the result.
    makefile = root / "Makefile"
    makefile.write_text(makefile.read_text().replace("-m pytest -q tests", "--version"))
    _, changed = check_json(root, *ONLY, cache_dir=cache_dir)
    assert changed["timings"]["checks"]["ci"]["cached"] is False
    assert check_result(changed, "ci")["metrics"]["runs_tests"] is False

    # So does a script a step runs.
    script = root / "scripts" / "check.sh"
    script.write_text("#!/bin/sh\nset -e\necho nothing\n")
    _, scripted = check_json(root, *ONLY, cache_dir=cache_dir)
    assert scripted["timings"]["checks"]["ci"]["cached"] is False
    evidence = check_result(scripted, "ci")["metrics"]["evidence"]
    assert not any("pyright" in line for line in evidence)


def test_nothing_is_run_or_written_in_the_scanned_repository(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "ci-indirect", root)
    noxfile = root / "noxfile.py"
    noxfile.write_text(
        'import pathlib\npathlib.Path("IMPORTED").write_text("x")\n' + noxfile.read_text()
    )
    (root / "scripts" / "check.sh").write_text("#!/bin/sh\ntouch RAN\npyright src\n")
    before = tree_digest(root)
    _, report = check_json(root, *ONLY, cache_dir=cache_dir)
    assert check_result(report, "ci")["metrics"]["runs_typecheck"] is True
    assert tree_digest(root) == before


@pytest.mark.slow
def test_report_is_deterministic(tmp_path: Path) -> None:
    results = []
    for name in ("one", "two"):
        _, report = check_json(FIXTURES / "ci-indirect", *ONLY, cache_dir=tmp_path / name)
        results.append((check_result(report, "ci"), ci_findings(report)))
    assert results[0] == results[1]


def test_extensionless_scripts_with_variable_prefixes_are_followed(cache_dir: Path) -> None:
    # encode/httpx runs `scripts/check` and `scripts/test`, whose commands read
    # `${PREFIX}mypy ...` and `${PREFIX}coverage run -m pytest`.
    _, report = check_json(
        FIXTURES / "ci-extensionless-scripts", "--select", "ci", cache_dir=cache_dir
    )
    metrics = check_result(report, "ci")["metrics"]
    assert (metrics["runs_tests"], metrics["runs_lint"], metrics["runs_typecheck"]) == (
        True,
        True,
        True,
    )
