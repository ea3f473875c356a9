"""Units of the ci checker: shell semantics, command classification, runner configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.checkers.ci.commands import classify
from pyreadiness.checkers.ci.follow import follow
from pyreadiness.checkers.ci.makefile import parse_makefile, recipe_lines
from pyreadiness.checkers.ci.model import Category
from pyreadiness.checkers.ci.runners import Follow, name_guess
from pyreadiness.checkers.ci.shell import script_commands, tokens
from pyreadiness.checkers.ci.yamlload import Tagged, parse_yaml, truthy
from pyreadiness.discover.inventory import Inventory, build_inventory

T, L, Y = Category.TESTS, Category.LINT, Category.TYPECHECK
S = Category.SECURITY


def repo(tmp_path: Path, files: dict[str, str]) -> Inventory:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return build_inventory(tmp_path)


# -- shell ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("script", "errexit", "pipefail", "expected"),
    [
        ("pytest", True, False, ""),
        ("pytest || true", True, False, "`|| true` swallows"),
        ("pytest || echo failed", True, False, "`|| echo failed` swallows"),
        ("pytest || exit 0", True, False, "`|| exit 0` swallows"),
        ("pytest || exit 1", True, False, ""),
        ("pytest || (echo failed; exit 1)", True, False, ""),
        ("pytest\necho done", True, False, ""),
        ("pytest\necho done", False, False, "`set -e` is off"),
        ("set -e\npytest\necho done", False, False, ""),
        ("set -euo pipefail\npytest | tee log\necho done", False, False, ""),
        ("set +e\npytest\necho done", True, False, "`set -e` is off"),
        ("pytest | tee log", True, False, "piped into `tee`"),
        ("pytest | tee log", True, True, ""),
        ("pytest && echo ok\necho next", True, False, "left of `&&`"),
        ("pytest && echo ok", True, False, ""),
        ("if pytest; then echo ok; fi", True, False, "used as a condition"),
        ("pytest &\nwait", True, False, "runs in the background"),
        ("FOO=1 python -m pytest \\\n  -x tests", True, False, ""),
        ("pytest ||\n  true\necho next", True, False, "`|| true` swallows"),
        ('pytest ||\n  [[ "$PY" = pre ]]\necho next', True, False, ""),
        ("pytest |\n  tee log", True, False, "piped into `tee`"),
        ("pytest -k ${{ matrix.k || 'all' }}\necho next", True, False, ""),
    ],
)
def test_whether_a_command_failure_fails_the_script(
    script: str, errexit: bool, pipefail: bool, expected: str
) -> None:
    commands = script_commands(script, line=1, errexit=errexit, pipefail=pipefail)
    pytest_command = next(c for c in commands if "pytest" in c.text)
    if expected:
        assert expected in pytest_command.no_fail
    else:
        assert pytest_command.no_fail == ""


def test_script_lines_and_heredocs() -> None:
    script = "python -m pip install .\n# a comment\ncat <<EOF\npytest\nEOF\nmypy src  # types\n"
    commands = script_commands(script, line=10, errexit=True, pipefail=False)
    assert [(c.text, c.line) for c in commands] == [
        ("python -m pip install .", 10),
        ("cat", 12),
        ("mypy src", 15),
    ]


def test_an_outer_reason_applies_to_every_command() -> None:
    commands = script_commands("pytest\nmypy", line=1, errexit=True, pipefail=False, no_fail="x")
    assert {c.no_fail for c in commands} == {"x"}


# -- classification ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "categories"),
    [
        ("pytest -x", {T}),
        ("python3.12 -m pytest", {T}),
        ("uv run --extra test pytest", {T}),
        ("poetry run python -m unittest discover", {T}),
        ("coverage run -m pytest", {T}),
        ("hatch test", {T}),
        ("xvfb-run -a .venv/bin/pytest", {T}),
        ("python manage.py test", {T}),
        ("./manage.py test --parallel", {T}),
        ("python manage.py migrate", set()),
        ("ruff check .", {L}),
        ("ruff format --check .", set()),
        ("ruff format .", set()),
        ("black --check src", set()),  # a formatter is not a linter
        ("black src", set()),
        ("isort --check-only .", set()),
        ("hatch fmt --check", {L}),
        ("flake8", {L}),
        ("mypy --strict src", {Y}),
        ("npx pyright", {Y}),
        ("basedpyright", {Y}),
        ("ty check", {Y}),
        ("ty --version", set()),
        ("pdm run pytest", {T}),
        ("tox exec -e py -- pytest", {T}),
        ("pyreadiness check .", {S}),  # bandit, secrets and pip-audit behind a gate
        ("pip install pytest mypy ruff", set()),
        ("flake8 --version", set()),
        ("docker run --rm -v $PWD:/src -w /src python:3.12 python -m pytest", {T}),
        ("docker compose run --rm web pytest", {T}),
        ("docker-compose exec -T app mypy src", {Y}),
        ("docker build -t app .", set()),
        ('bash -c "cd src && pytest"', {T}),
        ('docker run img sh -c "make lint"', {L}),
        ("uvx ruff@0.6.0 check", {L}),
        ("pipx run black==24.1 --check .", set()),
        ("bandit -r src", {S}),
        ("uvx pip-audit --strict", {S}),
        ("python setup.py test", {T}),
        ("python -m snappy.test", {T}),
        ("python -m mypkg.tests.helpers", set()),
        ("python -mpytest -x", {T}),
        ('${PYTHON:="python3"} -m pytest', {T}),
        ("$PYTHON -m mypy src", {Y}),
        ("$PYTEST tests", {T}),
        ("$CMD tests", set()),
        ("echo pytest", set()),
        ("python -c 'import pytest'", set()),
    ],
)
def test_direct_classification(command: str, categories: set[Category]) -> None:
    result = classify(tokens(command))
    assert set(result.categories) == categories
    assert result.follow is None or command.startswith(("hatch", "pdm", "tox"))


@pytest.mark.parametrize(
    ("command", "kind", "names", "path"),
    [
        ("make", "make", (), None),
        ("make -C docs -j4 test VERBOSE=1", "make", ("test",), "docs/Makefile"),
        ("make -f ci.mk lint", "make", ("lint",), "ci.mk"),
        ("tox -e lint,py312", "tox", ("lint", "py312"), None),
        ("tox run -e=type -c ci/tox.ini", "tox", ("type",), "ci/tox.ini"),
        ("nox -s tests typing -p 3.12", "nox", ("tests", "typing"), None),
        ("nox --session=lint --noxfile ci/noxfile.py", "nox", ("lint",), "ci/noxfile.py"),
        ("pre-commit run mypy --all-files", "pre-commit", ("mypy",), None),
        ("pre-commit run --all-files --hook-stage manual", "pre-commit", (), None),
        ("./scripts/check.sh --fast", "script", ("--fast",), "./scripts/check.sh"),
        ("bash -e ci/test.sh", "script", (), "ci/test.sh"),
        ("python tools/lint.py", "script", (), "tools/lint.py"),
        ("hatch run types:check", "hatch", ("check",), None),
        ("just lint", "task", ("lint",), None),
        ("spin test -- -k x", "task", ("test",), None),
        ("nox -t quality", "nox", (), None),
    ],
)
def test_runners_to_follow(
    command: str, kind: str, names: tuple[str, ...], path: str | None
) -> None:
    target = classify(command.split()).follow
    assert target is not None
    assert (target.kind, target.names, target.path) == (kind, names, path)


def test_pre_commit_install_is_not_a_check() -> None:
    assert classify(["pre-commit", "install"]) == classify([])


@pytest.mark.parametrize(
    ("name", "categories"),
    [
        ("test", {T}),
        ("unit-tests", {T}),
        ("py312", {T}),
        ("py3.12-django", {T}),
        ("lint", {L}),
        ("typecheck", {Y}),
        ("typing", {Y}),
        ("mypy", {Y}),
        ("docs", set()),
        ("check", set()),
    ],
)
def test_names_suggest_what_a_target_runs(name: str, categories: set[Category]) -> None:
    assert set(name_guess(name)) == categories


# -- YAML -------------------------------------------------------------------------------------
def test_yaml_keeps_on_as_a_key_and_lines() -> None:
    doc = parse_yaml(
        "w.yml", "on:\n  push:\njobs:\n  a:\n    flag: yes\n    run: |\n      pytest\n"
    )
    assert doc.error is None
    assert "on" in doc.data
    job = doc.data["jobs"]["a"]
    assert job["flag"] == "yes"
    assert truthy(job["flag"])
    assert (job["run"].line, job["run"].block, job["run"].path) == (6, True, "w.yml")


def test_yaml_application_tags_are_values() -> None:
    doc = parse_yaml("g.yml", "a:\n  script: !reference [.setup, script]\n")
    tagged = doc.data["a"]["script"]
    assert isinstance(tagged, Tagged)
    assert (tagged.tag, list(tagged.value), tagged.line) == ("!reference", [".setup", "script"], 2)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: [1, 2\nb: 3\n", 2, "expected ',' or ']'"),
        ("a: b\n\tc: d\n", 2, "cannot start any token"),
        ("--- a\n--- b\n", 2, "expected a single document"),
        ("!!python/object:os.system {}\n", 1, "could not determine a constructor"),
        ("a: *nope\n", 1, "found undefined alias"),
    ],
)
def test_yaml_errors_are_values_with_lines(text: str, line: int, words: str) -> None:
    doc = parse_yaml("x.yml", text)
    assert doc.data is None
    assert doc.line == line
    assert doc.error is not None and words in doc.error


@pytest.mark.slow
def test_deeply_nested_yaml_is_an_error_not_a_crash() -> None:
    doc = parse_yaml("deep.yml", "[" * 1000 + "]" * 1000)
    assert (doc.data, doc.error) == (None, "nested too deeply to read")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        ("true", True),
        ("Yes", True),
        ("on", True),
        (False, False),
        ("${{ matrix.experimental }}", False),
        (None, False),
        (1, False),
    ],
)
def test_truthy(value: object, expected: bool) -> None:
    assert truthy(value) is expected


# -- Makefile ---------------------------------------------------------------------------------
MAKEFILE = """\
PYTHON ?= python
VENV := .venv
BIN = $(VENV)/bin
.PHONY: all check test lint
all: check

