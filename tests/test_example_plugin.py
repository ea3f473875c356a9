"""examples/plugin, installed into a fresh virtual environment and run end to end.

The plugin is built and installed by pip (no network: ``--no-deps --no-build-isolation``,
its build backend flit_core comes from our test environment), so this exercises the real
plugin path: an entry point in another distribution, its options read from the scanned
repository, its findings in the JSON and SARIF reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ROOT, validate_report

EXAMPLE = ROOT / "examples" / "plugin"


@pytest.fixture(scope="module")
def plugin_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a new venv that sees our environment (pyreadiness, its tools) and has
    the example plugin installed by pip."""
    env_dir = tmp_path_factory.mktemp("plugin-venv")
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # Our site-packages as a site directory of the new venv: its .pth files (the editable
    # pyreadiness) are processed too.
    ours = sysconfig.get_paths()["purelib"]
    Path(purelib, "_pyreadiness_tests.pth").write_text(f"import site; site.addsitedir({ours!r})\n")
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            EXAMPLE,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if installed.returncode != 0:  # say why: a bare CalledProcessError hides pip's words
        pytest.fail(f"pip could not install examples/plugin:\n{installed.stderr}")
    return python


def _check(python: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python, "-m", "pyreadiness", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "NO_COLOR": "1",
            "COLUMNS": "200",
            "PYTHONDONTWRITEBYTECODE": "1",
            # The temporary user cache the test session set up, never the real one.
            "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        },
    )


def test_the_plugin_is_listed(plugin_python: Path) -> None:
    run = _check(plugin_python, "checks")
    assert run.returncode == 0, run.stderr
    assert "todos" in run.stdout
    assert "pyreadiness-todos 1.0.0" in run.stdout


def test_findings_reach_json_and_sarif(plugin_python: Path, tmp_path: Path) -> None:
    sarif_file = tmp_path / "report.sarif"
    run = _check(
        plugin_python,
        "check",
        FIXTURES / "plugin-todos",
        "--select",
        "todos",
        "-f",
        "json",
        "-o",
        f"sarif:{sarif_file}",
        "--cache-dir",
        tmp_path / "cache",
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    validate_report(report)
    (check,) = report["checks"]
    # fixtures/plugin-todos sets markers (HACK added) and half-at = 200: 2 markers in 10
    # lines are 200 per KLOC, half marks.
    assert (check["id"], check["pillar"], check["package"]) == (
        "todos",
        "maintainability",
        "pyreadiness-todos",
    )
    assert (check["status"], check["score"]) == ("failed", 50.0)
    assert [(f["rule"], f["path"], f["line"]) for f in report["findings"]] == [
        ("todos/marker", "src/shop/cart.py", 5),
        ("todos/marker", "src/shop/cart.py", 10),
    ]
    assert [p["id"] for p in report["pillars"] if p["score"] is not None] == ["maintainability"]
    results = json.loads(sarif_file.read_text("utf-8"))["runs"][0]["results"]
    assert sorted(
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results
    ) == [("todos/marker", 5), ("todos/marker", 10)]


def test_a_bad_plugin_option_exits_2_naming_it(plugin_python: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "pyproject.toml").write_text("[tool.pyreadiness.checks.todos]\nhalf-at = 'ten'\n")
    run = _check(plugin_python, "check", repo, "--select", "todos", "-q")
    assert run.returncode == 2
    assert "[tool.pyreadiness.checks.todos] half-at: expected number, got str 'ten'" in run.stderr


@pytest.mark.slow
def test_the_plugin_own_tests_pass(plugin_python: Path) -> None:
    """The example's tests, written with pyreadiness.testing, run as its author would."""
    run = subprocess.run(
        [plugin_python, "-m", "pytest", "-q", "-p", "no:cacheprovider", EXAMPLE / "tests"],
        capture_output=True,
        text=True,
        check=False,
        cwd=EXAMPLE,
    )
    assert run.returncode == 0, run.stdout + run.stderr
