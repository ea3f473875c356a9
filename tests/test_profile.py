"""Profile detection (principle 3, judge by role): a fixture per profile, edge cases in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.discover.inventory import build_inventory
from pyreadiness.discover.profile import detect_profile
from pyreadiness.model import Profile, ProfileDecision
from tests.helpers import FIXTURES, check_json, write_tree

BUILD = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'


def _detect(root: Path, configured: Profile | None = None) -> ProfileDecision:
    return detect_profile(build_inventory(root), configured)


@pytest.mark.parametrize(
    ("fixture", "profile", "evidence"),
    [
        (
            "profile-library",
            Profile.LIBRARY,
            "pyproject.toml declares a build backend; classified as a library",
        ),
        (
            "profile-cli",
            Profile.CLI,
            "pyproject.toml declares a build backend; console scripts (greet), classified Console",
        ),
        (
            "profile-application",
            Profile.APPLICATION,
            "Dockerfile at the root, and the project depends on fastapi, uvicorn: run as a service",
        ),
        (
            "profile-scripts",
            Profile.SCRIPTS,
            "no packaging metadata and no service entry point: scripts run by hand",
        ),
        (
            "profile-monorepo",
            Profile.MONOREPO,
            "2 projects (libs/client, libs/core) hold 2 of 2 shipped Python files",
        ),
    ],
)
def test_each_profile_is_detected_from_its_evidence(
    fixture: str, profile: Profile, evidence: str
) -> None:
    decision = _detect(FIXTURES / fixture)
    assert decision == ProfileDecision(profile=profile, evidence=evidence)


def test_configured_profile_wins_over_evidence() -> None:
    decision = _detect(FIXTURES / "profile-monorepo", Profile.APPLICATION)
    assert decision.profile is Profile.APPLICATION
    assert decision.configured


# Each situation as a reviewer would meet it: the files, the profile, the evidence given.
SITUATIONS = {
    "uv-workspace": (
        {"pyproject.toml": '[tool.uv.workspace]\nmembers = ["packages/*"]\n'},
        Profile.MONOREPO,
        "pyproject.toml declares a uv workspace ([tool.uv.workspace])",
    ),
    "hatch-workspace": (
        {"pyproject.toml": '[tool.hatch.envs.default]\nworkspace.members = ["packages/*"]\n'},
        Profile.MONOREPO,
        "pyproject.toml declares a hatch workspace ([tool.hatch.envs.default] workspace.members)",
    ),
    # pypa/hatch: the root package and its build backend in backend/
    "packaged-root-and-one-nested-project": (
        {
            "pyproject.toml": BUILD,
            "src/tool/__init__.py": "",
            "backend/pyproject.toml": BUILD,
            "backend/src/backend/__init__.py": "",
        },
        Profile.MONOREPO,
        "2 projects (the root and backend) hold 2 of 2 shipped Python files",
    ),
    # Most code is loose scripts: two packaged article folders do not make a monorepo.
    "tutorial-with-a-few-packaged-folders": (
        {f"article{i}/demo.py": "print(1)\n" for i in range(6)}
        | {"pkg-a/pyproject.toml": BUILD, "pkg-a/a.py": "", "pkg-b/setup.py": "", "pkg-b/b.py": ""},
        Profile.SCRIPTS,
        "no packaging metadata and no service entry point: scripts run by hand",
    ),
    "packaging-files-in-tests-examples-or-too-deep": (
        {
            "pyproject.toml": BUILD,
            "src/lib/__init__.py": "",
            "tests/data/proj/pyproject.toml": BUILD,
            "examples/app/setup.py": "",
            "a/b/c/d/pyproject.toml": BUILD,
        },
        Profile.LIBRARY,
        "pyproject.toml declares a build backend",
    ),
    # A CLI ships a Dockerfile to run the tool in a container: not a service.
    "cli-with-a-dockerfile": (
        {
            "Dockerfile": "FROM python:3.13\n",
            "pyproject.toml": BUILD + '[project]\nname = "t"\ndependencies = ["requests"]\n'
            '[project.scripts]\nt = "t:main"\n',
            "t/__init__.py": "",
        },
        Profile.CLI,
        "pyproject.toml declares a build backend; console scripts (t) and no py.typed marker",
    ),
    "compose-file": (
        {"compose.yaml": "services: {}\n", "pyproject.toml": BUILD},
        Profile.APPLICATION,
        "compose.yaml at the root runs it as a service",
    ),
    "console-scripts-and-py-typed": (
        {
            "pyproject.toml": BUILD + '[project]\nname = "x"\n[project.scripts]\nx = "x:main"\n',
            "x/__init__.py": "",
            "x/py.typed": "",
        },
        Profile.LIBRARY,
        "pyproject.toml declares a build backend",
    ),
    "unpackaged-single-package": (
        {f"bot/m{i}.py": "" for i in range(8)}
        | {"bot/__init__.py": "", "run.py": "", "requirements.txt": "discord.py\n"},
        Profile.APPLICATION,
        "not packaged; the package bot/ holds 9 of 10 shipped Python files: "
        "one application run as it is",
    ),
    "malformed-pyproject": (
        {"pyproject.toml": "[project\n", "a.py": ""},
        Profile.SCRIPTS,
        "no packaging metadata and no service entry point: scripts run by hand",
    ),
}


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_situation_gives_profile_and_evidence(situation: str, tmp_path: Path) -> None:
    files, profile, evidence = SITUATIONS[situation]
    write_tree(tmp_path, files)
    assert _detect(tmp_path) == ProfileDecision(profile=profile, evidence=evidence)


@pytest.mark.parametrize(
    "files",
    [
        # cookiecutter: [project] with scripts and no [build-system]; pip builds it anyway.
        {
            "pyproject.toml": '[project]\nname = "c"\nclassifiers = ["Environment :: Console"]\n'
            '[project.scripts]\nc = "c:main"\n',
        },
        # setup.py is read as text, never run.
        {
            "setup.py": "raise SystemExit('never run')\n"
            "setup(entry_points={'console_scripts': ['t=t:main']})\n",
        },
    ],
    ids=["project-scripts-without-build-system", "setup-py-console-scripts"],
)
def test_console_scripts_make_a_cli(files: dict[str, str], tmp_path: Path) -> None:
    write_tree(tmp_path, files | {"t/__init__.py": ""})
    assert _detect(tmp_path).profile is Profile.CLI


def test_report_carries_the_profile_and_its_pillar_weights(cache_dir: Path) -> None:
    _, report = check_json(
        FIXTURES / "profile-application", "--select", "ci", "--offline", cache_dir=cache_dir
    )
    assert report["profile"] == {
        "id": "application",
        "evidence": "Dockerfile at the root, and the project depends on fastapi, uvicorn: "
        "run as a service",
        "configured": False,
    }
    assert {p["id"]: p["weight"] for p in report["pillars"]} == {"delivery": 20.0}


def test_profile_evidence_from_repository_names_is_inert(tmp_path: Path, cache_dir: Path) -> None:
    # A console script named with an ANSI escape: the evidence quotes it, visibly escaped.
    repo = tmp_path / "repo"  # the cache lives in tmp_path, outside the scanned repository
    write_tree(
        repo,
        {
            "pyproject.toml": BUILD + '[project]\nname = "t"\n[project.scripts]\n'
            '"\\u001b[31mred" = "t:main"\n',
            "t/__init__.py": "",
        },
    )
    _, report = check_json(repo, "--select", "ci", "--offline", cache_dir=cache_dir)
    evidence = report["profile"]["evidence"]
    assert "\x1b" not in evidence
    assert "console scripts (\\x1b[31mred)" in evidence
