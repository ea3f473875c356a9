"""A broken or hostile file is a finding, never a traceback; walks are iterative."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.hostile.harness import FORMATS, check, findings, minimal_repo

ALL = "tests,ci,typing,lint,security,dependencies"


@pytest.mark.slow
def test_500_nested_folders(tmp_path: Path) -> None:
    repo = minimal_repo(tmp_path / "repo")
    deep = repo / "src" / "victim"
    for _ in range(500):
        deep = deep / "d"
    os.makedirs(deep)  # noqa: PTH103 - one call, however deep
    (deep / "leaf.py").write_text("X = 1\n")
    outcome = check(repo, tmp_path / "cache", "--select", ALL)
    assert outcome.code == 0


DEEP_FILES: dict[str, dict[str, str | bytes]] = {
    "toml-pyproject": {"pyproject.toml": "x = " + "[" * 100_000 + "]" * 100_000 + "\n"},
    "toml-inline-tables": {"ruff.toml": "a = " + "{b = " * 5_000 + "1" + "}" * 5_000 + "\n"},
    "python": {
        "src/victim/deep.py": "x = "
        + "(" * 150
        + "1"
        + ")" * 150
        + "\n"
        + "y = "
        + "-" * 100_000
        + "1\n"
    },
    "setup-py": {
        "setup.py": "from setuptools import setup\nsetup(install_requires="
        + "[" * 100_000
        + "]" * 100_000
        + ")\n"
    },
    "noxfile": {"noxfile.py": "import nox\nX = " + "1+" * 100_000 + "1\n"},
    "pipfile-lock": {"Pipfile.lock": "[" * 100_000 + "]" * 100_000, "Pipfile": "[packages]\n"},
    "package-json": {"package.json": '{"a":' * 100_000 + "1" + "}" * 100_000},
    "yaml-workflow": {".github/workflows/ci.yml": "a: " + "[" * 100_000 + "]" * 100_000 + "\n"},
    "yaml-precommit": {
        ".pre-commit-config.yaml": "repos: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n"
    },
    "renovate-json": {"renovate.json": "[" * 100_000 + "]" * 100_000},
    "ipynb": {"notebook.ipynb": "[" * 100_000 + "]" * 100_000},
}


@pytest.mark.parametrize("case", sorted(DEEP_FILES))
def test_deeply_nested_files_are_findings(tmp_path: Path, case: str) -> None:
    repo = minimal_repo(tmp_path / "repo", DEEP_FILES[case])
    outcome = check(repo, tmp_path / "cache", "--select", ALL)
    report = outcome.json()
    errored = [(c["id"], c["reason"]) for c in report["checks"] if c["status"] == "error"]
    assert errored == []


def test_poetry_table_of_the_wrong_type(tmp_path: Path) -> None:
    repo = minimal_repo(tmp_path / "repo")
    with (repo / "pyproject.toml").open("a") as handle:
        handle.write("[tool.poetry]\nname = 'x'\ndependencies = 5\n[tool.poetry.group]\n")
    report = check(repo, tmp_path / "cache", "--select", "dependencies").json()
    assert [c["status"] for c in report["checks"]] != ["error"], report["checks"]


BAD_NAME = b"src/victim/caf\xe9_\xff\xfe.py"


def test_invalid_utf8_file_names_in_every_format(tmp_path: Path) -> None:
    repo = minimal_repo(tmp_path / "repo")
    raw = os.fsencode(repo) + b"/" + BAD_NAME
    with open(raw, "wb") as handle:  # noqa: PTH123 - a bytes path
        handle.write(b"import os\nx: int = 'no'\npassword = 'hunter2hunter2'\n")
    outcome = check(repo, tmp_path / "cache", "--select", ALL, formats=FORMATS)
    report = outcome.json()
    paths = {f["path"] for f in findings(report) if f["path"]}
    assert any("caf" in p for p in paths), paths
    for fmt, text in outcome.outputs.items():
        assert "\udcff" not in text and "\\udcff" not in text, fmt
    json.loads(outcome.outputs["json"])
    json.loads(outcome.outputs["sarif"])
    json.loads(outcome.outputs["codequality"])
    ET.fromstring(outcome.outputs["junit"].encode())  # noqa: S314 - our own output
