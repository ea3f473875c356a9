"""The pre-commit hook definition and the example configuration in docs/ci.md.

pre-commit itself is not run (it would clone and install from the network): the test does
what it would do, running the hook's ``entry`` plus the example's ``args`` in the root of a
repository, without file names (``pass_filenames: false``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import FIXTURES, ROOT

DOCS = ROOT / "docs" / "ci.md"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def yaml_blocks(markdown: str) -> list[tuple[str, Any]]:
    """Every ```yaml block of a Markdown page, with the text just before it."""
    out = []
    for m in re.finditer(r"(?s)([^\n]*)\n```yaml\n(.*?)```", markdown):
        out.append((m.group(1), yaml.safe_load(m.group(2))))
    return out


def example_config() -> dict[str, Any]:
    tested = [
        b for before, b in yaml_blocks(DOCS.read_text(encoding="utf-8")) if "tested" in before
    ]
    assert len(tested) == 1, "docs/ci.md marks exactly one pre-commit example as tested"
    config = tested[0]
    assert isinstance(config, dict)
    return config


def hooks_by_id() -> dict[str, dict[str, Any]]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return {h["id"]: h for h in hooks}


def run_hook(hook: dict[str, Any], args: list[str], repo: Path, tmp_path: Path) -> int:
    argv = shlex.split(hook["entry"])
    assert argv[0] == "pyreadiness"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYREADINESS_")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg-cache")  # keep the user's cache out of it
    proc = subprocess.run(
        [sys.executable, "-m", "pyreadiness", *argv[1:], *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return proc.returncode


def test_hook_definition_runs_on_every_commit_without_file_names() -> None:
    hook = hooks_by_id()["pyreadiness"]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["always_run"] is True
    assert shlex.split(hook["entry"])[:2] == ["pyreadiness", "check"]


@pytest.mark.slow
def test_documented_example_passes_then_fails_on_a_new_finding(tmp_path: Path) -> None:
    config = example_config()
    (repo_entry,) = config["repos"]
    (hook_use,) = repo_entry["hooks"]
    hook = hooks_by_id()[hook_use["id"]]
    args = [str(a) for a in hook_use.get("args", [])]
    assert args == ["--baseline", ".pyreadiness-baseline.json"]

    repo = tmp_path / "repo"
    # Pins nothing, so no check wants the network (the hook runs with its args only).
    shutil.copytree(FIXTURES / "lint-known-findings", repo)
    made = subprocess.run(
        [sys.executable, "-m", "pyreadiness", "baseline", "--quiet"],
        cwd=repo,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert (repo / ".pyreadiness-baseline.json").is_file()  # the documented default location

    assert run_hook(hook, args, repo, tmp_path) == 0
    app = repo / "src" / "known" / "star.py"
    app.write_text(app.read_text(encoding="utf-8") + "\n\ndef unsafe(x):\n    return eval(x)\n")
    assert run_hook(hook, args, repo, tmp_path) == 1


def test_documented_workflow_uses_only_real_action_inputs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    used = []
    for _, block in yaml_blocks(DOCS.read_text(encoding="utf-8")):
        if not isinstance(block, (dict, list)):
            continue
        steps = (
            block.get("jobs", {}).get("pyreadiness", {}).get("steps", [])
            if isinstance(block, dict)
            else block
        )
        for step in steps if isinstance(steps, list) else []:
            if isinstance(step, dict) and str(step.get("uses", "")).startswith("OWNER/pyreadiness"):
                used.append(step)
    assert used, "docs/ci.md shows the action in a workflow"
    for step in used:
        assert set(step.get("with", {})) <= set(action["inputs"])


def test_documented_check_options_exist() -> None:
    """Every `--option` docs/ci.md shows for `pyreadiness check` is one the CLI accepts."""
    text = DOCS.read_text(encoding="utf-8")
    help_text = subprocess.run(
        [sys.executable, "-m", "pyreadiness", "check", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "200"},
    ).stdout
    shown = set(re.findall(r"pyreadiness check[^\n`]*", text))
    options = {o for line in shown for o in re.findall(r"(--[a-z][a-z-]+)", line)}
    options |= set(re.findall(r"`(--[a-z][a-z-]+)", text)) - {"--output", "--format"}
    assert {"--baseline", "--new-since", "--baseline-tolerance", "--fail-under"} <= options
    missing = {o for o in options if o not in help_text}
    assert not missing, f"docs/ci.md shows options `pyreadiness check` does not have: {missing}"
