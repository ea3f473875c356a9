"""Bad input: a clear one-line message, a documented exit code, never a traceback.

Exit 2 is only for our own usage errors; problems of the scanned repository are findings.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, check_json, check_result, run_cli

FAST = ("--select", "tests,ci,dependencies")  # checkers with no external tool: quick


def _one_line_error(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("pyreadiness: error: ")
    return lines[0]


@pytest.mark.slow
def test_missing_path_is_exit_2(tmp_path: Path) -> None:
    run = run_cli("check", tmp_path / "nope")
    assert run.code == 2
    assert "path does not exist" in _one_line_error(run.stderr)


@pytest.mark.slow
def test_file_instead_of_folder_is_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "file.py"
    target.write_text("x = 1\n")
    run = run_cli("check", target)
    assert run.code == 2
    assert "not a folder" in _one_line_error(run.stderr)


@pytest.mark.slow
def test_empty_folder_measures_nothing_and_says_so(tmp_path: Path, cache_dir: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, report = check_json(empty, *FAST, cache_dir=cache_dir)
    assert code == 0
    assert report["score"] is None
    assert report["grade"] is None
    assert [f["rule"] for f in report["findings"]] == ["discovery/no-python"]
    assert all(c["status"] != "error" for c in report["checks"])


@pytest.mark.slow
def test_folder_without_python_reports_no_python(cache_dir: Path) -> None:
    code, report = check_json(FIXTURES / "core-no-python", *FAST, cache_dir=cache_dir)
    assert code == 0
    assert "discovery/no-python" in {f["rule"] for f in report["findings"]}
    assert check_result(report, "tests")["status"] == "skipped"


@pytest.mark.slow
def test_gate_on_unmeasurable_score_fails(tmp_path: Path, cache_dir: Path) -> None:
    empty = tmp_path / "empty"  # beside the cache: a cache inside the target is refused
    empty.mkdir()
    code, report = check_json(empty, *FAST, "--fail-under", "1", cache_dir=cache_dir)
    assert code == 1
    assert report["gate"]["reasons"] == ["overall score could not be measured (needs 1)"]


@pytest.mark.slow
def test_malformed_pyproject_is_a_finding_not_an_error(cache_dir: Path) -> None:
    code, report = check_json(FIXTURES / "core-malformed-pyproject", *FAST, cache_dir=cache_dir)
    # The broken file's [tool.pyreadiness] (fail-under = 10) cannot be read: no gate applies.
    assert code == 0
    found = [f for f in report["findings"] if f["rule"] == "discovery/malformed-pyproject"]
    assert len(found) == 1
    assert found[0]["path"] == "pyproject.toml"
    assert found[0]["line"] == 8
    assert found[0]["severity"] == "high"


@pytest.mark.slow
def test_unknown_config_key_is_exit_2_naming_key_and_file() -> None:
    target = FIXTURES / "core-bad-config-key"
    run = run_cli("check", target)
    assert run.code == 2
    line = _one_line_error(run.stderr)
    assert "fail_under" in line
    assert str(target / "pyproject.toml") in line
    assert "did you mean 'fail-under'" in line


def test_wrong_config_type_is_exit_2_naming_key() -> None:
    run = run_cli("check", FIXTURES / "core-bad-config-type")
    assert run.code == 2
    line = _one_line_error(run.stderr)
    assert "fail-under" in line
    assert "expected a number" in line


@pytest.mark.slow
def test_broken_python_files_never_crash_a_check(cache_dir: Path) -> None:
    code, report = check_json(
        FIXTURES / "core-broken-python", "--offline", "--timeout", "120", cache_dir=cache_dir
    )
    assert code == 0
    broken = {c["id"]: c for c in report["checks"] if c["status"] == "error"}
    assert broken == {}, broken


@pytest.mark.slow
def test_symlinks_that_loop_or_escape_are_reported_not_followed(
    tmp_path: Path, cache_dir: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "core-config-gate", repo)
    (repo / "loop_a.py").symlink_to("loop_b.py")
    (repo / "loop_b.py").symlink_to("loop_a.py")
    (repo / "escape.py").symlink_to("/etc/passwd")
    (repo / "dirloop").symlink_to(repo)  # a folder pointing at its own parent
    (repo / "inside.py").symlink_to("gatepkg/__init__.py")
    code, report = check_json(repo, "--select", "tests,ci", cache_dir=cache_dir)
    assert code == 1  # the fixture's own gate
    unreadable = {
        f["path"]: f["message"] for f in report["findings"] if f["rule"] == "discovery/unreadable"
    }
    assert set(unreadable) == {"loop_a.py", "loop_b.py", "escape.py"}
    assert "outside the repository" in unreadable["escape.py"]
    assert report["target"]["files"] == 3  # pyproject.toml, gatepkg/__init__.py, inside.py


@pytest.mark.slow
def test_a_fifo_named_py_does_not_hang(tmp_path: Path, cache_dir: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "core-config-gate", repo)
    os.mkfifo(repo / "pipe.py")
    run = run_cli(
        "check", repo, "--select", "tests,ci", "-f", "json", "--cache-dir", cache_dir, timeout=60
    )
    assert run.code == 1
    assert "pipe.py" not in run.stdout


def test_unreadable_file_is_a_finding(tmp_path: Path, cache_dir: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "core-config-gate", repo)
    secret = repo / "gatepkg" / "locked.py"
    secret.write_text("x = 1\n")
    secret.chmod(0)
    argv = [
        sys.executable,
        "-m",
        "pyreadiness",
        "check",
        str(repo),
        "--select",
        "tests,ci",
        "-f",
        "json",
        "--cache-dir",
        str(cache_dir),
    ]
    if os.geteuid() == 0:
        # root reads anything; drop the capabilities that let it, so the file is really unreadable
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        caps = "-dac_override,-dac_read_search"
        argv = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", *argv]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    assert {
        (f["rule"], f["path"], f["message"])
        for f in findings
        if f["rule"] == "discovery/unreadable"
    } == {("discovery/unreadable", "gatepkg/locked.py", "cannot read: permission denied, ignored")}


@pytest.mark.slow
def test_bad_min_option_is_exit_2() -> None:
    run = run_cli("check", ".", "--min", "security")
    assert run.code == 2
    assert "expected PILLAR=N" in _one_line_error(run.stderr)
    run = run_cli("check", ".", "--min", "nonsense=3")
    assert run.code == 2
    assert "unknown pillar 'nonsense'" in _one_line_error(run.stderr)


@pytest.mark.slow
def test_file_names_that_are_not_utf8_are_reported_safely(tmp_path: Path, cache_dir: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg" / "ok.py").write_text("def f() -> int:\n    return 1\n")
    os.close(os.open(os.fsencode(repo / "pkg") + b"/caf\xe9.py", os.O_CREAT | os.O_WRONLY))
    code, report = check_json(repo, "--select", "tests", cache_dir=cache_dir)
    assert code == 0
    rich = run_cli("check", repo, "--select", "tests", "--cache-dir", cache_dir)
    assert rich.code == 0
    assert "Traceback" not in rich.stderr
    assert report["target"]["files"] == 2
