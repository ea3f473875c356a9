"""Following a CI command one level down: tox, nox, pre-commit, hatch and scripts."""

from __future__ import annotations

from pathlib import Path

from pyreadiness.checkers.ci.follow import Found, follow
from pyreadiness.checkers.ci.model import Category
from pyreadiness.checkers.ci.runners import Follow
from pyreadiness.checkers.ci.tox import expand_braces
from pyreadiness.discover.inventory import Inventory, build_inventory

T, L, Y = Category.TESTS, Category.LINT, Category.TYPECHECK


def repo(tmp_path: Path, files: dict[str, str]) -> Inventory:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return build_inventory(tmp_path)


def summary(found: list[Found] | None) -> list[tuple[str, list[Category], bool]]:
    assert found is not None
    return [(f.text, sorted(f.categories), bool(f.no_fail)) for f in found]


# -- tox --------------------------------------------------------------------------------------
TOX_INI = """\
[tox]
envlist = py{311,312}, lint, type

[testenv]
deps = pytest
commands =
    pytest {posargs:tests}
    cov: coverage report

[testenv:lint]
commands =
    ruff check .
    - flake8 src

[testenv:type]
commands = {envpython} -m mypy src
"""


def test_tox_default_envs_and_named_envs(tmp_path: Path) -> None:
    inventory = repo(tmp_path, {"tox.ini": TOX_INI})
    assert summary(follow(inventory, Follow(kind="tox"))) == [
        ("pytest tests", [T], False),
        ("pytest tests", [T], False),
        ("ruff check .", [L], False),
        ("flake8 src", [L], True),  # `-` prefix: tox ignores its exit code
        ("python -m mypy src", [Y], False),
    ]
    assert summary(follow(inventory, Follow(kind="tox", names=("py312-cov",)))) == [
        ("pytest tests", [T], False),
        ("coverage report", [], False),
    ]
    found = follow(inventory, Follow(kind="tox", names=("lint",)))
    assert found is not None and [f.line for f in found] == [12, 13]


def test_tox_factor_filter(tmp_path: Path) -> None:
    inventory = repo(tmp_path, {"tox.ini": TOX_INI})
    found = follow(inventory, Follow(kind="tox", options=("factor=type",)))
    assert summary(found) == [("python -m mypy src", [Y], False)]


def test_tox_in_pyproject_native_and_legacy_and_tox_toml(tmp_path: Path) -> None:
    native = """\
[tool.tox]
env_list = ["3.12", "lint"]
[tool.tox.env_run_base]
commands = [["pytest", { replace = "posargs", default = ["tests"], extend = true }]]
[tool.tox.env.lint]
commands = [["ruff", "check", "."]]
"""
    inventory = repo(tmp_path / "a", {"pyproject.toml": native})
    assert summary(follow(inventory, Follow(kind="tox"))) == [
        ("pytest tests", [T], False),
        ("ruff check .", [L], False),
    ]
    legacy = '[tool.tox]\nlegacy_tox_ini = """\n[testenv]\ncommands = mypy src\n"""\n'
    inventory = repo(tmp_path / "b", {"pyproject.toml": legacy})
    assert summary(follow(inventory, Follow(kind="tox"))) == [("mypy src", [Y], False)]
    toml = 'env_list = ["type"]\n[env.type]\ncommands = [["pyright"]]\n'
    inventory = repo(tmp_path / "c", {"tox.toml": toml})
    assert summary(follow(inventory, Follow(kind="tox"))) == [("pyright", [Y], False)]


def test_tox_in_setup_cfg_and_no_config(tmp_path: Path) -> None:
    cfg = "[tox:tox]\nenvlist = py\n\n[testenv]\ncommands = python -m unittest\n"
    assert summary(follow(repo(tmp_path / "a", {"setup.cfg": cfg}), Follow(kind="tox"))) == [
        ("python -m unittest", [T], False)
    ]
    no_tox = repo(tmp_path / "b", {"setup.cfg": "[metadata]\nname = x\n"})
    assert follow(no_tox, Follow(kind="tox")) is None