check: lint test

test: deps
\t@$(PYTHON) -m pytest \\
\t  -q tests

lint:
\t$(BIN)/ruff check .
\t-$(BIN)/mypy src
\t$(MAKE) docs

deps:
\tpip install -e .
"""


def test_makefile_default_target_prerequisites_and_prefixes() -> None:
    lines = recipe_lines(parse_makefile(MAKEFILE), ())
    assert lines is not None
    assert [(r.line, r.text, r.ignore_errors) for r in lines] == [
        (14, ".venv/bin/ruff check .", False),
        (15, ".venv/bin/mypy src", True),
        (16, "make docs", False),
        (19, "pip install -e .", False),
        (10, "python -m pytest -q tests", False),
    ]


def test_makefile_unknown_target_cannot_be_followed() -> None:
    assert recipe_lines(parse_makefile(MAKEFILE), ("release",)) is None
    assert recipe_lines(parse_makefile("X = 1\n"), ()) is None


def test_make_follow_marks_ignored_lines_and_judges_nested_runners_by_name(
    tmp_path: Path,
) -> None:
    inventory = repo(tmp_path, {"Makefile": MAKEFILE})
    found = follow(inventory, Follow(kind="make", names=("lint",)))
    assert found is not None
    assert [(f.text, sorted(f.categories), bool(f.no_fail)) for f in found] == [
        (".venv/bin/ruff check .", [L], False),
        (".venv/bin/mypy src", [Y], True),
        ("make docs", [], False),
    ]
    assert follow(inventory, Follow(kind="make", path="docs/Makefile")) is None
