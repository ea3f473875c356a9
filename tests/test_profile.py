"""Profile detection (principle 3, judge by role): a fixture per profile, edge cases in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.discover.inventory import build_inventory
from pyreadiness.discover.profile import detect_profile
from pyreadiness.model import Profile, ProfileDecision
from tests.helpers import FIXTURES, check_json

BUILD = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


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


def test_uv_workspace_is_a_monorepo(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": '[tool.uv.workspace]\nmembers = ["packages/*"]\n'})
    decision = _detect(tmp_path)
    assert decision.profile is Profile.MONOREPO
    assert decision.evidence == "pyproject.toml declares a uv workspace ([tool.uv.workspace])"


def test_hatch_workspace_is_a_monorepo(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"pyproject.toml": '[tool.hatch.envs.default]\nworkspace.members = ["packages/*"]\n'},
    )
    assert _detect(tmp_path).profile is Profile.MONOREPO


def test_packaged_root_with_one_nested_project_is_a_monorepo(tmp_path: Path) -> None:
    # pypa/hatch: the root package and its build backend in backend/
    write_tree(
        tmp_path,
        {
            "pyproject.toml": BUILD,
            "src/tool/__init__.py": "",
            "backend/pyproject.toml": BUILD,
            "backend/src/backend/__init__.py": "",
        },
    )
    decision = _detect(tmp_path)
    assert decision.profile is Profile.MONOREPO
    assert decision.evidence == "2 projects (the root and backend) hold 2 of 2 shipped Python files"


def test_tutorial_collection_with_a_few_packaged_folders_is_scripts(tmp_path: Path) -> None:
    # Most code is loose scripts: two packaged article folders do not make a monorepo.
    files = {f"article{i}/demo.py": "print(1)\n" for i in range(6)}
    files |= {"pkg-a/pyproject.toml": BUILD, "pkg-a/a.py": ""}
    files |= {"pkg-b/setup.py": "", "pkg-b/b.py": ""}
    write_tree(tmp_path, files)
    assert _detect(tmp_path).profile is Profile.SCRIPTS


def test_packaging_files_in_tests_examples_or_too_deep_are_not_projects(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": BUILD,
            "src/lib/__init__.py": "",
            "tests/data/proj/pyproject.toml": BUILD,
            "examples/app/setup.py": "",
            "a/b/c/d/pyproject.toml": BUILD,
        },
    )
    assert _detect(tmp_path).profile is Profile.LIBRARY


def test_a_cli_shipping_a_dockerfile_stays_a_cli(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "Dockerfile": "FROM python:3.13\n",
            "pyproject.toml": BUILD + '[project]\nname = "t"\ndependencies = ["requests"]\n'
            '[project.scripts]\nt = "t:main"\n',
            "t/__init__.py": "",
        },
    )
    decision = _detect(tmp_path)
    assert decision.profile is Profile.CLI
    assert decision.evidence == (
        "pyproject.toml declares a build backend; console scripts (t) and no py.typed marker"
    )


def test_compose_file_makes_an_application_whatever_else_is_there(tmp_path: Path) -> None:
    write_tree(tmp_path, {"compose.yaml": "services: {}\n", "pyproject.toml": BUILD})
    decision = _detect(tmp_path)
    assert decision.profile is Profile.APPLICATION
    assert decision.evidence == "compose.yaml at the root runs it as a service"


def test_console_scripts_with_py_typed_is_a_library(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": BUILD + '[project]\nname = "x"\n[project.scripts]\nx = "x:main"\n',
            "x/__init__.py": "",
            "x/py.typed": "",
        },
    )
    assert _detect(tmp_path) == ProfileDecision(
        profile=Profile.LIBRARY, evidence="pyproject.toml declares a build backend"
    )


def test_project_scripts_without_build_system_is_packaged(tmp_path: Path) -> None:
    # cookiecutter: [project] with scripts and no [build-system]; pip builds it anyway.
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "c"\nclassifiers = ["Environment :: Console"]\n'
            '[project.scripts]\nc = "c:main"\n',
            "c/__init__.py": "",
        },
    )
    assert _detect(tmp_path).profile is Profile.CLI


def test_setup_py_console_scripts_are_read_as_text_never_run(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "setup.py": "raise SystemExit('never run')\n"
            "setup(entry_points={'console_scripts': ['t=t:main']})\n",
            "t/__init__.py": "",
        },
    )
    assert _detect(tmp_path).profile is Profile.CLI


def test_unpackaged_single_package_is_an_application(tmp_path: Path) -> None:
    files = {f"bot/m{i}.py": "" for i in range(8)} | {"bot/__init__.py": "", "run.py": ""}
    write_tree(tmp_path, files | {"requirements.txt": "discord.py\n"})
    decision = _detect(tmp_path)
    assert decision.profile is Profile.APPLICATION
    assert decision.evidence == (
        "not packaged; the package bot/ holds 9 of 10 shipped Python files: "
        "one application run as it is"
    )


def test_malformed_pyproject_does_not_break_detection(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": "[project\n", "a.py": ""})
    assert _detect(tmp_path).profile is Profile.SCRIPTS


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
