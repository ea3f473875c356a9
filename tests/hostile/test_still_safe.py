"""Cases that were already safe when the hostile suite was written: kept safe, under limits."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, write_tree
from tests.hostile.harness import check, findings, minimal_repo, status_of

ALL = "tests,ci,typing,lint,security,dependencies"


def test_nothing_named_by_the_repository_runs(tmp_path: Path) -> None:
    """Tool-shadowing modules, a mypy plugin and python_executable, conftest.py, setup.py,
    noxfile.py, Makefile ``$(shell)``, YAML python tags: none leaves a trace."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "core-hostile-repo", repo, symlinks=True)
    traces = tmp_path / "traces"
    traces.mkdir()
    tag = f'!!python/object/apply:os.system ["touch {traces}/yaml-tag"]'
    write_tree(
        repo,
        {
            "Makefile": f"X := $(shell touch {traces}/make-shell)\ntest:\n\tpytest $(X)\n",
            ".github/workflows/ci.yml": f"on: push\nx: {tag}\njobs:\n  t:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
            ".github/dependabot.yml": f"version: 2\nupdates: {tag}\n",
            ".gitlab-ci.yml": f"test:\n  script: {tag}\n",
        },
    )
    env = {"HOSTILE_TRACE_DIR": str(traces)}
    outcome = check(repo, tmp_path / "cache", "--select", ALL, env=env, cwd=repo)
    assert outcome.code in (0, 1)
    assert sorted(p.name for p in traces.iterdir()) == []


def test_sockets_unreadable_files_and_weird_names(tmp_path: Path) -> None:
    repo = minimal_repo(
        tmp_path / "repo",
        {
            "src/victim/-rf.py": "X = 1\n",
            "src/victim/with space.py": "X = 1\n",
            "src/victim/new\nline.py": "X = 1\n",
            "src/victim/ünïcödé.py": "X = 1\n",
            "src/victim/.py": "X = 1\n",
            "src/victim/locked.py": "X = 1\n",
        },
    )
    (repo / "src/victim/locked.py").chmod(0)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(repo / "src/victim/sock.py"))
        outcome = check(repo, tmp_path / "cache", "--select", ALL)
    finally:
        server.close()
        (repo / "src/victim/locked.py").chmod(0o644)
    assert outcome.code == 0
    paths = {f["path"] for f in findings(outcome.json())}
    assert "src/victim/sock.py" not in paths
    if os.geteuid() != 0:  # root reads anything
        assert "src/victim/locked.py" in {
            f["path"] for f in findings(outcome.json(), "discovery/unreadable")
        }


@pytest.mark.slow
def test_many_files(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        f"src/victim/m{i // 100}/f{i}.py": f"X{i} = {i}\n" for i in range(3000)
    }
    files.update({f"src/victim/m{i}/__init__.py": "" for i in range(30)})
    repo = minimal_repo(tmp_path / "repo", files)
    outcome = check(repo, tmp_path / "cache", "--select", "security,lint,ci", time_limit=120)
    assert outcome.json()["target"]["files"] > 3000


GARBAGE_LOCKS = ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "pylock.toml")


@pytest.mark.parametrize("lock", GARBAGE_LOCKS)
def test_garbage_lock_files_are_findings(tmp_path: Path, lock: str) -> None:
    repo = minimal_repo(tmp_path / "repo", {lock: b"\x00\xff garbage [[[ {{{ = = \n" * 50})
    report = check(repo, tmp_path / "cache", "--select", "dependencies,vulnerabilities").json()
    assert status_of(report, "dependencies") != "error"


def test_malformed_pyproject_is_a_finding(tmp_path: Path) -> None:
    repo = minimal_repo(tmp_path / "repo", {"pyproject.toml": "[project\nname = \n"})
    report = check(repo, tmp_path / "cache", "--select", ALL).json()
    assert [f["path"] for f in findings(report, "discovery/malformed-pyproject")] == [
        "pyproject.toml"
    ]


def test_a_bad_key_of_ours_is_exit_2_naming_it(tmp_path: Path) -> None:
    repo = minimal_repo(tmp_path / "repo")
    with (repo / "pyproject.toml").open("a") as handle:
        handle.write("[tool.pyreadiness]\nfail_under = 'x'\n")
    outcome = check(repo, tmp_path / "cache", "--select", "ci")
    assert outcome.code == 2
    assert "fail_under" in outcome.stderr
