"""Monorepos end to end: per-project scores, the roll-up, --project, sub-folder scans, formats."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from pyreadiness import monorepo, pipeline
from pyreadiness.monorepo import enclosing_repository
from pyreadiness.reporters.json_report import render_json
from tests.helpers import FIXTURES, check_json

#: Cheap, deterministic checks that read configuration, CI and tests (no network, no mypy).
SELECT = ("--select", "ci,tests,dependencies,lint", "--offline")


def _projects(report: dict[str, Any]) -> dict[str, tuple[str, float, int, dict[str, float]]]:
    return {
        p["name"]: (
            p["path"],
            p["report"]["score"],
            p["report"]["target"]["source_lines"],
            {c["id"]: c["score"] for c in p["report"]["checks"]},
        )
        for p in report["projects"]
    }


def test_uv_workspace_scores_each_member_and_rolls_up(cache_dir: Path) -> None:
    code, report = check_json(FIXTURES / "monorepo-uv-workspace", *SELECT, cache_dir=cache_dir)
    assert code == 0
    assert _projects(report) == {
        # api: its own job (working-directory) runs pytest and mypy; ruff runs at the root
        "acme-api": (
            "packages/api",
            64.8,
            10,
            {"ci": 100.0, "dependencies": 57.1, "lint": 100.0, "tests": 13.0},
        ),
        # worker: the api job's mypy is not the worker's: no type check in its CI
        "acme-worker": (
            "packages/worker",
            58.0,
            12,
            {"ci": 80.0, "dependencies": 57.1, "lint": 100.0, "tests": 7.5},
        ),
    }
    # Roll-up weighted by shipped lines: (64.8 * 10 + 58.0 * 12) / 22 = 61.1
    assert report["score"] == 61.1
    assert {p["id"]: p["score"] for p in report["pillars"]} == {
        "maintainability": 100.0,
        "dependencies": 57.1,
        "testing": 10.0,  # (13.0 * 10 + 7.5 * 12) / 22
        "delivery": 89.1,  # (100 * 10 + 80 * 12) / 22
    }
    assert report["weakest_project"] == "acme-worker"
    assert report["profile"]["id"] == "monorepo"
    assert report["checks"] == []
    # Every finding is placed in the repository and names its project.
    assert len(report["findings"]) == 11
    assert {f["project"] for f in report["findings"]} == {"acme-api", "acme-worker"}
    paths = {f["path"] for f in report["findings"] if f["path"]}
    # a shared file keeps its place at the root; a project's own file is under its folder
    assert paths == {
        ".github/workflows/ci.yml",
        "packages/api/pyproject.toml",
        "packages/worker/pyproject.toml",
    }
    assert set(report["timings"]["projects"]) == {"acme-api", "acme-worker"}


def test_two_unrelated_projects(cache_dir: Path) -> None:
    code, report = check_json(FIXTURES / "monorepo-two-projects", *SELECT, cache_dir=cache_dir)
    assert code == 0
    assert _projects(report) == {
        # `cd backend && pytest` in a workflow filtered on backend/**
        "shop-backend": (
            "backend",
            50.6,
            8,
            {"ci": 60.0, "dependencies": 57.1, "lint": 83.3, "tests": 13.0},
        ),
        # the workflow's paths: filter leaves it out: CI exists but runs nothing of it
        # (unpackaged: judged an application by the profile rules, nothing pinned)
        "sales-report": (
            "tools/report",
            24.1,
            7,
            {"ci": 13.3, "dependencies": 0.0, "lint": 83.3, "tests": 0.0},
        ),
    }
    assert report["score"] == 38.2  # (50.6 * 8 + 24.1 * 7) / 15
    assert report["weakest_project"] == "sales-report"
    assert len(report["findings"]) == 15


def test_project_option_scores_only_the_named_projects(cache_dir: Path) -> None:
    fixture = FIXTURES / "monorepo-uv-workspace"
    _, report = check_json(fixture, *SELECT, "--project", "acme-worker", cache_dir=cache_dir)
    assert [p["name"] for p in report["projects"]] == ["acme-worker"]
    assert report["score"] == 58.0
    _, by_folder = check_json(fixture, *SELECT, "--project", "packages/api", cache_dir=cache_dir)
    assert [p["name"] for p in by_folder["projects"]] == ["acme-api"]


def test_unknown_project_is_a_usage_error(cache_dir: Path) -> None:
    from tests.helpers import run_cli

    run = run_cli(
        "check", FIXTURES / "monorepo-uv-workspace", "--project", "nope", "--cache-dir", cache_dir
    )
    assert run.code == 2
    assert "unknown project 'nope' (projects: acme-api, acme-worker)" in run.stderr


def test_gate_fails_when_one_project_fails(cache_dir: Path) -> None:
    code, report = check_json(
        FIXTURES / "monorepo-uv-workspace", *SELECT, "--fail-under", "60", cache_dir=cache_dir
    )
    assert code == 1
    assert report["gate"]["reasons"] == ["project acme-worker: overall score 58 is below 60"]


def test_every_format_carries_the_project(cache_dir: Path, tmp_path: Path) -> None:
    from tests.helpers import run_cli

    formats = ("sarif", "codequality", "junit", "markdown", "html")
    out = {fmt: tmp_path / f"r.{fmt}" for fmt in formats}
    run = run_cli(
        "check",
        FIXTURES / "monorepo-two-projects",
        *SELECT,
        "-q",
        "--cache-dir",
        cache_dir,
        *[arg for fmt, path in out.items() for arg in ("-o", f"{fmt}:{path}")],
    )
    assert run.code == 0, run.stderr
    sarif = json.loads(out["sarif"].read_text("utf-8"))
    results = sarif["runs"][0]["results"]
    assert len(results) == 15
    assert {r["properties"]["project"] for r in results} == {"shop-backend", "sales-report"}
    issues = json.loads(out["codequality"].read_text("utf-8"))
    assert all(i["description"].startswith(("[shop-backend] ", "[sales-report] ")) for i in issues)
    junit = out["junit"].read_text("utf-8")
    cases = ET.fromstring(junit).iter("testcase")  # noqa: S314 - our own output
    classnames = sorted({c.get("classname", "") for c in cases})
    assert classnames == [
        "pyreadiness",
        "pyreadiness.sales-report.delivery",
        "pyreadiness.sales-report.dependencies",
        "pyreadiness.sales-report.maintainability",
        "pyreadiness.sales-report.testing",
        "pyreadiness.shop-backend.delivery",
        "pyreadiness.shop-backend.dependencies",
        "pyreadiness.shop-backend.maintainability",
        "pyreadiness.shop-backend.testing",
    ]
    markdown = out["markdown"].read_text("utf-8")
    assert "| shop-backend | `backend` | 50.6 | F | 8 | ✅ |" in markdown
    assert "| sales-report: tests | testing | ❌ failed | 0 |" in markdown
    assert "weakest: **sales-report**" in markdown
    html = out["html"].read_text("utf-8")
    assert "<h2>Projects (2)</h2>" in html and "weakest: sales-report." in html
    assert html.count('id="check-0-ci"') == html.count('id="check-1-ci"') == 1


def _without_timings(text: str) -> dict[str, Any]:
    return {k: v for k, v in json.loads(text).items() if k != "timings"}


@pytest.mark.parametrize("fixture", ["ci-github-full", "lint-clean", "deps-pep621-uv-lock"])
def test_one_project_takes_the_usual_path_unchanged(
    fixture: str, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository of one project never reaches the monorepo code: same report as before."""
    options = pipeline.Options(
        path=FIXTURES / fixture, select=("ci", "lint"), offline=True, cache_dir=cache_dir
    )
    before = render_json(pipeline.run(options))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a single project reached the monorepo path")

    monkeypatch.setattr(monorepo, "run_projects", refuse)
    after = render_json(pipeline.run(options))
    assert _without_timings(after) == _without_timings(before)
    assert "projects" not in after and '"project"' not in after


