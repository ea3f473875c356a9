"""Hangs and unbounded memory: every case must finish well within the harness's limits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyreadiness.discover.inventory import MAX_READ_BYTES
from tests.hostile.harness import check, findings, minimal_repo, status_of

FIFO_NAMES = (
    "src/victim/fifo.py",
    "pyproject.toml",
    "requirements.txt",
    ".github/workflows/ci.yml",
)


@pytest.mark.parametrize("name", FIFO_NAMES)
def test_a_fifo_named_like_a_file_we_read_never_hangs(tmp_path: Path, name: str) -> None:
    repo = minimal_repo(tmp_path / "repo")
    fifo = repo / name
    fifo.parent.mkdir(parents=True, exist_ok=True)
    if fifo.exists():
        fifo.unlink()
    os.mkfifo(fifo)
    outcome = check(repo, tmp_path / "cache", "--select", "security,lint,ci,dependencies,typing")
    assert outcome.code == 0
    assert name not in {
        f["path"] for f in findings(outcome.json()) if f["rule"] != "discovery/unreadable"
    }


def _ruff_repo(root: Path, extend: str, where: str = "pyproject.toml") -> Path:
    extra: dict[str, str | bytes] = {"src/victim/bad.py": "import os\n"}
    repo = minimal_repo(root, extra)
    if where == "pyproject.toml":
        with (repo / "pyproject.toml").open("a") as handle:
            handle.write(f'[tool.ruff]\nextend = "{extend}"\n')
    else:
        (repo / where).parent.mkdir(parents=True, exist_ok=True)
        (repo / where).write_text(f'extend = "{extend}"\n')
    return repo


@pytest.mark.parametrize(
    ("extend", "where"),
    [
        ("/dev/zero", "pyproject.toml"),
        ("fifo.toml", "pyproject.toml"),
        ("../outside.toml", "pyproject.toml"),
        ("~/.config/ruff/ruff.toml", "ruff.toml"),
        ("$HOME/x.toml", "pyproject.toml"),
        ("/dev/zero", "sub/ruff.toml"),
    ],
)
def test_ruff_extend_outside_the_root_is_not_followed(
    tmp_path: Path, extend: str, where: str
) -> None:
    (tmp_path / "outside.toml").write_text("[lint]\nselect = ['ALL']\n")
    repo = _ruff_repo(tmp_path / "repo", extend, where)
    if extend == "fifo.toml":
        os.mkfifo(repo / "fifo.toml")
    outcome = check(repo, tmp_path / "cache", "--select", "lint", time_limit=60)
    report = outcome.json()
    assert status_of(report, "lint") in ("passed", "failed")
    assert outcome.peak_rss_mib < 1024
    lint = next(c for c in report["checks"] if c["id"] == "lint")
    if where == "pyproject.toml" or where == "ruff.toml":  # root configuration: said why
        assert "extend" in lint["reason"], lint["reason"]


def test_ruff_extend_within_the_root_is_followed(tmp_path: Path) -> None:
    repo = _ruff_repo(tmp_path / "repo", "config/base.toml")
    (repo / "config").mkdir()
    (repo / "config/base.toml").write_text("[lint]\nselect = ['F']\n")
    report = check(repo, tmp_path / "cache", "--select", "lint").json()
    lint = next(c for c in report["checks"] if c["id"] == "lint")
    assert lint["metrics"]["own_config_findings"] == 1  # F401 in bad.py


def test_a_huge_python_file_is_skipped_with_a_finding(tmp_path: Path) -> None:
    big = b"x = 1\n" * (MAX_READ_BYTES // 6 + 1000)
    repo = minimal_repo(tmp_path / "repo", {"src/victim/huge.py": big * 20})
    outcome = check(repo, tmp_path / "cache", "--select", "security,lint,typing,tests,dependencies")
    report = outcome.json()
    skipped = findings(report, "discovery/too-large")
    assert [f["path"] for f in skipped] == ["src/victim/huge.py"]
    assert outcome.peak_rss_mib < 1024


def test_a_10_mb_single_line_does_not_stall_the_tools(tmp_path: Path) -> None:
    line = b"x = '" + b"a" * (4 * 1024 * 1024) + b"'\n"
    repo = minimal_repo(tmp_path / "repo", {"src/victim/long.py": line})
    outcome = check(repo, tmp_path / "cache", "--select", "security,lint", time_limit=60)
    report = outcome.json()
    assert [f["path"] for f in findings(report, "discovery/long-line")] == ["src/victim/long.py"]
    assert status_of(report, "security") in ("passed", "failed")


LAUGHS = "\n".join(
    [
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
        *(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]"
            for i in range(8)
        ),
    ]
)
YAML_FILES = {
    "github": ".github/workflows/ci.yml",
    "gitlab": ".gitlab-ci.yml",
    "circleci": ".circleci/config.yml",
    "azure": "azure-pipelines.yml",
    "dependabot": ".github/dependabot.yml",
}


@pytest.mark.parametrize("system", sorted(YAML_FILES))
def test_yaml_billion_laughs_is_bounded(tmp_path: Path, system: str) -> None:
    """CI files: the CI analysis visits each aliased node once, so the file is still read;
    any other reader (Dependabot here) refuses the expansion, and the file is a finding."""
    rel = YAML_FILES[system]
    body = LAUGHS + "\njobs: *i\nsteps: *i\nscript: *i\nupdates: *i\nworkflows: *i\non: push\n"
    repo = minimal_repo(tmp_path / "repo", {rel: body})
    select = "ci,dependencies,security-process"
    outcome = check(repo, tmp_path / "cache", "--select", select, time_limit=60)
    report = outcome.json()
    assert outcome.peak_rss_mib < 1024
    assert all(c["status"] != "error" for c in report["checks"]), report["checks"]
    if system == "dependabot":
        assert any(f["path"] == rel and "expan" in f["message"] for f in findings(report))


@pytest.mark.parametrize("system", ["github", "dependabot"])
def test_recursive_yaml_aliases_are_a_finding(tmp_path: Path, system: str) -> None:
    rel = YAML_FILES[system]
    repo = minimal_repo(tmp_path / "repo", {rel: "a: &a [*a, {b: *a}]\njobs: *a\nupdates: *a\n"})
    report = check(repo, tmp_path / "cache", "--select", "ci,dependencies").json()
    assert all(c["status"] != "error" for c in report["checks"])
    assert any(f["path"] == rel for f in findings(report))
