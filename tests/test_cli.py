"""The command line as a user meets it: version, help, listing and explaining checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, run_cli

BUILTINS = (
    "ci",
    "dependencies",
    "lint",
    "project",
    "security",
    "tests",
    "typing",
    "vulnerabilities",
)


def test_version_prints_the_installed_version() -> None:
    from pyreadiness import __version__

    run = run_cli("--version")
    assert run.code == 0
    assert run.stdout.strip() == f"pyreadiness {__version__}"


@pytest.mark.slow
def test_every_command_has_help() -> None:
    for command in ("check", "checks", "explain"):
        run = run_cli(command, "--help")
        assert run.code == 0, (command, run.stderr)
        assert "Usage:" in run.stdout


def test_check_help_documents_exit_codes() -> None:
    out = run_cli("check", "--help").stdout
    for text in ("0 gate passed", "1 gate failed", "2 usage error"):
        assert text in " ".join(out.split()), text


@pytest.mark.slow
def test_checks_lists_every_builtin_with_its_package() -> None:
    run = run_cli("checks")
    assert run.code == 0
    lines = {line.split()[0]: line for line in run.stdout.splitlines()[1:] if line.strip()}
    for check_id in BUILTINS:
        assert check_id in lines, run.stdout
        assert "pyreadiness" in lines[check_id]
    assert "failed to load" not in run.stdout


@pytest.mark.slow
def test_explain_prints_the_checker_documentation() -> None:
    run = run_cli("explain", "tests")
    assert run.code == 0
    assert run.stdout.startswith("tests: ")
    assert "pillar: testing" in run.stdout
    assert len(run.stdout.splitlines()) > 5  # the docstring, not just the title


@pytest.mark.slow
def test_explain_unknown_check_is_a_usage_error() -> None:
    run = run_cli("explain", "nonsense")
    assert run.code == 2
    assert "unknown check 'nonsense'" in run.stderr
    assert "Traceback" not in run.stderr


def test_unknown_option_is_exit_2() -> None:
    run = run_cli("check", ".", "--no-such-option")
    assert run.code == 2
    assert "No such option" in run.stderr


def test_unknown_select_id_is_exit_2_naming_it(tmp_path: object) -> None:
    run = run_cli("check", ".", "--select", "tests,bogus")
    assert run.code == 2
    assert "unknown check 'bogus'" in run.stderr


def test_output_with_an_unknown_format_prefix_is_a_usage_error(tmp_path: Path) -> None:
    # `-o jsno:r.json` used to write a file literally named "jsno:r.json".
    result = run_cli(
        "check", FIXTURES / "core-no-python", "--offline", "-o", "jsno:r.json", cwd=tmp_path
    )
    assert result.code == 2
    assert "unknown format 'jsno'" in result.stderr
    assert "json" in result.stderr and "sarif" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_output_file_name_with_a_colon_is_written_when_spelled_as_a_path(tmp_path: Path) -> None:
    result = run_cli(
        "check",
        FIXTURES / "core-no-python",
        "--offline",
        "-f",
        "json",
        "-o",
        "./a:b.json",
        "--cache-dir",
        tmp_path / "cache",
        cwd=tmp_path,
    )
    assert result.code == 0, result.stderr
    assert json.loads((tmp_path / "a:b.json").read_text())["schema_version"]
