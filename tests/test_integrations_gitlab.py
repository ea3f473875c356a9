"""ci/gitlab/pyreadiness.gitlab-ci.yml: parsed, and its script run for real against a fixture.

The ``before_script``'s pip install is not run: it needs the network, and
pyreadiness is already installed in this venv, whose ``bin`` goes first on PATH. The script
runs under ``sh -e`` (dash here), the strictest shell a GitLab runner may use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import FIXTURES, ROOT

TEMPLATE = ROOT / "ci" / "gitlab" / "pyreadiness.gitlab-ci.yml"


def load_template() -> dict[str, Any]:
    data = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def run_job(tmp_path: Path, **variables: str) -> tuple[int, str, Path, dict[str, Any]]:
    job = load_template()[".pyreadiness"]
    values = {k: str(v) for k, v in job["variables"].items()}
    assert set(variables) <= set(values)
    values.update(variables)
    project = tmp_path / "project"
    project.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYREADINESS_")}
    env.update(values)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg-cache")
    code, out = 0, ""
    for line in job["script"]:
        proc = subprocess.run(
            ["sh", "-e", "-c", line],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        code, out = proc.returncode, proc.stdout + proc.stderr
        if code:
            break
    return code, out, project, job


def test_template_shape() -> None:
    data = load_template()
    assert data["pyreadiness"] == {"extends": ".pyreadiness"}
    job = data[".pyreadiness"]
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"] == {
        "codequality": "gl-code-quality-report.json",
        "junit": "pyreadiness-junit.xml",
    }
    assert job["before_script"][1:] == [
        'python -m pip install --quiet --disable-pip-version-check "$PYREADINESS_PIP_SPEC"'
    ]
    assert job["variables"]["PYREADINESS_PIP_SPEC"] == ""  # required: no PyPI default


def _guard(spec: str) -> subprocess.CompletedProcess[str]:
    """The before_script's first line (the check of PYREADINESS_PIP_SPEC) under ``sh -e``."""
    guard = load_template()[".pyreadiness"]["before_script"][0]
    env = {"PATH": os.environ.get("PATH", ""), "PYREADINESS_PIP_SPEC": spec}
    return subprocess.run(
        ["sh", "-e", "-c", guard], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "spec",
    ["", "pyreadiness", "pyreadiness==0.1.0", "PyReadiness>=0.1", "pyreadiness[all]", "other"],
)
def test_the_job_refuses_a_spec_that_installs_from_pypi(spec: str) -> None:
    """The name "pyreadiness" on PyPI is not this project's: a bare name must never install."""
    run = _guard(spec)
    assert run.returncode == 1
    assert "PYREADINESS_PIP_SPEC" in run.stderr
    assert "docs/ci.md" in run.stderr


@pytest.mark.parametrize(
    "spec",
    [
        "git+https://example.org/acme/pyreadiness@0123456789abcdef0123456789abcdef01234567",
        "pyreadiness @ git+https://example.org/acme/pyreadiness@v1",
        "./wheels/pyreadiness-0.1.0-py3-none-any.whl",
        "/opt/wheels/pyreadiness-0.1.0-py3-none-any.whl",
    ],
)
def test_the_job_accepts_a_pinned_git_url_or_a_wheel(spec: str) -> None:
    run = _guard(spec)
    assert (run.returncode, run.stderr) == (0, "")


def test_script_writes_the_reports_gitlab_collects(tmp_path: Path) -> None:
    args = f"--cache-dir {tmp_path / 'cache'} --vuln-db {FIXTURES / 'report-every-checker-osv'}"
    code, out, project, job = run_job(
        tmp_path, PYREADINESS_PATH=str(FIXTURES / "report-every-checker"), PYREADINESS_ARGS=args
    )
    assert code == 0, out
    reports = job["artifacts"]["reports"]
    issues = json.loads((project / reports["codequality"]).read_text(encoding="utf-8"))
    assert issues
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}
    assert all(i["location"]["path"].startswith("fixtures/report-every-checker/") for i in issues)
    suites = ET.parse(project / reports["junit"]).getroot()  # noqa: S314 - our own output
    assert suites.tag == "testsuites"
    assert int(suites.get("tests", "0")) >= 1
    for path in job["artifacts"]["paths"]:
        assert (project / path).is_file(), path
    assert (project / "pyreadiness.md").read_text(encoding="utf-8").startswith("## pyreadiness:")


def test_fail_under_fails_the_job_and_still_writes_reports(tmp_path: Path) -> None:
    code, out, project, _ = run_job(
        tmp_path,
        PYREADINESS_PATH=str(FIXTURES / "report-every-checker"),
        PYREADINESS_FAIL_UNDER="99.5",
        PYREADINESS_ARGS=f"--cache-dir {tmp_path / 'cache'} --select lint",
    )
    assert code == 1, out
    assert "is below 99.5" in out
    assert (project / "gl-code-quality-report.json").is_file()
    assert (project / "pyreadiness-junit.xml").is_file()