def _git_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "monorepo-uv-workspace", repo)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, timeout=60)
    return repo


def test_subfolder_scan_sees_the_repository_root_ci(tmp_path: Path, cache_dir: Path) -> None:
    repo = _git_repo(tmp_path)
    _, report = check_json(repo / "packages" / "worker", *SELECT, cache_dir=cache_dir)
    assert [p["name"] for p in report["projects"]] == ["acme-worker"]
    assert report["target"]["path"] == repo.resolve().as_posix()
    assert _projects(report)["acme-worker"][1] == 58.0  # as in the whole repository's run
    # Without the repository around it, the same folder has no CI at all.
    alone = tmp_path / "alone"
    shutil.copytree(repo / "packages" / "worker", alone)
    _, isolated = check_json(alone, *SELECT, cache_dir=cache_dir)
    assert "projects" not in isolated
    ci = next(c for c in isolated["checks"] if c["id"] == "ci")
    assert ci["score"] == 0.0


def test_repository_root_is_found_only_through_a_real_git_marker(tmp_path: Path) -> None:
    repo = _git_repo(tmp_path)
    inner = (repo / "packages" / "api").resolve()
    assert enclosing_repository(inner) == repo.resolve()
    assert enclosing_repository(repo.resolve()) is None  # the root itself: nothing above
    fake = tmp_path / "fake"
    (fake / "pkg").mkdir(parents=True)
    (fake / ".git").symlink_to(repo / ".git")
    assert enclosing_repository((fake / "pkg").resolve()) is None


