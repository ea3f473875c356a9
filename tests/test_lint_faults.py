"""A ruff that floods, answers oddly or is too old: a clear result, never a crash.

Each case is a real executable named in PYREADINESS_TOOL_RUFF, as a user could set it. A
ruff that is missing, crashes, is killed or hangs: tests/test_tool_faults.py, with the
other tool-running checkers.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from pyreadiness.checkers.lint import LintChecker
from pyreadiness.checkers.lint.ruff import locate_ruff
from pyreadiness.model import CheckResult, Status
from pyreadiness.testing import run_checker
from tests.helpers import FIXTURES, check_json, check_result, tree_digest

REAL_RUFF = locate_ruff().argv[0]


def run_lint(root: Path, cache: Path, *, timeout: float = 60) -> CheckResult:
    return run_checker(LintChecker, root, cache_dir=cache, tool_timeout=timeout)


def fake_ruff(tmp_path: Path, body: str, *, version: str = "0.17.6") -> Path:
    """A shell script standing in for ruff: answers --version, then runs ``body``."""
    script = tmp_path / "fake-ruff"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--version" ]; then echo "ruff {version}"; exit 0; fi\n' + body + "\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.slow
def test_hanging_ruff_through_the_cli_leaves_the_other_checks_running(
    cache_dir: Path, tmp_path: Path
) -> None:
    script = fake_ruff(tmp_path, "sleep 60")
    code, report = check_json(
        FIXTURES / "lint-clean",
        "--select",
        "lint,tests",
        "--timeout",
        "1",
        cache_dir=cache_dir,
        env={"PYREADINESS_TOOL_RUFF": str(script)},
    )
    lint = check_result(report, "lint")
    assert (lint["status"], lint["reason"]) == ("error", "ruff: timed out after 1s")
    assert check_result(report, "tests")["status"] in ("passed", "failed")
    assert code == 0


def test_huge_unparseable_output_is_an_error(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # 8 MB of junk on stdout, then the exit code of "violations found".
    script = fake_ruff(tmp_path, "head -c 8000000 /dev/zero | tr '\\0' 'x'; exit 1")
    monkeypatch.setenv("PYREADINESS_TOOL_RUFF", str(script))
    result = run_lint(FIXTURES / "lint-clean", cache_dir)
    assert result.status is Status.ERROR
    assert result.reason.startswith("ruff: could not parse ruff output (8000000 characters)")


def test_json_of_the_wrong_shape_is_an_error(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PYREADINESS_TOOL_RUFF", str(fake_ruff(tmp_path, "echo '{}'")))
    result = run_lint(FIXTURES / "lint-clean", cache_dir)
    assert result.status is Status.ERROR
    assert result.reason == "ruff: could not parse ruff output: a JSON dict"


def test_unrecognised_version_output_is_an_error(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = tmp_path / "odd-ruff"
    script.write_text("#!/bin/sh\necho 'flake9 1.0'\n")
    script.chmod(0o755)
    monkeypatch.setenv("PYREADINESS_TOOL_RUFF", str(script))
    result = run_lint(FIXTURES / "lint-clean", cache_dir)
    assert result.status is Status.ERROR
    assert result.reason == "ruff: unrecognised --version output: 'flake9 1.0'"


def test_ruff_too_old_for_format_json_still_lints(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = fake_ruff(tmp_path, f'exec "{REAL_RUFF}" "$@"', version="0.15.2")
    monkeypatch.setenv("PYREADINESS_TOOL_RUFF", str(script))
    result = run_lint(FIXTURES / "lint-unformatted", cache_dir)
    assert result.status is Status.PASSED
    assert result.reason == "formatting not measured: ruff 0.15.2 is older than 0.16"
    assert result.metrics["unformatted_files"] is None
    assert result.metrics["findings"] == 0
    assert [c.id for c in result.components] == ["findings_per_kloc", "parses", "own_config"]


@pytest.mark.parametrize(
    "fixture", ["lint-own-config-fails", "lint-known-findings", "lint-syntax-error"]
)
@pytest.mark.slow
def test_nothing_is_written_into_the_scanned_repository(
    fixture: str, cache_dir: Path, tmp_path: Path
) -> None:
    # lint-own-config-fails sets `fix = true` with fixable violations: ruff must not apply it.
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / fixture, root)
    before = tree_digest(root)
    code, report = check_json(root, "--select", "lint", cache_dir=cache_dir)
    assert check_result(report, "lint")["status"] in ("passed", "failed")
    assert code == 0
    assert tree_digest(root) == before
    assert not (root / ".ruff_cache").exists()


def test_awkward_file_names_keep_their_findings(cache_dir: Path, tmp_path: Path) -> None:
    # Names that look like options, contain spaces, or are not valid UTF-8: each file has
    # exactly one finding, and each must come back under its own path.
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    names = ["--version.py", "pkg/-x.py", "pkg/sp ace.py", os.fsdecode(b"pkg/caf\xe9.py")]
    for name in names:
        (root / name).write_text("import os\n")
    result = run_lint(root, cache_dir)
    assert result.metrics["findings"] == 4
    assert sorted((f.rule, f.path) for f in result.findings if f.rule == "F401") == sorted(
        ("F401", name) for name in names
    )
