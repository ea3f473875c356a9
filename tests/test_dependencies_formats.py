"""Reading every declaration and lock format: exact names, specifiers, kinds and lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.discover.dependencies import (
    DependencyKind,
    DependencySet,
    LockFormat,
    read_dependencies,
)
from pyreadiness.discover.inventory import build_inventory
from tests.helpers import FIXTURES

R = DependencyKind.RUNTIME
OPT = DependencyKind.OPTIONAL
D = DependencyKind.DEVELOPMENT
B = DependencyKind.BUILD
C = DependencyKind.CONSTRAINT


def _read(name: str) -> DependencySet:
    return read_dependencies(build_inventory(FIXTURES / name))


def _declared(deps: DependencySet) -> list[tuple[str, str, DependencyKind, str, str]]:
    return [
        (d.name, d.specifier, d.kind, d.group, f"{d.source_file}:{d.line}") for d in deps.declared
    ]


def _pins(deps: DependencySet) -> list[tuple[str, str, str, bool]]:
    return [(p.name, p.version, f"{p.source_file}:{p.line}", p.hashes) for p in deps.locked]


def test_pep621_and_uv_lock() -> None:
    deps = _read("deps-pep621-uv-lock")
    assert _declared(deps) == [
        ("hatchling", "", B, "build", "pyproject.toml:2"),
        ("requests", ">=2.31", R, "main", "pyproject.toml:10"),
        ("click", ">=8", R, "main", "pyproject.toml:11"),
        ("pytest", ">=8", OPT, "test", "pyproject.toml:15"),
    ]
    (lock,) = deps.lock_files
    assert (lock.path, lock.format, lock.root_name) == ("uv.lock", LockFormat.UV, "demo")
    assert _pins(deps) == [
        ("certifi", "2024.8.30", "uv.lock:5", True),
        ("click", "8.1.7", "uv.lock:11", True),
        ("idna", "3.8", "uv.lock:37", True),
        ("pytest", "8.3.2", "uv.lock:45", True),
        ("requests", "2.32.3", "uv.lock:51", True),
        ("urllib3", "2.2.2", "uv.lock:62", True),
    ]
    assert deps.project.name == "demo"
    assert deps.project.build_backend == "hatchling.build"
    assert deps.files == ("pyproject.toml", "uv.lock")
    assert deps.problems == ()


def test_poetry_constraints_groups_extras_and_lock() -> None:
    deps = _read("deps-poetry-lock")
    assert _declared(deps) == [
        ("poetry-core", ">=1.9", B, "build", "pyproject.toml:2"),
        ("requests", ">=2.31,<3.0", R, "main", "pyproject.toml:13"),
        ("rich", ">=13", OPT, "fancy", "pyproject.toml:14"),
        ("pytest", ">=8.0,<9.0", D, "dev", "pyproject.toml:20"),
    ]
    assert deps.lock_files[0].format is LockFormat.POETRY
    assert [p.name for p in deps.locked] == [
        "certifi", "idna", "pytest", "requests", "rich", "urllib3",
    ]  # fmt: skip
    assert ("requests", "2.32.3", "poetry.lock:34", True) in _pins(deps)


def test_pdm_dev_dependencies_and_lock_groups() -> None:
    deps = _read("deps-pdm-lock")
    assert _declared(deps)[1:] == [
        ("httpx", ">=0.27", R, "main", "pyproject.toml:8"),
        ("pytest", ">=8", D, "test", "pyproject.toml:11"),
    ]
    assert [(p.name, p.groups, p.line) for p in deps.locked] == [
        ("anyio", ("default",), 11),
        ("httpx", ("default",), 21),
        ("pytest", ("test",), 34),
    ]


def test_pipfile_and_pipfile_lock() -> None:
    deps = _read("deps-pipfile-lock")
    assert _declared(deps) == [
        ("flask", "==3.0.3", R, "main", "Pipfile:7"),
        ("requests", "", R, "main", "Pipfile:8"),
        ("pytest", "", D, "dev", "Pipfile:11"),
    ]
    assert [(p.name, p.version, p.line, p.groups) for p in deps.locked] == [
        ("flask", "3.0.3", 19, ("default",)),
        ("requests", "2.32.3", 26, ("default",)),
        ("pytest", "8.3.2", 35, ("develop",)),
    ]
    assert deps.project.metadata_file is None


def test_pylock_leaves_out_the_project_itself() -> None:
    deps = _read("deps-pylock")
    (lock,) = deps.lock_files
    assert (lock.format, lock.root_name) == (LockFormat.PYLOCK, "pylock-demo")
    assert _pins(deps) == [("attrs", "23.2.0", "pylock.toml:7", True)]


def test_pip_compile_output_is_a_lock_with_its_sources() -> None:
    deps = _read("deps-pip-tools-hashes")
    assert _declared(deps) == [
        ("django", ">=4.2", R, "requirements", "requirements.in:1"),
        ("celery", "", R, "requirements", "requirements.in:2"),
    ]
    (lock,) = deps.lock_files
    assert (lock.path, lock.format, lock.sources) == (
        "requirements.txt", LockFormat.PIP_COMPILE, ("requirements.in",),
    )  # fmt: skip
    assert _pins(deps) == [
        ("amqp", "5.2.0", "requirements.txt:7", True),
        ("asgiref", "3.8.1", "requirements.txt:10", True),
        ("celery", "5.4.0", "requirements.txt:13", True),
        ("django", "5.1", "requirements.txt:17", True),
        ("kombu", "5.4.0", "requirements.txt:20", True),
    ]


def test_requirements_includes_constraints_continuations_and_editables() -> None:
    deps = _read("deps-requirements-includes")
    assert _declared(deps) == [
        ("requests", "==2.32.3", C, "constraints", "constraints.txt:1"),
        ("urllib3", "==2.2.2", C, "constraints", "constraints.txt:2"),
        ("devkit", "", D, "requirements-dev", "requirements-dev.txt:2"),
        ("pytest", "==8.3.2", D, "requirements-dev", "requirements-dev.txt:3"),
        ("flask", ">=3", R, "requirements", "requirements.txt:3"),
        ("requests", ">=2.31", R, "requirements/base", "requirements/base.txt:2"),
        ("urllib3", "", R, "requirements/base", "requirements/base.txt:4"),
    ]
    devkit = deps.declared[2]
    assert devkit.url == "./tools/devkit"
    assert devkit.pinned_version is None
    assert deps.declared[5].marker == 'python_version >= "3.8"'
    assert deps.files == (
        "constraints.txt", "requirements-dev.txt", "requirements.txt", "requirements/base.txt",
    )  # fmt: skip
    # Exact pins of requirements/constraints files are resolved versions too.
    assert [(p.name, p.version, p.source_file, p.line) for p in deps.pins] == [
        ("pytest", "8.3.2", "requirements-dev.txt", 3),
        ("requests", "2.32.3", "constraints.txt", 1),
        ("urllib3", "2.2.2", "constraints.txt", 2),
    ]


def test_setup_cfg() -> None:
    deps = _read("deps-setup-cfg")
    assert _declared(deps) == [
        ("requests", ">=2", R, "main", "setup.cfg:8"),
        ("click", "<9", R, "main", "setup.cfg:9"),
        ("pytest", ">=8", OPT, "test", "setup.cfg:13"),
    ]
    assert (deps.project.name, deps.project.metadata_file) == ("cfgdemo", "setup.cfg")


def test_setup_py_read_through_the_syntax_tree_without_running_it() -> None:
    root = FIXTURES / "deps-setup-py"
    deps = _read("deps-setup-py")
    assert _declared(deps) == [
        ("numpy", ">=1.24", R, "main", "setup.py:9"),
        ("pandas", ">=2", R, "main", "setup.py:10"),
        ("matplotlib", ">=3.7", OPT, "plot", "setup.py:17"),
    ]
    assert (deps.project.name, deps.project.metadata_file) == ("pydemo", "setup.py")
    assert not (root / "SETUP_PY_WAS_EXECUTED").exists()


def test_hatch_environments_in_pyproject_and_hatch_toml() -> None:
    deps = _read("deps-hatch-envs")
    assert [row for row in _declared(deps) if row[2] is D] == [
        ("ruff", ">=0.6", D, "lint", "hatch.toml:3"),
        ("pytest", "", D, "default", "pyproject.toml:12"),
        ("coverage", ">=7", D, "default", "pyproject.toml:13"),
        ("mkdocs", ">=1.6", D, "docs", "pyproject.toml:17"),
    ]
    assert deps.declared[4].extras == ("toml",)
    assert deps.files == ("hatch.toml", "pyproject.toml")


def test_pep735_groups_skip_include_group_tables() -> None:
    deps = _read("deps-pep735-groups")
    assert [row for row in _declared(deps) if row[2] is D] == [
        ("pytest", ">=8", D, "test", "pyproject.toml:12"),
        ("mypy", ">=1.10", D, "typing", "pyproject.toml:15"),
    ]


@pytest.mark.parametrize(
    ("fixture", "problems"),
    [
        ("deps-malformed-toml", [("malformed-toml", "pyproject.toml", 5)]),
        (
            "deps-bad-requirement-line",
            [
                ("bad-requirement", "requirements.txt", 2),
                ("bad-requirement", "requirements.txt", 3),
            ],
        ),
        ("deps-include-cycle", [("include-cycle", "requirements/b.txt", 1)]),
        (
            "deps-include-outside",
            [
                ("include-outside", "requirements.txt", 1),
                ("include-outside", "requirements.txt", 2),
                ("include-missing", "requirements.txt", 3),
            ],
        ),
        ("deps-pipfile-lock-not-json", [("malformed-lock", "Pipfile.lock", 1)]),
    ],
)
def test_broken_input_is_a_problem_with_file_and_line(
    fixture: str, problems: list[tuple[str, str, int]]
) -> None:
    deps = _read(fixture)
    assert [(p.rule, p.path, p.line) for p in deps.problems] == problems


def test_broken_requirement_lines_do_not_hide_the_good_ones() -> None:
    deps = _read("deps-bad-requirement-line")
    assert [(d.name, d.line) for d in deps.declared] == [("requests", 1), ("click", 4)]


def test_include_cycle_still_reads_every_file_once() -> None:
    deps = _read("deps-include-cycle")
    assert [(d.name, d.source_file) for d in deps.declared] == [
        ("requests", "requirements.txt"),
        ("click", "requirements/a.txt"),
        ("attrs", "requirements/b.txt"),
    ]
    assert "include cycle: requirements/a.txt -> requirements/b.txt -> requirements/a.txt" in (
        deps.problems[0].message
    )


def test_nothing_declared_reads_nothing(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("print('hi')\n")
    deps = read_dependencies(build_inventory(tmp_path))
    assert deps == DependencySet()