def test_generative_names() -> None:
    assert expand_braces("py{310,311}-{lint,type}") == [
        "py310-lint",
        "py310-type",
        "py311-lint",
        "py311-type",
    ]


# -- nox --------------------------------------------------------------------------------------
NOXFILE = """\
import nox
from pathlib import Path

Path("IMPORTED").write_text("a noxfile must never be imported")
nox.options.sessions = ["tests", "lint"]


@nox.session(python=["3.11", "3.12"])
def tests(session):
    session.install("-e", ".")
    session.run("pytest", *session.posargs)


@nox.session
def lint(s: nox.Session) -> None:
    s.run(*"ruff check .".split())
    s.run(*["black", "--check", "."])


@nox.session(name="type-check", default=False)
def types(session):
    session.run("mypy", "src")
    session.run(session.env["TOOL"])


@nox.session(tags=["style"])
def docs(session):
    session.run("sphinx-build", "docs", "build")
"""


def test_nox_sessions_are_read_statically(tmp_path: Path) -> None:
    inventory = repo(tmp_path, {"noxfile.py": NOXFILE})
    assert summary(follow(inventory, Follow(kind="nox"))) == [
        ("pytest {?}", [T], False),
        ("ruff check .", [L], False),
        ("black --check .", [], False),
    ]
    assert summary(follow(inventory, Follow(kind="nox", names=("type-check",)))) == [
        ("mypy src", [Y], False)
    ]
    found = follow(inventory, Follow(kind="nox", names=("tests-3.12",)))
    assert summary(found) == [("pytest {?}", [T], False)]
    assert found is not None and found[0].line == 11
    assert len(follow(inventory, Follow(kind="nox", options=("all",))) or []) == 5
    assert not (tmp_path / "IMPORTED").exists()


def test_nox_without_default_sessions_runs_the_default_ones(tmp_path: Path) -> None:
    text = NOXFILE.replace('nox.options.sessions = ["tests", "lint"]\n', "")
    inventory = repo(tmp_path, {"noxfile.py": text})
    assert [f.text for f in follow(inventory, Follow(kind="nox")) or []] == [
        "pytest {?}",
        "ruff check .",
        "black --check .",
        "sphinx-build docs build",
    ]


def test_nox_tags_and_names_bound_to_module_constants(tmp_path: Path) -> None:
    noxfile = """\
import nox
QUALITY: str = "quality"
LINT = "lint"

@nox.session(name=LINT, tags=[QUALITY])
def lint_python(session):
    session.run("ruff", "check")

@nox.session(tags=["slow"])
def tests(session):
    session.run("pytest")
"""
    inventory = repo(tmp_path, {"noxfile.py": noxfile})
    tagged = follow(inventory, Follow(kind="nox", options=("tag=quality",)))
    assert summary(tagged) == [("ruff check", [L], False)]
    named = follow(inventory, Follow(kind="nox", names=("lint",)))
    assert summary(named) == [("ruff check", [L], False)]


def test_broken_or_missing_noxfile_cannot_be_followed(tmp_path: Path) -> None:
    assert follow(repo(tmp_path / "a", {"noxfile.py": "def (:\n"}), Follow(kind="nox")) is None
    assert follow(repo(tmp_path / "b", {"x.py": ""}), Follow(kind="nox")) is None


# -- pre-commit -------------------------------------------------------------------------------
PRE_COMMIT = """\
default_stages: [pre-commit]
repos:
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v5.0.0
    hooks:
      - id: check-yaml
  - repo: https://github.com/psf/black-pre-commit-mirror
    rev: 25.1.0
    hooks:
      - id: black
  - repo: local
    hooks:
      - id: unit
        name: unit tests
        entry: python -m pytest -q
        language: system
      - id: slow-types
        entry: mypy --strict src
        language: system
        stages: [manual]
"""


