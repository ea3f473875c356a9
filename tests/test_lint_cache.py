"""The lint checker's caches: nothing changed, no ruff at all; one file changed, one file linted.

A wrapper script logs every ruff invocation and then runs the real ruff.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.lint import LintChecker
from pyreadiness.checkers.lint.ruff import _chunks, locate_ruff
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES, check_json, check_result


def run_lint(root: Path, cache: Path) -> CheckResult:
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache))
    return LintChecker().run(ctx)


@pytest.fixture
def ruff_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every ruff call, one line of arguments each, in this file."""
    log = tmp_path / "ruff-calls.log"
    log.touch()
    script = tmp_path / "logging-ruff"
    real = locate_ruff().argv[0]
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PYREADINESS_TOOL_RUFF", str(script))
    return log


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines()


def files_of(call: str) -> list[str]:
    return call.split(" -- ", 1)[1].split()


def copy_fixture(name: str, tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / name, root)
    return root


def test_unchanged_repository_runs_no_ruff_at_all(
    ruff_log: Path, cache_dir: Path, tmp_path: Path
) -> None:
    root = copy_fixture("lint-own-config-fails", tmp_path)
    first = run_lint(root, cache_dir)
    # --version, the fixed rule set, the own configuration, formatting.
    assert [c.split()[0] for c in calls(ruff_log)] == ["--version", "check", "check", "format"]
    ruff_log.write_text("")
    second = run_lint(root, cache_dir)
    assert calls(ruff_log) == []
    assert second == first


def test_one_changed_file_is_the_only_file_ruff_sees(
    ruff_log: Path, cache_dir: Path, tmp_path: Path
) -> None:
    root = copy_fixture("lint-own-config-fails", tmp_path)
    first = run_lint(root, cache_dir)
    assert first.metrics["findings"] == 1
    assert first.metrics["own_config_findings"] == 5
    ruff_log.write_text("")
    with (root / "widgets" / "gears.py").open("a") as fh:
        fh.write("\n\ndef broken(x=[]):\n    return x\n")
    second = run_lint(root, cache_dir)
    ran = calls(ruff_log)
    assert len(ran) == 3  # check (fixed), check (own config), format: no --version
    assert all(files_of(c) == ["widgets/gears.py"] for c in ran)
    # Merged with the cached results of the other files.
    assert second.metrics["findings"] == 2  # + B006
    assert second.metrics["own_config_findings"] == 5
    assert second.metrics["source_files"] == 2


def test_a_changed_configuration_reruns_the_runs_that_read_it(
    ruff_log: Path, cache_dir: Path, tmp_path: Path
) -> None:
    root = copy_fixture("lint-own-config-fails", tmp_path)
    run_lint(root, cache_dir)
    ruff_log.write_text("")
    config = root / "ruff.toml"
    config.write_text(config.read_text().replace('["E501", "F401"]', '["F401"]'))
    result = run_lint(root, cache_dir)
    # The fixed rule set ignores the configuration: only own-config and format runs repeat.
    assert [c.split()[0] for c in calls(ruff_log)] == ["check", "format"]
    assert "--isolated" not in calls(ruff_log)[0]
    assert result.metrics["own_config_findings"] == 2


def test_a_new_file_reruns_the_own_configuration_on_every_file(
    ruff_log: Path, cache_dir: Path, tmp_path: Path
) -> None:
    root = copy_fixture("lint-own-config-fails", tmp_path)
    run_lint(root, cache_dir)
    ruff_log.write_text("")
    (root / "widgets" / "extra.py").write_text("VALUE = 1\n")
    result = run_lint(root, cache_dir)
    fixed, own, formatting = calls(ruff_log)
    # Which files exist is part of the own configuration's verdict (isort's first-party
    # detection): that run sees every file again; the others only the new one.
    assert "--isolated" in fixed and files_of(fixed) == ["widgets/extra.py"]
    assert sorted(files_of(own)) == [
        "tests/test_gears.py",
        "widgets/__init__.py",
        "widgets/extra.py",
        "widgets/gears.py",
    ]
    assert formatting.startswith("format") and files_of(formatting) == ["widgets/extra.py"]
    assert result.metrics["own_config_findings"] == 5


def test_unchanged_repository_through_the_cli_runs_no_ruff(
    ruff_log: Path, cache_dir: Path, tmp_path: Path
) -> None:
    root = copy_fixture("lint-known-findings", tmp_path)
    env = {"PYREADINESS_TOOL_RUFF": str(tmp_path / "logging-ruff")}
    _, first = check_json(root, "--select", "lint", cache_dir=cache_dir, env=env)
    assert len(calls(ruff_log)) == 3  # --version, check, format
    ruff_log.write_text("")
    _, second = check_json(root, "--select", "lint", cache_dir=cache_dir, env=env)
    assert calls(ruff_log) == []
    assert check_result(second, "lint")["metrics"] == check_result(first, "lint")["metrics"]


def test_long_file_lists_are_split_below_the_argv_limit() -> None:
    paths = [f"pkg/module_{i:05d}.py" for i in range(20_000)]
    chunks = list(_chunks(paths))
    assert len(chunks) > 1
    assert [p for chunk in chunks for p in chunk] == paths
    assert all(sum(len(p) + 1 for p in chunk) <= 100_000 for chunk in chunks)
