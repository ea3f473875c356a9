"""action.yml: its shell steps run for real against a fixture, as GitHub would run them.

GitHub runs a composite action's ``run:`` steps with ``bash --noprofile --norc -eo pipefail``
and the step's ``env:``, with ``${{ }}`` expressions substituted. This test does the same
with the inputs it chooses. Some steps are not executed, on purpose:
- ``install`` pip-installs the action's own folder, which needs the network; the test puts
  this venv's ``pyreadiness`` where the install step would put the private venv's;
- ``setup-python``, ``cache`` and ``upload-sarif`` are GitHub's own actions (JavaScript);
  the test checks they are pinned to full commit SHAs and that their conditions and inputs
  resolve as intended.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import FIXTURES, ROOT
from tests.report_samples import sarif_validator

ACTION = ROOT / "action.yml"
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load_action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _value(expr: str, inputs: Mapping[str, str], outputs: Mapping[str, str]) -> str:
    if expr.startswith("inputs."):
        return inputs[expr.removeprefix("inputs.")]
    if expr == "github.action_path":
        return str(ROOT)
    if expr == "github.action_repository":
        return "OWNER/pyreadiness"
    if m := re.fullmatch(r"steps\.[\w-]+\.outputs\.([\w-]+)", expr):
        return outputs.get(m.group(1), "")
    raise AssertionError(f"expression the test does not know: {expr}")


def substitute(text: str, inputs: Mapping[str, str], outputs: Mapping[str, str]) -> str:
    return EXPR.sub(lambda m: _value(m.group(1), inputs, outputs), text)


def condition(expr: str, inputs: Mapping[str, str], outputs: Mapping[str, str]) -> bool:
    """The few `if:` shapes action.yml uses: always(), == and != on inputs and outputs."""
    inner = EXPR.fullmatch(expr.strip())
    assert inner, expr
    result = True
    for part in inner.group(1).split("&&"):
        part = part.strip()
        if part == "always()":
            continue
        m = re.fullmatch(r"([\w.-]+) (==|!=) '([^']*)'", part)
        assert m, f"condition the test does not know: {part}"
        left = _value(m.group(1), inputs, outputs)
        result = result and ((left == m.group(3)) == (m.group(2) == "=="))
    return result


def run_action(tmp_path: Path, **overrides: str) -> tuple[dict[str, Any], list[str], Path]:
    """Run every shell step; return the outputs, which steps ran, and the workspace."""
    action = load_action()
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    assert set(overrides) <= set(inputs), f"unknown inputs: {set(overrides) - set(inputs)}"
    inputs.update(overrides)
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    files = {name: tmp_path / name for name in ("summary.md", "output", "env", "path")}
    for f in files.values():
        f.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYREADINESS_", "GITHUB_"))}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        GITHUB_STEP_SUMMARY=str(files["summary.md"]),
        GITHUB_OUTPUT=str(files["output"]),
        GITHUB_ENV=str(files["env"]),
        GITHUB_PATH=str(files["path"]),
        GITHUB_WORKSPACE=str(workspace),
        RUNNER_TEMP=str(tmp_path / "runner-temp"),
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
        NO_COLOR="1",
        RUNNER_OS="Linux",
        RUNNER_ARCH="X64",
    )
    outputs: dict[str, str] = {}
    ran: list[str] = []
    result: dict[str, Any] = {"verdict": None, "uses": {}}
    for step in action["runs"]["steps"]:
        if "if" in step and not condition(step["if"], inputs, outputs):
            continue
        if "uses" in step:
            result["uses"][step["id"]] = {
                "uses": step["uses"],
                "with": {k: substitute(str(v), inputs, outputs) for k, v in step["with"].items()},
            }
            ran.append(step["id"])
            continue
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "inputs reach scripts through env only"
        if step["id"] == "install":  # needs the network; see the module docstring
            venv_bin = Path(outputs["venv"]) / "bin"
            venv_bin.mkdir(parents=True)
            (venv_bin / "pyreadiness").symlink_to(Path(sys.executable).parent / "pyreadiness")
            continue
        step_env = {k: substitute(str(v), inputs, outputs) for k, v in step.get("env", {}).items()}
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=workspace,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        ran.append(step["id"])
        if step["id"] == "verdict":
            result["verdict"] = (proc.returncode, proc.stdout)
        else:
            assert proc.returncode == 0, f"step {step['id']} failed:\n{proc.stdout}\n{proc.stderr}"
        for line in files["output"].read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            outputs[key] = value
    result["outputs"] = outputs
    result["summary"] = files["summary.md"].read_text(encoding="utf-8")
    return result, ran, workspace


def test_every_action_used_is_pinned_to_a_full_commit_sha() -> None:
    steps = {s["id"]: s for s in load_action()["runs"]["steps"]}
    uses = {k: s["uses"] for k, s in steps.items() if "uses" in s}
    assert set(uses) == {"setup-python", "cache", "upload-sarif"}
    for ref in uses.values():
        assert re.fullmatch(r"[\w-]+/[\w/-]+@[0-9a-f]{40}", ref), ref
    # upload-sarif v3 is deprecated: the pinned commit is v4.36.2.
    assert uses["upload-sarif"] == (
        "github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e"
    )
    assert load_action()["runs"]["using"] == "composite"


def test_action_writes_summary_sarif_and_reports(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result, ran, workspace = run_action(
        tmp_path,
        path=str(FIXTURES / "report-every-checker"),
        formats="junit, codequality",
        **{
            "upload-sarif": "true",
            "args": f"--cache-dir {cache} --vuln-db {FIXTURES / 'report-every-checker-osv'}",
        },
    )
    assert ran == ["platform", "locate", "cache", "check", "upload-sarif", "verdict"]
    outputs = result["outputs"]
    assert outputs["exit-code"] == "0"
    assert outputs["passed"] == "true"
    assert re.fullmatch(r"\d+(\.\d)?", outputs["score"]), outputs
    assert outputs["grade"] in {"A", "B", "C", "D", "F"}
    assert result["summary"].startswith(f"## pyreadiness: {float(outputs['score']):g} / 100")
    reports = workspace / "pyreadiness-reports"
    assert outputs["report-dir"] == "pyreadiness-reports"
    assert outputs["sarif-file"] == "pyreadiness-reports/pyreadiness.sarif"
    sarif = json.loads((reports / "pyreadiness.sarif").read_text(encoding="utf-8"))
    validator = sarif_validator()
    if validator is not None:
        assert not list(validator.iter_errors(sarif))
    assert sarif["runs"][0]["results"]
    assert result["uses"]["cache"]["with"]["path"].endswith("/runner-temp/pyreadiness-venv")
    assert re.fullmatch(
        r"pyreadiness-venv-Linux-X64-[0-9a-f]{20}", result["uses"]["cache"]["with"]["key"]
    )
    assert result["uses"]["upload-sarif"]["with"] == {
        "sarif_file": "pyreadiness-reports/pyreadiness.sarif",
        "category": "pyreadiness",
    }
    assert json.loads((reports / "pyreadiness-codequality.json").read_text(encoding="utf-8"))
    junit = ET.parse(reports / "pyreadiness-junit.xml")  # noqa: S314 - our own output
    assert junit.getroot().tag == "testsuites"
    assert result["verdict"][0] == 0


def test_failed_gate_still_writes_the_summary_then_fails(tmp_path: Path) -> None:
    result, ran, workspace = run_action(
        tmp_path,
        path=str(FIXTURES / "report-every-checker"),
        **{"fail-under": "99.5", "args": f"--cache-dir {tmp_path / 'cache'} --select lint"},
    )
    # upload-sarif: false by default
    assert ran == ["platform", "locate", "cache", "check", "verdict"]
    assert result["outputs"]["exit-code"] == "1"
    assert result["outputs"]["passed"] == "false"
    assert "❌ gate failed" in result["summary"]
    assert "is below 99.5" in result["summary"]
    code, stdout = result["verdict"]
    assert code == 1
    assert "::error::pyreadiness: the gate did not pass (exit 1)" in stdout
    assert (workspace / "pyreadiness-reports" / "pyreadiness.sarif").is_file()  # default formats


def test_unknown_format_stops_with_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="unknown format 'pdf'"):
        run_action(tmp_path, path=str(FIXTURES / "report-every-checker"), formats="pdf")


def test_allow_failure_reports_but_passes_and_annotations_show(tmp_path: Path) -> None:
    result, _, workspace = run_action(
        tmp_path,
        path=str(FIXTURES / "report-every-checker"),
        **{
            "fail-under": "99.5",
            "allow-failure": "true",
            "summary": "false",
            "args": f"--cache-dir {tmp_path / 'cache'} --select lint",
        },
    )
    assert result["outputs"]["passed"] == "false"
    code, stdout = result["verdict"]
    assert code == 0
    assert "::warning::pyreadiness: the gate did not pass (allow-failure is set)" in stdout
    assert result["summary"] == ""  # summary: false
    annotations = (workspace / "pyreadiness-reports" / "annotations.txt").read_text("utf-8")
    assert annotations.startswith("::")


def test_python_version_sets_up_python_for_pyreadiness_only() -> None:
    steps = {s["id"]: s for s in load_action()["runs"]["steps"]}
    assert steps["setup-python"]["if"] == "${{ inputs.python-version != '' }}"
    assert steps["setup-python"]["with"]["update-environment"] is False
    assert "steps.setup-python.outputs.python-path" in steps["locate"]["env"]["SETUP_PYTHON"]