def test_pre_commit_hooks_by_id_entry_and_stage(tmp_path: Path) -> None:
    inventory = repo(tmp_path, {".pre-commit-config.yaml": PRE_COMMIT})
    assert summary(follow(inventory, Follow(kind="pre-commit"))) == [
        ("hook check-yaml", [], False),
        ("hook black", [], False),
        ("hook unit", [T], False),
    ]
    manual = Follow(kind="pre-commit", options=("stage=manual",))
    assert summary(follow(inventory, manual)) == [("hook slow-types", [Y], False)]
    only = Follow(kind="pre-commit", names=("black",))
    found = follow(inventory, only)
    assert summary(found) == [("hook black", [], False)]
    assert found is not None and found[0].line == 10


def test_pre_commit_config_broken_or_missing(tmp_path: Path) -> None:
    broken = repo(tmp_path / "a", {".pre-commit-config.yaml": "repos: [\n"})
    assert follow(broken, Follow(kind="pre-commit")) is None
    assert follow(repo(tmp_path / "b", {"x": ""}), Follow(kind="pre-commit")) is None


# -- hatch and scripts ------------------------------------------------------------------------
def test_hatch_scripts_and_plain_commands(tmp_path: Path) -> None:
    pyproject = """\
[tool.hatch.envs.types.scripts]
check = "mypy --install-types src"
[tool.hatch.envs.default.scripts]
all = ["ruff check .", "pytest"]
"""
    inventory = repo(tmp_path, {"pyproject.toml": pyproject})
    found = follow(inventory, Follow(kind="hatch", names=("check",), options=("env=types",)))
    assert summary(found) == [("mypy --install-types src", [Y], False)]
    found = follow(inventory, Follow(kind="hatch", names=("all",), options=("env=default",)))
    assert summary(found) == [("ruff check .", [L], False), ("pytest", [T], False)]
    found = follow(inventory, Follow(kind="hatch", names=("pytest", "-x"), options=("env=x",)))
    assert summary(found) == [("pytest -x", [T], False)]


def test_shell_scripts_respect_set_e(tmp_path: Path) -> None:
    inventory = repo(
        tmp_path,
        {
            "scripts/strict.sh": "#!/bin/bash\nset -euo pipefail\npytest\nmypy src\n",
            "scripts/loose.sh": "#!/bin/sh\npytest\nruff check .\necho done\n",
            "ci/shebang.sh": "#!/bin/bash -e\npytest\necho done\n",
        },
    )
    strict = follow(inventory, Follow(kind="script", path="./scripts/strict.sh"))
    assert summary(strict) == [("pytest", [T], False), ("mypy src", [Y], False)]
    loose = follow(inventory, Follow(kind="script", path="scripts/loose.sh"))
    assert summary(loose) == [
        ("pytest", [T], True),
        ("ruff check .", [L], True),
        ("echo done", [], False),
    ]
    shebang = follow(inventory, Follow(kind="script", path="ci/shebang.sh"))
    assert summary(shebang) == [("pytest", [T], False), ("echo done", [], False)]


def test_python_scripts_and_paths_outside_the_repository(tmp_path: Path) -> None:
    script = """\
import os, subprocess, sys
subprocess.run([sys.executable, "-m", "pytest", "-q"], check=True)
subprocess.check_call(["ruff", "check", "."])
unit_args = [sys.executable, "-m", "pytest", "unit"]
subprocess.run(unit_args, check=True)
os.system("mypy src")
print("pytest is great")
"""
    inventory = repo(tmp_path, {"tools/check.py": script, "x.sh": "pytest\n"})
    found = follow(inventory, Follow(kind="script", path="tools/check.py"))
    assert summary(found) == [
        ("python -m pytest -q", [T], False),
        ("ruff check .", [L], False),
        ("python -m pytest unit", [T], False),
        ("mypy src", [Y], False),
    ]
    assert follow(inventory, Follow(kind="script", path="../x.sh")) is None
    assert follow(inventory, Follow(kind="script", path="/etc/passwd")) is None
    assert follow(inventory, Follow(kind="script", path="missing.sh")) is None
    assert follow(inventory, Follow(kind="task", names=("lint",))) is None
