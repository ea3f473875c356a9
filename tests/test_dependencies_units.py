"""Building blocks of the dependency readers, and odd input that must never raise."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.discover.dependencies import (
    Declared,
    DependencyKind,
    DependencySet,
    LockFile,
    LockFormat,
    Pinned,
    read_dependencies,
)
from pyreadiness.discover.dependencies.lines import TomlLines, split_key
from pyreadiness.discover.dependencies.poetry import translate
from pyreadiness.discover.dependencies.reqlines import logical_lines
from pyreadiness.discover.inventory import build_inventory
from tests.helpers import write_tree


@pytest.mark.parametrize(
    ("poetry", "pep440"),
    [
        ("^1.2.3", ">=1.2.3,<2.0"),
        ("^0.2.3", ">=0.2.3,<0.3"),
        ("^0.0.3", ">=0.0.3,<0.0.4"),
        ("^0", ">=0,<1.0"),
        ("~1.2.3", ">=1.2.3,<1.3"),
        ("~1", ">=1,<2.0"),
        ("*", ""),
        ("", ""),
        ("1.2.3", "==1.2.3"),
        ("1.2.*", "==1.2.*"),
        (">= 1.2, < 2.0", ">=1.2,<2.0"),
        ("~=1.2", "~=1.2"),
        ("!=1.5", "!=1.5"),
        ("1.0 || 2.0", ""),
        ("^banana", None),
    ],
)
def test_poetry_constraint_translation(poetry: str, pep440: str | None) -> None:
    assert translate(poetry) == pep440


def test_logical_lines_join_continuations_and_strip_comments() -> None:
    text = (
        "# comment\n"
        "requests==2.0 \\\n"
        "    --hash=sha256:abc  # trailing\n"
        "\n"
        "-r other.txt\n"
        "--requirement=more.txt\n"
        "url#fragment-is-not-a-comment\n"
        "--bogus\n"
        "-c\n"
    )
    lines = logical_lines(text)
    assert [(ln.number, ln.requirement) for ln in lines] == [
        (2, "requests==2.0"),
        (5, ""),
        (6, ""),
        (7, "url#fragment-is-not-a-comment"),
        (8, ""),
        (9, ""),
    ]
    assert [(o.name, o.value) for o in lines[0].options] == [("--hash", "sha256:abc")]
    assert [(o.name, o.value) for o in lines[1].options] == [("-r", "other.txt")]
    assert [(o.name, o.value) for o in lines[2].options] == [("--requirement", "more.txt")]
    assert lines[4].bad_option == "--bogus"
    assert lines[5].bad_option == "-c (missing its value)"


def test_toml_lines_finds_keys_values_and_array_tables() -> None:
    text = (
        'project.name = "x"\n'
        "[project]\n"
        "dependencies = [\n"
        '  "requests>=2",\n'
        "  'attrs',\n"
        "]\n"
        '[tool.poetry.group."dev".dependencies]\n'
        'black = "^23"\n'
        "[[package]]\n"
        'name = "a"\n'
        "[package.metadata]\n"
        "[[package]]\n"
        'name = "b"\n'
    )
    lines = TomlLines(text)
    assert lines.value_line(("project",), "dependencies", "attrs") == 5
    assert lines.key_line(("project",), "name") == 1
    assert lines.key_line(("tool", "poetry", "group", "dev", "dependencies"), "black") == 8
    assert lines.key_line(("package",), "name", 1) == 13
    assert lines.span(("package",), 0) == (9, 12)
    assert split_key('tool.poetry.group."dev"') == ("tool", "poetry", "group", "dev")
    assert split_key("not a key") is None


def test_declared_pins_and_caps() -> None:
    def dep(spec: str, url: str | None = None) -> Declared:
        return Declared(
            name="x", specifier=spec, extras=(), marker=None, source_file="f", line=1,
            group="main", kind=DependencyKind.RUNTIME, url=url,
        )  # fmt: skip

    assert dep("==1.2.3").pinned_version == "1.2.3"
    assert dep("===1.2.3").pinned_version == "1.2.3"
    assert dep("==1.2.*").pinned_version is None
    assert dep(">=1,==1.2").pinned_version == "1.2"
    assert dep("==1.2", url="git+https://x").pinned_version is None
    assert [dep(s).capped for s in ("<2", "<=2", "~=1.2", "==1.2", "==1.*", ">=1", "!=1.5")] == [
        True, True, True, True, True, False, False,
    ]  # fmt: skip


def test_pins_merge_locks_and_declared_pins_sorted() -> None:
    lock = LockFile(
        path="uv.lock",
        format=LockFormat.UV,
        packages=(
            Pinned(
                name="b",
                version="1",
                source_file="uv.lock",
                line=3,
                hashes=True,
                lock=LockFormat.UV,
            ),
        ),
    )
    declared = Declared(
        name="a", specifier="==2", extras=(), marker=None, source_file="requirements.txt",
        line=1, group="requirements", kind=DependencyKind.RUNTIME, hashed=True,
    )  # fmt: skip
    deps = DependencySet(declared=(declared,), lock_files=(lock,))
    assert [(p.name, p.version, p.hashes, p.lock) for p in deps.pins] == [
        ("a", "2", True, None),
        ("b", "1", True, LockFormat.UV),
    ]


def _write(root: Path, files: dict[str, str | bytes]) -> DependencySet:
    return read_dependencies(build_inventory(write_tree(root, files)))


def test_setup_py_computed_arguments_are_reported_not_run(tmp_path: Path) -> None:
    deps = _write(
        tmp_path,
        {
            "setup.py": (
                "from setuptools import setup\n"
                "def reqs():\n"
                "    return open('requirements.txt').read().split()\n"
                "setup(\n"
                "    name='dyn',\n"
                "    install_requires=reqs(),\n"
                "    extras_require={'a': ['x>=1', make()]},\n"
                ")\n"
            )
        },
    )
    assert [(p.rule, p.line) for p in deps.problems] == [
        ("dynamic-setup-py", 6),
        ("dynamic-setup-py", 7),
    ]
    assert [(d.name, d.group) for d in deps.declared] == [("x", "a")]
    assert deps.project.name == "dyn"


def test_setup_py_syntax_error_is_a_problem(tmp_path: Path) -> None:
    deps = _write(tmp_path, {"setup.py": "setup(name='x'\n"})
    assert [(p.rule, p.path) for p in deps.problems] == [("malformed-setup-py", "setup.py")]


@pytest.mark.parametrize(
    "files",
    [
        {"pyproject.toml": "[project]\ndependencies = 'requests'\noptional-dependencies = 3\n"},
        {"pyproject.toml": "[tool.poetry]\ndependencies = ['x']\n[tool.poetry.group]\ndev = 1\n"},
        {"pyproject.toml": "[tool.poetry.dependencies]\nx = 3\ny = [{version='^1'}, 2]\n"},
        {"pyproject.toml": "[tool.hatch.envs]\ndefault = 'x'\n[dependency-groups]\na = 'b'\n"},
        {"pyproject.toml": "[project]\ndependencies = ['ok', 'not ok !!']\n"},
        {"uv.lock": "package = 3\n"},
        {"uv.lock": "[[package]]\nname = 3\n[[package]]\nversion = '1'\n"},
        {"poetry.lock": "not = toml = at all\n"},
        {"pylock.toml": "[[packages]]\nname = 'x'\ndirectory = 'oops'\n"},
        {"Pipfile.lock": "[1, 2]\n"},
        {"Pipfile.lock": '{"default": {"x": 1, "y": {"version": 2}}, "develop": []}\n'},
        {"Pipfile": "[packages]\nx = '>>>1'\ny = {git = 'https://x'}\n"},
        {"requirements.txt": b"\xff\xfe not utf-8\n"},
        {"requirements.txt": "-e\n-r\n--hash\nx==1 --hash\n"},
        {"requirements.txt": "-r /etc/passwd\n-r ~/x.txt\n-r ${HOME}/x.txt\n"},
        {"requirements.txt": "-r requirements.txt\n"},
        {"setup.cfg": "[options\ninstall_requires = x\n"},
        {"setup.cfg": "[options]\ninstall_requires =\n    x>=1\n    %%%\n"},
        {"hatch.toml": "[envs\n"},
        {"setup.py": "import setuptools\nsetuptools.setup(install_requires=REQS)\n"},
    ],
)
def test_odd_input_never_raises(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    deps = _write(tmp_path, files)
    assert isinstance(deps, DependencySet)
    for problem in deps.problems:
        assert problem.path in files or problem.path == "requirements.txt"
        assert problem.message


def test_requirement_file_including_itself_is_a_cycle(tmp_path: Path) -> None:
    deps = _write(tmp_path, {"requirements.txt": "-r requirements.txt\nx==1\n"})
    assert [(p.rule, p.line) for p in deps.problems] == [("include-cycle", 1)]
    assert [d.name for d in deps.declared] == ["x"]


def test_self_reference_and_local_project_are_not_dependencies(tmp_path: Path) -> None:
    deps = _write(
        tmp_path,
        {
            "pyproject.toml": (
                "[project]\nname = 'Me'\ndependencies = ['x']\n"
                "[project.optional-dependencies]\nall = ['me[x]']\n"
            ),
            "requirements-dev.txt": "-e .\n.[test]\n-e ./sub\n",
        },
    )
    assert [(d.name, d.url) for d in deps.declared] == [("x", None), ("sub", "./sub")]


def test_requirements_kind_follows_names_and_includes(tmp_path: Path) -> None:
    deps = _write(
        tmp_path,
        {
            "requirements.txt": "-r deps/base.txt\n",
            "deps/base.txt": "base-dep\n",
            "requirements-dev.txt": "-r deps/devonly.txt\n",
            "deps/devonly.txt": "dev-dep\n",
            "ci/requirements.txt": "ci-dep\n",
            "requirements/prod.txt": "prod-dep\n",
        },
    )
    assert {d.name: d.kind for d in deps.declared} == {
        "base-dep": DependencyKind.RUNTIME,
        "dev-dep": DependencyKind.DEVELOPMENT,
        "ci-dep": DependencyKind.DEVELOPMENT,
        "prod-dep": DependencyKind.RUNTIME,
    }


def test_pip_compile_sources_read_from_the_root_or_the_lock_folder(tmp_path: Path) -> None:
    header = "# This file is autogenerated by pip-compile with Python 3.11\n#    pip-compile {}\n"
    deps = _write(
        tmp_path,
        {
            "requirements/prod.in": "django\n",
            "requirements/prod.txt": header.format("requirements/prod.in") + "django==5.1\n",
            "requirements/dev.in": "pytest\n",
            "requirements/dev.txt": header.format("dev.in") + "pytest==8.3.2\n",
        },
    )
    sources = {lock.path: lock.sources for lock in deps.lock_files}
    assert "requirements/prod.in" in sources["requirements/prod.txt"]
    assert "requirements/dev.in" in sources["requirements/dev.txt"]
    assert [(p.name, p.source_file, p.line) for p in deps.locked] == [
        ("pytest", "requirements/dev.txt", 3),
        ("django", "requirements/prod.txt", 3),
    ]
