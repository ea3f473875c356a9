"""Gate evasion: content of the scanned repository never turns a failing gate into a pass."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.harness import check, findings, minimal_repo, status_of

LEAKED = 'AWS_KEY = "AKIAQZXWVUTSRQPONMLB"\n'
DEEP_SUM = "x = " + "1+" * 100_000 + "1\n"
DEEP_UNARY = "x = " + "-" * 100_000 + "1\n"


def _leaky(root: Path, deep: str) -> Path:
    return minimal_repo(root, {"src/victim/keys.py": LEAKED, "src/victim/deep.py": deep})


def test_a_parser_bomb_is_a_finding_and_every_other_file_is_still_scanned(
    tmp_path: Path,
) -> None:
    repo = _leaky(tmp_path / "repo", DEEP_SUM)
    outcome = check(repo, tmp_path / "cache", "--select", "security,dependencies")
    report = outcome.json()
    assert status_of(report, "security") in ("passed", "failed")
    assert status_of(report, "dependencies") != "error"
    keys = [f for f in findings(report) if f["path"] == "src/victim/keys.py"]
    assert [f["rule"] for f in keys] == ["aws-access-key-id"]
    deep = {f["rule"] for f in findings(report) if f["path"] == "src/victim/deep.py"}
    assert deep, "the file that exhausts the parser has no finding"


def test_unary_bomb_memory_error_is_a_finding_too(tmp_path: Path) -> None:
    repo = _leaky(tmp_path / "repo", DEEP_UNARY)
    report = check(repo, tmp_path / "cache", "--select", "security,dependencies,typing").json()
    assert all(c["status"] != "error" for c in report["checks"]), report["checks"]
    assert any(f["path"] == "src/victim/deep.py" for f in findings(report))


def test_a_check_that_errors_fails_the_gate_unless_allowed(tmp_path: Path) -> None:
    # bandit that crashes: the security check errors; its score leaves the aggregate,
    # which must not let a gate pass that would otherwise fail.
    repo = minimal_repo(tmp_path / "repo")
    crash = tmp_path / "crash-bandit"
    crash.write_text("#!/bin/sh\necho boom >&2\nexit 7\n")
    crash.chmod(0o755)
    env = {"PYREADINESS_TOOL_BANDIT": str(crash)}
    cache = tmp_path / "cache"
    failing = check(repo, cache, "--select", "security", "--fail-under", "1", env=env)
    assert failing.code == 1
    report = failing.json()
    assert status_of(report, "security") == "error"
    assert any("security" in reason and "error" in reason for reason in report["gate"]["reasons"])
    allowed = check(
        repo, cache, "--select", "security", "--fail-under", "1", "--allow-errors", env=env
    )
    report = allowed.json()
    assert status_of(report, "security") == "error"
    # allowed: the errored check leaves the aggregate as before; nothing left to measure.
    assert allowed.code == 1 and "could not be measured" in report["gate"]["reasons"][0]


def test_allow_errors_in_the_repository_configuration(tmp_path: Path) -> None:
    repo = minimal_repo(tmp_path / "repo")
    with (repo / "pyproject.toml").open("a") as handle:
        handle.write("[tool.pyreadiness]\nallow-errors = true\nfail-under = 0\n")
    crash = tmp_path / "crash-ruff"
    crash.write_text("#!/bin/sh\nexit 7\n")
    crash.chmod(0o755)
    env = {"PYREADINESS_TOOL_RUFF": str(crash)}
    report = check(repo, tmp_path / "cache", "--select", "lint,ci", env=env).json()
    assert status_of(report, "lint") == "error"
    assert report["gate"]["passed"] is True


def test_a_checker_crash_names_the_file_it_was_reading(tmp_path: Path) -> None:
    """An errored check's reason says which file of the repository was being read."""
    from typing import ClassVar

    from pyreadiness.check.engine import run_checks
    from pyreadiness.check.registry import LoadedChecker
    from pyreadiness.checkers.interface import CheckContext, Checker
    from pyreadiness.discover.inventory import build_inventory
    from pyreadiness.model import CheckResult, Pillar
    from pyreadiness.tools.cache import Cache

    class Fragile(Checker):
        id: ClassVar[str] = "fragile"
        pillar: ClassVar[Pillar] = Pillar.SECURITY
        title: ClassVar[str] = "Fragile"
        version: ClassVar[str] = "1"

        def run(self, ctx: CheckContext) -> CheckResult:
            ctx.inventory.read_text("src/victim/deep.py")
            raise RecursionError("maximum recursion depth exceeded")

    repo = _leaky(tmp_path / "repo", DEEP_SUM)
    ctx = CheckContext(root=repo, inventory=build_inventory(repo), cache=Cache(tmp_path / "cache"))
    loaded = LoadedChecker(
        id="fragile",
        pillar=Pillar.SECURITY,
        title="Fragile",
        package="tests",
        package_version="0",
        cls=Fragile,
    )
    [result] = run_checks([loaded], ctx)
    assert result.status.value == "error"
    assert result.reason.endswith("(last file read: src/victim/deep.py)"), result.reason
