"""The baseline round trip and --new-since through the real command line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pyreadiness.baseline.changed_lines import parse_diff
from tests.helpers import FIXTURES, run_cli, tree_digest, validate_report

EVERY = FIXTURES / "report-every-checker"
OSV = FIXTURES / "report-every-checker-osv"
APP = "src/everychecker/app.py"


def _check(repo: Path, cache_dir: Path, *args: str | Path) -> tuple[int, dict[str, Any], str]:
    run = run_cli("check", repo, "-q", "-f", "json", "--cache-dir", cache_dir, *args)
    assert run.stdout, f"exit {run.code}, stderr:\n{run.stderr}"
    report = run.json()
    validate_report(report)
    return run.code, report, run.stderr


@pytest.mark.slow
def test_baseline_round_trip(tmp_path: Path, cache_dir: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EVERY, repo)
    base = tmp_path / "base.json"
    before = tree_digest(repo)
    made = run_cli("baseline", repo, "-q", "-o", base, "--vuln-db", OSV, "--cache-dir", cache_dir)
    assert made.code == 0, made.stderr
    assert f"wrote {base}" in made.stdout
    assert tree_digest(repo) == before  # the baseline goes where it was asked, not the repo
    accepted = json.loads(base.read_text(encoding="utf-8"))
    assert accepted["findings"], "the fixture has findings to accept"
    gate = ("--baseline", base, "--vuln-db", OSV)

    # 1. Nothing changed: the gate passes although the repository has findings.
    code, report, _ = _check(repo, cache_dir, *gate)
    assert code == 0, report["gate"]
    assert report["gate"]["reasons"] == [
        "no new findings and no score drop beyond 2 points against the baseline"
    ]
    assert report["baseline"]["passed"] is True
    assert report["baseline"]["tolerance"] == 2.0
    assert (report["baseline"]["new"], report["baseline"]["fixed"]) == ([], [])
    assert report["baseline"]["unchanged"] == len(accepted["findings"])
    assert report["baseline"]["scores"][0] == {
        "name": "overall",
        "before": accepted["score"],
        "after": report["score"],
        "change": 0.0,
    }

    # 2. One new finding, inserted at the top so every other finding moves down a line:
    #    only the new one is reported, by name.
    app = repo / APP
    original = app.read_text(encoding="utf-8")
    app.write_text("import sys\n" + original, encoding="utf-8")
    md = tmp_path / "summary.md"
    code, report, _ = _check(repo, cache_dir, *gate, "-o", f"markdown:{md}")
    assert code == 1
    reasons = report["gate"]["reasons"]
    assert "1 new finding(s) not in the baseline" in reasons
    assert f"new: F401 at {APP}:1: `sys` imported but unused" in reasons
    assert [r for r in reasons if r.startswith("new:")] == [
        f"new: F401 at {APP}:1: `sys` imported but unused"
    ]
    summary = md.read_text(encoding="utf-8")
    assert "### Changes since baseline" in summary
    assert "**New findings (1)**" in summary
    (new,) = report["baseline"]["new"]
    assert (new["rule"], new["path"], new["line"]) == ("F401", APP, 1)
    assert len(new["fingerprint"]) > 16
    assert report["baseline"]["passed"] is False

    # 3. Fixed: the new finding gone and an old one fixed too; the fix is listed.
    app.write_text(original.replace("import os\n", ""), encoding="utf-8")
    code, report, _ = _check(repo, cache_dir, *gate, "-o", f"markdown:{md}")
    assert code == 0, report["gate"]
    summary = md.read_text(encoding="utf-8")
    assert "**Fixed findings (1)**" in summary
    (fixed,) = report["baseline"]["fixed"]
    assert (fixed["rule"], fixed["path"], fixed["message"]) == (
        "F401",
        APP,
        "`os` imported but unused",
    )
    assert f"- F401 at `{APP}:1`: \\`os\\` imported but unused" in summary


@pytest.mark.slow
def test_baseline_and_thresholds_both_apply(tmp_path: Path, cache_dir: Path) -> None:
    base = tmp_path / "base.json"
    repo = FIXTURES / "lint-known-findings"
    assert run_cli("baseline", repo, "-q", "-o", base, "--select", "lint").code == 0
    code, report, _ = _check(
        repo, cache_dir, "--select", "lint", "--baseline", base, "--fail-under", "99"
    )
    assert code == 1
    assert report["gate"]["reasons"] == [f"overall score {report['score']:g} is below 99"]


def test_bad_baseline_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "base.json"
    bad.write_text("{}", encoding="utf-8")
    run = run_cli("check", FIXTURES / "lint-known-findings", "--baseline", bad)
    assert run.code == 2
    assert "is not a pyreadiness baseline: schema_version None is not supported" in run.stderr
    assert "Traceback" not in run.stderr


# -- --new-since ---------------------------------------------------------------------------

GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def _git(repo: Path, *args: str) -> None:
    import os

    subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


def test_parse_diff_ranges_new_deleted_binary_and_quoted_files() -> None:
    diff = "\n".join(
        [
            "diff --git a/src/a.py b/src/a.py",
            "--- a/src/a.py",
            "+++ b/src/a.py",
            "@@ -3,0 +4,2 @@ def f():",
            "+x",
            "+y",
            "@@ -10 +12 @@",
            "-old",
            "+new",
            "@@ -20,3 +21,0 @@",
            "diff --git a/gone.py b/gone.py",
            "--- a/gone.py",
            "+++ /dev/null",
            "@@ -1,2 +0,0 @@",
            "diff --git a/new.py b/new.py",
            "--- /dev/null",
            "+++ b/new.py",
            "@@ -0,0 +1,3 @@",
            "diff --git a/img.png b/img.png",
            "Binary files a/img.png and b/img.png differ",
            'diff --git "a/sp\\303\\251cial \\"q\\".py" "b/sp\\303\\251cial \\"q\\".py"',
            '--- "a/sp\\303\\251cial \\"q\\".py"',
            '+++ "b/sp\\303\\251cial \\"q\\".py"',
            "@@ -1 +1 @@",
        ]
    )
    assert parse_diff(diff) == {
        "img.png": (),
        "new.py": ((1, 3),),
        'sp\u00e9cial "q".py': ((1, 1),),
        "src/a.py": ((4, 5), (12, 12)),
    }


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "lint-known-findings", repo)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "initial")
    return repo


@pytest.mark.slow
def test_new_since_keeps_only_findings_on_changed_lines(git_repo: Path, cache_dir: Path) -> None:
    bad = git_repo / "src" / "known" / "bad.py"
    bad.write_text(bad.read_text(encoding="utf-8") + "\nimport json\n", encoding="utf-8")
    lines = bad.read_text(encoding="utf-8").count("\n")
    (git_repo / "src" / "known" / "fresh.py").write_text("import glob\n", encoding="utf-8")
    _, everything, _ = _check(git_repo, cache_dir, "--select", "lint")
    before = tree_digest(git_repo / ".git")
    code, report, _ = _check(git_repo, cache_dir, "--select", "lint", "--new-since", "HEAD")
    assert tree_digest(git_repo / ".git") == before  # not even the index was refreshed
    kept = [(f["path"], f["line"], f["rule"]) for f in report["findings"]]
    assert sorted(kept) == [
        ("src/known/bad.py", lines, "E402"),  # import not at the top of the module
        ("src/known/bad.py", lines, "F401"),
        ("src/known/fresh.py", 1, "F401"),
    ]
    assert len(everything["findings"]) > len(kept) + 5
    assert report["score"] == everything["score"]  # scores stay as measured
    assert code == 0


def test_new_since_a_bad_ref_is_a_usage_error(git_repo: Path) -> None:
    run = run_cli("check", git_repo, "--new-since", "no-such-branch")
    assert run.code == 2
    assert "--new-since: unknown git ref 'no-such-branch'" in run.stderr
    assert "Traceback" not in run.stderr


def test_new_since_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "lint-known-findings", tmp_path / "repo")
    run = run_cli("check", tmp_path / "repo", "--new-since", "HEAD", env=GIT_ENV)
    assert run.code == 2
    assert "needs a git work tree" in run.stderr
