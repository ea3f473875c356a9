"""Checker options: declared by the checker, set under [tool.pyreadiness.checks.<id>],
validated like our own keys (exit 2 naming the key), handed over in ``ctx.options``."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.checkers.options import OptionSpec, resolve_options
from pyreadiness.errors import UsageError
from tests.helpers import run_cli

SPECS = {
    "limit": OptionSpec(kind="integer", help="how many", default=3),
    "ratio": OptionSpec(kind="number", help="how much"),
    "names": OptionSpec(kind="strings", help="which", default=()),
    "strict": OptionSpec(kind="boolean", help="whether", default=False),
    "mirror": OptionSpec(kind="path", help="where", repository=False),
}


def test_defaults_then_repository_then_caller() -> None:
    assert resolve_options("demo", SPECS) == {
        "limit": 3,
        "ratio": None,
        "names": (),
        "strict": False,
        "mirror": None,
    }
    resolved = resolve_options(
        "demo", SPECS, {"limit": 5, "names": ["a"], "ratio": 1}, {"limit": 7, "mirror": "/m"}
    )
    assert resolved == {
        "limit": 7,
        "ratio": 1.0,
        "names": ("a",),
        "strict": False,
        "mirror": Path("/m"),
    }


@pytest.mark.parametrize(
    ("repository", "message"),
    [
        ({"limt": 1}, "[tool.pyreadiness.checks.demo] limt: unknown option (options of demo: "),
        ({"limit": "3"}, "[tool.pyreadiness.checks.demo] limit: expected integer, got str '3'"),
        ({"limit": True}, "[tool.pyreadiness.checks.demo] limit: expected integer, got bool"),
        ({"names": "a"}, "[tool.pyreadiness.checks.demo] names: expected a list of strings"),
        ({"mirror": "/m"}, "[tool.pyreadiness.checks.demo] mirror: only the command line"),
    ],
)
def test_bad_repository_options_name_the_key(repository: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_options("demo", SPECS, repository, where="x/pyproject.toml")
    assert str(caught.value).startswith("x/pyproject.toml: " + message)


def _repo(tmp_path: Path, table: str) -> Path:
    tmp_path.mkdir()
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{table}\n")
    (tmp_path / "x.py").write_text("X = 1\n")
    return tmp_path


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "[tool.pyreadiness.checks.lint]\ncolour = 1",
            "[tool.pyreadiness.checks.lint] colour: unknown option (options of lint: none)",
        ),
        (
            "[tool.pyreadiness.checks.vulnerabilities]\ndb = '/elsewhere'",
            "[tool.pyreadiness.checks.vulnerabilities] db: only the command line may set it",
        ),
        (
            "[tool.pyreadiness.checks.nope]\nx = 1",
            "[tool.pyreadiness.checks]: unknown check 'nope'",
        ),
        ("[tool.pyreadiness]\nchecks = 3", "[tool.pyreadiness] checks: expected a table"),
    ],
)
def test_cli_exits_2_naming_the_option(
    table: str, message: str, tmp_path: Path, cache_dir: Path
) -> None:
    run = run_cli("check", _repo(tmp_path / "r", table), "-q", "--cache-dir", cache_dir)
    assert run.code == 2, run.stderr
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_explain_lists_a_checkers_options() -> None:
    run = run_cli("explain", "vulnerabilities")
    assert run.code == 0, run.stderr
    assert "Options ([tool.pyreadiness.checks.vulnerabilities] in pyproject.toml):" in run.stdout
    assert "  db (path; command line only): local OSV mirror" in run.stdout
