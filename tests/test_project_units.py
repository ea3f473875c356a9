"""The project checker's parts: licence fingerprints, SPDX, Python version claims, artifacts
set aside by discovery, broken inputs (findings, never tracebacks) and every weight."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.project import ProjectChecker, scoring
from pyreadiness.checkers.project.fingerprints import PROPRIETARY, recognise
from pyreadiness.checkers.project.pyclaims import parse_version
from pyreadiness.checkers.project.spdx import parse_expression
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.discover.python_eol import calendar
from pyreadiness.model import CheckResult, Profile, ProfileDecision
from pyreadiness.score.model import decay, linear
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES, ROOT, write_tree


def run(root: Path, cache_dir: Path, profile: Profile = Profile.LIBRARY) -> CheckResult:
    ctx = CheckContext(
        root=root,
        inventory=build_inventory(root),
        cache=Cache(cache_dir),
        profile=ProfileDecision(profile=profile, evidence="set by the test"),
    )
    return ProjectChecker().run(ctx)


def rules(result: CheckResult) -> list[tuple[str, str, str | None, int | None]]:
    return [(f.rule, f.severity.value, f.path, f.line) for f in result.findings]


# -- licence texts ---------------------------------------------------------------------------
MIT = (FIXTURES / "project-python-untested" / "LICENSE").read_text()
BSD2 = (
    "Copyright (c) 2026\n\nRedistribution and use in source and binary forms, with or without\n"
    "modification, are permitted provided that the following conditions are met: ..."
)
BSD3 = BSD2 + (
    "\n3. Neither the name of the copyright holder nor the names of its contributors may be "
    "used to endorse or promote products derived from this software without permission."
)


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        (MIT, "MIT"),
        (BSD2, "BSD-2-Clause"),
        (BSD3, "BSD-3-Clause"),
        ("  Apache License\n  Version 2.0, January 2004", "Apache-2.0"),
        ("GNU GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007", "GPL-3.0"),
        ("GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991", "GPL-2.0"),
        ("GNU LESSER GENERAL PUBLIC LICENSE\nVersion 2.1, February 1999", "LGPL-2.1"),
        ("GNU LESSER GENERAL PUBLIC LICENSE\nVersion 3, 29 June 2007", "LGPL-3.0"),
        ("GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007", "AGPL-3.0"),
        ("Mozilla Public License Version 2.0\n==================", "MPL-2.0"),
        (
            "ISC License\n\nPermission to use, copy, modify, and/or distribute this software "
            "for any purpose with or without fee is hereby granted, provided that the above "
            "copyright notice and this permission notice appear in all copies.",
            "ISC",
        ),
        (
            "This is free and unencumbered software released into the public domain.",
            "Unlicense",
        ),
        ("Copyright 2026 Example Corp. All rights reserved.\nConfidential.", PROPRIETARY),
        ("Do whatever you like, I guess.", None),
    ],
)
def test_licence_fingerprints(text: str, spdx: str | None) -> None:
    assert recognise(text) == spdx


def test_spdx_expressions_are_parsed_by_license_expression() -> None:
    assert parse_expression("MIT OR Apache-2.0").keys == {"MIT", "Apache-2.0"}
    assert parse_expression("MIT AND LicenseRef-Internal").error is None
    assert parse_expression("MIT OR Foo").error == "unknown licence id(s): Foo"
    assert parse_expression("MIT OR").error is not None


# -- Python versions ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("3.12", "3.12"),
        ("3.13t", "3.13"),
        ("3.12.1", "3.12"),
        ("3.14-dev", "3.14"),
        ("3.15.0a2", "3.15"),
        ("cpython-3.11", "3.11"),
        ("py3.10", "3.10"),
        ("pypy-3.10", None),
        ("3.x", None),
        ("${{ matrix.python }}", None),
    ],
)
def test_python_version_strings(text: str, version: str | None) -> None:
    assert parse_version(text) == version


def test_hostile_values_cost_no_backtracking() -> None:
    assert parse_version("3.1" + "a1" * 5_000) is None  # too long: not even matched
    assert parse_version("3.1" + "aaaa" * 9) is None


def test_end_of_life_calendar_ships_with_its_source() -> None:
    cal = calendar()
    assert cal.source.startswith("https://devguide.python.org/versions/")
    assert [r.version for r in cal.releases][:3] == ["2.7", "3.0", "3.1"]
    assert cal.eol_on("3.8", dt.date(2024, 10, 8)) is not None
    assert cal.eol_on("3.8", dt.date(2024, 10, 7)) is None  # the last day is still supported
    assert cal.eol_on("4.0", dt.date(2030, 1, 1)) is None  # unknown: never guessed


def test_tox_nox_dockerfile_and_targets_are_reconciled(tmp_path: Path, cache_dir: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.12"\n'
            '[tool.ruff]\ntarget-version = "py311"\n',
            "tox.ini": "[tox]\nenvlist = py{312,313}-unit, lint\n",
            "noxfile.py": 'import nox\nVERSIONS = ["3.11", "3.13"]\n\n\n'
            "@nox.session(python=VERSIONS)\ndef tests(session):\n    session.run('pytest')\n",
            "Dockerfile": "FROM --platform=linux/amd64 python:3.6-slim AS base\n",
            ".python-version": "# pyenv\n3.7.17\n",
            ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: x\n"
            "    steps:\n      - uses: actions/setup-python@v5\n        with:\n"
            "          python-version: 3.10\n",
        },
    )
    result = run(root, cache_dir)
    assert result.metrics["python_tested"] == ["3.11", "3.12", "3.13"]
    assert result.metrics["python_eol"] == ["3.7"]
    found = [r for r in rules(result) if r[0].startswith("python")]
    assert found == [
        ("python-eol", "medium", ".python-version", 2),  # the Dockerfile is deployment's
        ("python-ci-outside-requires", "low", "noxfile.py", 5),
        ("python-target-mismatch", "low", "pyproject.toml", None),
        ("python-version-unquoted", "low", ".github/workflows/ci.yml", 8),
    ]
    # 100 - 40 (end of life) - 10 (one tested version outside) - 10 (ruff target)
    assert {c.id: c.score for c in result.components}["python-versions"] == 40.0


def test_gitlab_images_and_azure_matrices_count_as_tested(tmp_path: Path, cache_dir: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.11"\n'
            'classifiers = ["Programming Language :: Python :: 3.11",'
            ' "Programming Language :: Python :: 3.12"]\n',
            ".gitlab-ci.yml": "test:\n  image: registry.example.org/python:3.11-slim\n"
            "  script: [pytest]\n",
            "azure-pipelines.yml": "strategy:\n  matrix:\n    py312:\n"
            "      python.version: '3.12'\nsteps:\n  - task: UsePythonVersion@0\n"
            "    inputs:\n      versionSpec: $(python.version)\n",
        },
    )
    result = run(root, cache_dir)
    assert result.metrics["python_tested"] == ["3.11", "3.12"]
    assert not [r for r in rules(result) if r[0] == "python-untested"]


# -- artifacts inside folders discovery sets aside -----------------------------------------------
def test_committed_pycache_and_dist_are_found_through_git(tmp_path: Path, cache_dir: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "README.md": "# x\n",
            "pkg/__pycache__/mod.cpython-312.pyc": b"\x00bytecode",
            "pkg/__pycache__/other.cpython-312.pyc": b"\x00bytecode",
            "dist/x-1.0-py3-none-any.whl": b"PK\x03\x04",
            "vendor/lib.py": "x = 1\n",
        },
    )
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A", "-f"], cwd=root, check=True)
    inventory = build_inventory(root)
    assert inventory.listed_by == "git"
    assert "pkg/__pycache__/mod.cpython-312.pyc" in inventory.set_aside
    assert not inventory.has("pkg/__pycache__/mod.cpython-312.pyc")  # still never read
    found = [r for r in rules(run(root, cache_dir)) if r[0].startswith("artifact")]
    assert found == [
        ("artifact-build-output", "medium", "dist/", None),
        ("artifact-bytecode", "medium", "pkg/__pycache__/", None),
    ]


def test_artifacts_under_test_folders_are_info(tmp_path: Path, cache_dir: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "tests/data/sample.sqlite3": b"SQLite format 3\x00",
            "fixtures/model.pkl": b"\x80\x04",
            "tests/helpers.cpython-312.pyc": b"\x00",
        },
    )
    result = run(root, cache_dir, Profile.SCRIPTS)
    assert [r for r in rules(result) if r[0].startswith("artifact")] == [
        ("artifact-pickle", "info", "fixtures/model.pkl", None),
        ("artifact-database", "info", "tests/data/sample.sqlite3", None),
        ("artifact-bytecode", "medium", "tests/helpers.cpython-312.pyc", None),
    ]
    artifacts = next(c for c in result.components if c.id == "artifacts")
    assert artifacts.score == 70.7  # one scored artifact: decay(1, half at 2)
    assert artifacts.detail.endswith("; 2 under test folders, not scored")


# -- broken inputs are findings, never tracebacks --------------------------------------------
def test_malformed_pyproject_is_a_finding(tmp_path: Path, cache_dir: Path) -> None:
    root = write_tree(
        tmp_path / "repo", {"pyproject.toml": "[project\nname = 'x'\n", "LICENSE": MIT}
    )
    result = run(root, cache_dir)
    assert ("pyproject-invalid", "high", "pyproject.toml", 1) in rules(result)
    assert result.score is not None


def test_binary_readme_licence_and_codeowners_are_findings(tmp_path: Path, cache_dir: Path) -> None:
    garbage = b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe"
    root = write_tree(
        tmp_path / "repo",
        {"README.md": garbage, "LICENSE": garbage, ".github/CODEOWNERS": garbage},
    )
    found = rules(run(root, cache_dir, Profile.SCRIPTS))
    assert ("readme-unreadable", "medium", "README.md", None) in found
    assert ("licence-unreadable", "low", "LICENSE", None) in found
    assert ("codeowners-invalid", "low", ".github/CODEOWNERS", None) in found


def test_garbage_codeowners_lines_are_findings(tmp_path: Path, cache_dir: Path) -> None:
    text = "!negated @a\n[Section]\n    \n*.py @ok\nno-owner-here\n!!! ??? ###\n\x1b[31m @x\n"
    root = write_tree(tmp_path / "repo", {"CODEOWNERS": text, "a.py": "x = 1\n"})
    found = [r for r in rules(run(root, cache_dir, Profile.SCRIPTS)) if "codeowners" in r[0]]
    assert found == [
        ("codeowners-invalid", "low", "CODEOWNERS", 1),
        ("codeowners-unknown-path", "low", "CODEOWNERS", 5),
        ("codeowners-invalid", "low", "CODEOWNERS", 6),
        ("codeowners-invalid", "low", "CODEOWNERS", 7),  # brackets: not supported
    ]


def test_invalid_metadata_values_are_findings(tmp_path: Path, cache_dir: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "pyproject.toml": '[build-system]\nrequires = ["x"]\nbuild-backend = "x"\n'
            '[project]\nname = "x"\nversion = "1"\nlicense = "MIT OR Foo"\n'
            'requires-python = ">=three"\nclassifiers = ["Made :: Up", '
            '"Natural Language :: Ukranian"]\nunknown-key = 1\n',
            "LICENSE": MIT,
        },
    )
    found = rules(run(root, cache_dir))
    assert ("licence-expression-invalid", "medium", "pyproject.toml", 7) in found
    assert ("requires-python-invalid", "medium", "pyproject.toml", 8) in found
    assert ("classifier-unknown", "low", "pyproject.toml", 9) in found
    assert ("classifier-deprecated", "low", "pyproject.toml", 9) in found
    assert ("pyproject-invalid", "medium", "pyproject.toml", None) in found


# -- profiles and weights -------------------------------------------------------------------------
def test_scripts_are_not_judged_on_packaging_or_docs(tmp_path: Path, cache_dir: Path) -> None:
    root = write_tree(tmp_path / "repo", {"README.md": "# notebooks\n\nUsage:\n\n```\nrun\n```\n"})
    result = run(root, cache_dir, Profile.SCRIPTS)
    assert [c.id for c in result.components] == ["licence", "readme", "artifacts"]
    assert ("licence-missing", "low", None, None) in rules(result)
    assert result.caps == ()


def test_weights_and_curve_points_are_pinned() -> None:
    library = {cid: scoring.weight(cid, Profile.LIBRARY) for cid in scoring.WEIGHTS}
    assert library == {
        "licence": 30,
        "readme": 15,
        "changelog": 5,
        "packaging-metadata": 15,
        "python-versions": 10,
        "artifacts": 10,
        "docs-build": 5,
        "docstrings": 10,
        "security-policy": 5,
        "contributing": 3,
        "codeowners": 2,
    }
    assert scoring.weight("licence", Profile.APPLICATION) == 10
    assert scoring.weight("packaging-metadata", Profile.SCRIPTS) is None
    assert scoring.NO_LICENCE_CAP == 60.0
    # midpoints: one artifact costs ~30%, 40% documented is half marks
    assert decay(1, half_at=scoring.ARTIFACTS_HALF_AT) == 70.7
    zero, full = scoring.DOCSTRINGS_ZERO_AT, scoring.DOCSTRINGS_FULL_AT
    assert linear(40.0, zero_at=zero, full_at=full) == 50.0
    assert (scoring.EOL_PENALTY, scoring.UNTESTED_PENALTY, scoring.UNTESTED_MAX) == (40, 15, 45)
    assert (scoring.OUTSIDE_PENALTY, scoring.OUTSIDE_MAX) == (10, 20)
    assert (scoring.MISSING_REQUIRES_PENALTY, scoring.TARGET_PENALTY) == (50, 10)


def test_the_weight_table_in_the_docs_is_the_code() -> None:
    text = (ROOT / "docs" / "checks" / "project.md").read_text(encoding="utf-8")
    order = (Profile.LIBRARY, Profile.MONOREPO, Profile.CLI, Profile.APPLICATION, Profile.SCRIPTS)
    documented = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        cid = cells[0].removesuffix(" (credit only)")
        if len(cells) == 6 and cid in scoring.WEIGHTS:
            documented[cid] = [None if c == "—" else float(c) for c in cells[1:]]
    assert documented == {
        cid: [by_profile[p] for p in order] for cid, by_profile in scoring.WEIGHTS.items()
    }
    flat = " ".join(text.split())
    assert f"overall score is at most **{scoring.NO_LICENCE_CAP:.0f}**" in flat
    assert f"`decay(artifacts, half_at={scoring.ARTIFACTS_HALF_AT:g})`" in flat
    assert f"full_at={scoring.DOCSTRINGS_FULL_AT:g})`" in flat
    assert f"minus {scoring.SCHEMA_PENALTY:g} when validate-pyproject rejects" in flat
    start = text.index("| situation | score | finding |")
    rows = text[start:].split("\n\n", 1)[0].splitlines()[2:]
    licence_scores = [float(row.split("|")[2]) for row in rows]
    assert licence_scores == sorted(scoring.LICENCE_SCORES.values(), reverse=True)
    readme = (scoring.README_PRESENT, scoring.README_INSTALL, scoring.README_USAGE)
    assert "Its score: {:g} for being there, +{:g} for an install section".format(*readme) in flat
    assert f"+{readme[2]:g} for a usage section" in flat
    for penalty in (scoring.EOL_PENALTY, scoring.MISSING_REQUIRES_PENALTY):
        assert f"| {penalty:g} " in text
    assert f"{scoring.UNTESTED_PENALTY:g} each, at most {scoring.UNTESTED_MAX:g}" in flat
    assert f"{scoring.OUTSIDE_PENALTY:g} each, at most {scoring.OUTSIDE_MAX:g}" in flat


# -- metadata read statically from every format ---------------------------------------------------
@pytest.mark.parametrize(
    ("files", "source", "present"),
    [
        (
            {
                "setup.cfg": "[metadata]\nname = x\nversion = 1\ndescription = d\n"
                "license = MIT\nclassifiers =\n    Programming Language :: Python :: 3.12\n"
                "[options]\npython_requires = >=3.12\n"
            },
            "setup.cfg",
            6,  # name, version, description, license, classifiers, requires-python
        ),
        (
            {
                "setup.py": "from setuptools import setup\nVERSION = '1'\n"
                "setup(name='x', version=VERSION, license='MIT', python_requires='>=3.12',\n"
                "      long_description=open('README.md').read(), url='https://x.org')\n"
            },
            "setup.py",
            6,  # computed values count as declared (version, long_description)
        ),
        (
            {
                "pyproject.toml": '[tool.poetry]\nname = "x"\nversion = "1"\ndescription = "d"\n'
                'license = "MIT"\nhomepage = "https://x.org"\n'
                '[tool.poetry.dependencies]\npython = "^3.12"\n'
            },
            "pyproject.toml",
            6,  # name, version, description, license, urls, requires-python; no backend
        ),
    ],
)
def test_metadata_formats(
    tmp_path: Path, cache_dir: Path, files: dict[str, str | bytes], source: str, present: int
) -> None:
    root = write_tree(tmp_path / "repo", {**files, "LICENSE": MIT})
    result = run(root, cache_dir)
    detail = next(c.detail for c in result.components if c.id == "packaging-metadata")
    assert detail.startswith(f"{present} of 9 fields")
    assert result.metrics["requires_python"] == ">=3.12"
    assert result.metrics["licence_declared"] == ["MIT"]
    assert [r[2] for r in rules(result) if r[0] == "build-backend-missing"] == [source]


def test_an_application_pinned_by_its_dockerfile(tmp_path: Path, cache_dir: Path) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "README.md": "# app\n\n## Deploy\n\n```\ndocker compose up\n```\n",
            "Dockerfile": "FROM python:3.13-slim\n",
            "pyproject.toml": '[project]\nname = "app"\nversion = "1"\n',
            "app/main.py": '"""The service."""\n',
        },
    )
    result = run(root, cache_dir, Profile.APPLICATION)
    assert {c.id: c.weight for c in result.components} == {
        "licence": 10.0,
        "readme": 15.0,
        "changelog": 3.0,
        "python-versions": 10.0,
        "artifacts": 10.0,
        "docstrings": 5.0,
    }
    assert ("licence-missing", "low", None, None) in rules(result)
    assert not [r for r in rules(result) if r[0].startswith(("requires-python", "metadata"))]
    assert result.caps == ()


def test_scripts_tested_only_on_end_of_life_pythons_lose_the_eol_points(
    cache_dir: Path,
) -> None:
    # googler: nothing claims a version, CI tests 3.6-3.9 only. With no claim, the penalties
    # had nothing to compare and python-versions scored 100 on no evidence of support; the
    # CI matrix is then the only statement of support, and all of it is end of life.
    result = run(
        FIXTURES / "project-scripts-tested-only-on-eol-pythons", cache_dir, Profile.SCRIPTS
    )
    assert [(c.id, c.weight, c.score) for c in result.components] == [
        ("licence", 10.0, 100.0),
        ("readme", 15.0, 100.0),
        ("python-versions", 10.0, 60.0),
        ("artifacts", 10.0, 100.0),
    ]
    versions = next(c for c in result.components if c.id == "python-versions")
    assert versions.detail == "requires-python missing; tested 3.7, 3.8; end of life: 3.7, 3.8"
    assert ("python-eol", "medium", ".github/workflows/ci.yml", 8) in rules(result)


def test_scripts_tested_on_a_supported_python_keep_full_marks(
    tmp_path: Path, cache_dir: Path
) -> None:
    fixture = FIXTURES / "project-scripts-tested-only-on-eol-pythons"
    ci = (fixture / ".github/workflows/ci.yml").read_text().replace('"3.8"', '"3.13"')
    root = write_tree(tmp_path / "repo", {".github/workflows/ci.yml": ci, "tool.py": "x = 1\n"})
    versions = next(
        c for c in run(root, cache_dir, Profile.SCRIPTS).components if c.id == "python-versions"
    )
    assert versions.score == 100.0
