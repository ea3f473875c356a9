"""Start-up stays cheap: what a run imports depends on what it does (no timings asserted).

A warm pre-commit run is mostly interpreter start-up and imports, so a module-level import
of rich, PyYAML or another checker's module in the wrong place would quietly slow every
run; these tests name the modules instead of timing them.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import FIXTURES

# Modules only some paths need: the terminal report, YAML (ci), packaging (several
# checkers), importlib.metadata (plugins, the version), and every built-in checker.
WATCHED = (
    "rich",
    "yaml",
    "packaging",
    "importlib.metadata",
    *(
        f"pyreadiness.checkers.{c}"
        for c in ("ci", "dependencies", "lint", "security", "tests", "typing", "vulnerabilities")
    ),
)

# Runs the command line in this process, then prints which watched modules were imported.
PROBE = """
import json, sys
from pyreadiness.cli import main
sys.argv = ["pyreadiness", *json.loads(sys.argv[1])]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "imported": sorted(m for m in WATCHED if m in sys.modules)}),
      file=sys.stderr)
"""


def _imported_by(*args: str) -> tuple[int, list[str], str]:
    """Exit code, watched modules imported, and stdout of ``pyreadiness ARGS``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYREADINESS_")}
    code = f"WATCHED = {list(WATCHED)!r}\n{PROBE}"
    proc = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    last = proc.stderr.strip().splitlines()[-1]
    outcome = json.loads(last)
    return outcome["code"], outcome["imported"], proc.stdout


def test_importing_the_command_line_imports_no_optional_dependency() -> None:
    code = (
        "import json, sys, pyreadiness.cli\n"
        f"print(json.dumps(sorted(m for m in {list(WATCHED)!r} if m in sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(proc.stdout) == []


def test_help_reads_no_metadata_and_no_checker() -> None:
    code, imported, stdout = _imported_by("--help")
    assert code == 0
    assert "Usage:" in stdout
    assert imported == []


def test_a_quiet_json_run_imports_only_the_selected_checker(cache_dir: Path) -> None:
    code, imported, stdout = _imported_by(
        "check",
        str(FIXTURES / "tests-pytest-basic"),
        "-f",
        "json",
        "-q",
        "--cache-dir",
        str(cache_dir),
        "--select",
        "tests",
    )
    assert code == 0
    assert [c["id"] for c in json.loads(stdout)["checks"]] == ["tests"]
    # importlib.metadata lists the entry points. The tests checker reads tox/nox/make tasks
    # with the ci checker's parsers (a task running the suite is test configuration), but
    # never PyYAML, rich or packaging.
    assert imported == [
        "importlib.metadata",
        "pyreadiness.checkers.ci",
        "pyreadiness.checkers.tests",
    ]


def test_the_version_is_read_on_first_use_and_is_the_installed_one(cache_dir: Path) -> None:
    import pyreadiness

    installed = importlib.metadata.version("pyreadiness")
    assert pyreadiness.__version__ == installed
    code, _, stdout = _imported_by("--version")
    assert code == 0
    assert stdout.strip() == f"pyreadiness {installed}"
    _, _, stdout = _imported_by(
        "check",
        str(FIXTURES / "tests-pytest-basic"),
        "-f",
        "json",
        "-q",
        "--cache-dir",
        str(cache_dir),
        "--select",
        "tests",
    )
    assert json.loads(stdout)["tool"]["version"] == installed


def test_ci_and_lint_import_their_parsers_only_when_they_run() -> None:
    # A warm run answers both from the cache through cache_inputs(): no YAML, no packaging.
    code = (
        "import sys, pyreadiness.checkers.ci, pyreadiness.checkers.lint\n"
        "print(sorted(m for m in ('yaml', 'packaging') if m in sys.modules))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip() == "[]"