def test_the_root_excludes_apply_before_projects_are_found(tmp_path: Path, cache_dir: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "monorepo-two-projects", repo)
    (repo / "pyproject.toml").write_text('[tool.pyreadiness]\nexclude = ["tools/**"]\n')
    _, report = check_json(repo, "--select", "ci", "--offline", cache_dir=cache_dir)
    assert "projects" not in report  # one project left: the usual report


def test_members_get_the_root_tests_that_import_them(cache_dir: Path) -> None:
    """Bug: hatch's hatchling and pydantic-ai's members are tested from the root's tests/
    folder, and each scored tests 0 ("no test functions found"), dragging an A-tier
    monorepo to a D. A root test module counts for a member when it imports one of the
    member's top-level packages (read statically; a name in a string does not count)."""
    _, report = check_json(
        FIXTURES / "monorepo-root-tests", "--select", "tests", "--offline", cache_dir=cache_dir
    )
    tests = {
        p["name"]: next(c for c in p["report"]["checks"] if c["id"] == "tests")
        for p in report["projects"]
    }
    counted = {
        name: (c["metrics"]["test_files"], c["metrics"]["test_functions"])
        for name, c in tests.items()
    }
    assert counted == {
        "umbrella": (4, 5),  # the root keeps every test of its folder
        "core-lib": (2, 3),  # tests/test_core.py (2) and tests/test_both.py (1)
        "extra-lib": (1, 1),  # tests/test_both.py; test_mentions.py only names it in a string
    }
    # Each member's density is its own: its counted tests over its own shipped lines.
    assert {name: c["score"] for name, c in tests.items()} == {
        "umbrella": 44.5,
        "core-lib": 33.5,
        "extra-lib": 22.5,
    }


def test_a_workspace_lock_serves_every_member(cache_dir: Path) -> None:
    """Bug: one uv.lock for a whole uv workspace was "made for another project" for every
    member (lock-fresh 0, a foreign-lock finding), and the root's dependencies on its own
    members were "missing from the lock". The lock's editable entries are the workspace:
    each member's own, and a dependency on a member is pinned by the commit itself."""
    _, report = check_json(
        FIXTURES / "monorepo-root-tests",
        "--select",
        "dependencies",
        "--offline",
        cache_dir=cache_dir,
    )
    components = {
        p["name"]: {
            c["id"]: c["score"]
            for c in next(k for k in p["report"]["checks"] if k["id"] == "dependencies")[
                "components"
            ]
        }
        for p in report["projects"]
    }
    assert components == {
        "umbrella": {"reproducible": 100.0, "lock-fresh": 100.0, "update-tool": 0.0},
        "core-lib": {"reproducible": 100.0, "lock-fresh": 100.0, "update-tool": 0.0},
        "extra-lib": {"reproducible": 100.0, "lock-fresh": 100.0, "update-tool": 0.0},
    }
    rules = {f["rule"] for f in report["findings"]}
    assert "dependencies/foreign-lock" not in rules
    assert "dependencies/stale-lock" not in rules
