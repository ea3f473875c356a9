"""Classify one command line: does it run tests, lint or a type checker, or call a runner?

Wrappers that only choose an environment (``uv run``, ``poetry run``, ``python -m``,
``coverage run``, ``xvfb-run``...) are peeled off first. Task runners whose configuration
lives in the repository (make, tox, nox, pre-commit, hatch, scripts) are not classified here:
the result names what to follow, with a guess from the target's name for when the
configuration cannot be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from pyreadiness.checkers.ci.model import Category
from pyreadiness.checkers.ci.runners import Follow, name_guess, runner_follow, skip_options
from pyreadiness.checkers.ci.shell import script_commands

TESTS, LINT, TYPECHECK = Category.TESTS, Category.LINT, Category.TYPECHECK

_TEST_TOOLS = frozenset(
    {
        "pytest",
        "py.test",
        "unittest",
        "nose2",
        "nosetests",
        "trial",
        "green",
        "stestr",
        "ward",
        "behave",
    }
)
_LINT_TOOLS = frozenset(
    {
        "ruff",
        "flake8",
        "pflake8",
        "flakeheaven",
        "flakehell",
        "pylint",
        "pycodestyle",
        "pyflakes",
        "pydocstyle",
        "pylama",
        "prospector",
        "refurb",
    }
)
_TYPE_TOOLS = frozenset(
    {"mypy", "dmypy", "pyright", "basedpyright", "pytype", "pyre", "ty", "pyrefly"}
)
# Formatters make code uniform; they find no defects, so even `black --check` is not lint.
_FORMATTERS = frozenset(
    {"black", "blue", "isort", "yapf", "autopep8", "docformatter", "pyupgrade", "pycln"}
)
_SECURITY_TOOLS = frozenset(
    {
        "bandit",
        "pip-audit",
        "safety",
        "semgrep",
        "zizmor",
        "osv-scanner",
        "scorecard",
        "trivy",
        "codeql",
        "grype",
        "snyk",
        "detect-secrets",
        "gitleaks",
        "trufflehog",
        # our own gate runs bandit, a secret scan and pip-audit, and fails on --min security
        "pyreadiness",
    }
)
_VARIABLE = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?[-=]([^}]*))?\}?$")
_VARIABLE_PREFIX = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*\}/?")
_ENV_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=(?!=)")  # not black==24.1
_PYTHON = re.compile(r"^(?:python[0-9.]*|py|pypy[0-9.]*|\{envpython\})$")
# Wrappers: (options that take a value) -- the command follows the options.
_WRAPPERS: dict[str, frozenset[str]] = {
    "sudo": frozenset({"-u", "-g"}),
    "time": frozenset(),
    "exec": frozenset(),
    "command": frozenset(),
    "nice": frozenset({"-n"}),
    "xvfb-run": frozenset({"-s", "--server-args", "-n", "--server-num", "-e", "--error-file"}),
    "stdbuf": frozenset(),
    "env": frozenset({"-u", "--unset", "-C", "--chdir"}),
    "npx": frozenset({"-p", "--package"}),
    "uvx": frozenset({"--from", "--with", "--python", "-p", "--index-url", "--index"}),
}
_RUNNERS: dict[str, frozenset[str]] = {  # "<tool> run ..." wrappers
    "uv": frozenset(
        {
            "--with",
            "--with-editable",
            "--with-requirements",
            "--python",
            "-p",
            "--extra",
            "--group",
            "--only-group",
            "--package",
            "--directory",
            "--project",
            "--env-file",
            "--index",
            "--index-url",
            "--no-group",
        }
    ),
    "poetry": frozenset({"-C", "--directory", "-P", "--project"}),
    "pipenv": frozenset(),
    "rye": frozenset(),
    "pixi": frozenset({"-e", "--environment", "--manifest-path"}),
    "conda": frozenset({"-n", "--name", "-p", "--prefix"}),
    "mamba": frozenset({"-n", "--name", "-p", "--prefix"}),
    "micromamba": frozenset({"-n", "--name", "-p", "--prefix"}),
    "pipx": frozenset({"--spec", "--python"}),
}
# `python -m mypkg.tests`: a package's own test runner, by convention.
_TEST_MODULE = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*\.tests?$")
_INFORMATIONAL = frozenset({"--version", "-V", "--help", "-h"})
_SHELLS = frozenset({"bash", "sh", "zsh", "dash"})
_SCRIPT_SHELLS = _SHELLS | {"source", "."}
# Options of `docker run/exec` and `docker compose run/exec` that take a value.
_CONTAINER_OPTIONS = frozenset(
    {
        "-e",
        "--env",
        "--env-file",
        "-v",
        "--volume",
        "-w",
        "--workdir",
        "--name",
        "--network",
        "--net",
        "-p",
        "--publish",
        "-u",
        "--user",
        "--entrypoint",
        "--mount",
        "--platform",
        "-l",
        "--label",
        "--add-host",
        "--cpus",
        "-m",
        "--memory",
        "--shm-size",
        "--ulimit",
        "--device",
        "--cap-add",
        "--cap-drop",
        "--security-opt",
        "--tmpfs",
        "--hostname",
        "--ipc",
        "--pid",
        "--gpus",
        "--runtime",
        "--pull",
        "--index",
    }
)


@dataclass(frozen=True, kw_only=True)
class Classified:
    categories: frozenset[Category] = frozenset()
    follow: Follow | None = None


def tool_name(word: str) -> str:
    """``.venv/bin/pytest``, ``pytest.exe``, ``ruff@0.6``, ``black==24.1`` all name the tool."""
    name = PurePosixPath(word.replace("\\", "/")).name.lower()
    name = re.split(r"@|==", name, maxsplit=1)[0]
    return name.removesuffix(".exe")


def _variable_head(word: str) -> str:
    """``${PY:-python3}`` -> ``python3``; ``$PYTHON`` -> ``python``; ``$MYPY`` -> ``mypy``;
    ``${PREFIX}coverage`` -> ``coverage`` (a variable prefix is a path, as in encode/httpx)."""
    prefixed = _VARIABLE_PREFIX.match(word)
    if prefixed is not None and prefixed.end() < len(word):
        return word[prefixed.end() :]
    match = _VARIABLE.match(word)
    if match is None:
        return word
    name, default = match.group(1).lower(), match.group(2)
    if default:
        return default
    # $PYTHON, $PY -> python; $PYTEST, $MYPY -> the tool they are named after.
    return "python" if name == "py" or "python" in name else name


def _peel(argv: list[str]) -> list[str]:
    """Drop environment assignments and wrappers that only choose where a command runs."""
    for _ in range(10):
        while argv and _ENV_ASSIGNMENT.match(argv[0]):
            argv = argv[1:]
        if not argv:
            return argv
        argv = [_variable_head(argv[0]), *argv[1:]]
        head = tool_name(argv[0])
        if head in _WRAPPERS:
            argv = skip_options(argv[1:], _WRAPPERS[head])
        elif head == "timeout":
            argv = skip_options(argv[1:], frozenset({"-s", "-k", "--signal"}))[1:]
        elif head in _RUNNERS and len(argv) > 1 and argv[1] == "run":
            argv = skip_options(argv[2:], _RUNNERS[head])
        elif _PYTHON.match(head):
            argv = _python(argv[1:])
        elif head in ("docker", "podman", "docker-compose"):
            argv = _container(argv[1:])
        elif head in _SHELLS and argv[1:2] == ["-c"] and len(argv) > 2:
            return ["__shell__", argv[2]]  # bash -c "cd x && pytest": a script
        else:
            return argv
    return argv


def _container(args: list[str]) -> list[str]:
    """The command of ``docker run [opts] IMAGE CMD``, ``docker compose run SERVICE CMD``..."""
    if args[:1] == ["compose"]:
        args = args[1:]
    if args[:1] not in (["run"], ["exec"]):
        return []
    rest = skip_options(args[1:], _CONTAINER_OPTIONS)
    return rest[1:]  # after the image, service or container


def _python(args: list[str]) -> list[str]:
    """What ``python ARGS`` runs: ``-m module`` (also ``-mmodule``), a script, or nothing."""
    i = 0
    while i < len(args):
        word = args[i]
        if word == "-m":
            return args[i + 1 :]
        if word.startswith("-m"):
            return [word[2:], *args[i + 1 :]]
        if word.startswith("-c"):
            return []  # inline code: nothing to classify
        if word in ("-W", "-X"):
            i += 2
            continue
        if not word.startswith("-"):
            return ["__script__", *args[i:]] if word.endswith(".py") else []
        i += 1
    return []  # an interactive python


def classify(argv: tuple[str, ...] | list[str]) -> Classified:
    words = _peel(list(argv))
    if not words:
        return Classified()
    if words[0] == "__shell__":
        return _inline_script(words[1])
    head, args = tool_name(words[0]), words[1:]
    if args and set(args) <= _INFORMATIONAL:
        return Classified()  # `flake8 --version` checks nothing
    if head == "manage.py":
        return _script(words)
    if words[0] == "__script__" or head in _SCRIPT_SHELLS:
        return _script(args)
    if "/" in words[0] and head.endswith((".sh", ".bash", ".py")):
        return Classified(follow=_script_follow(words[0], args))
    if head == "coverage":
        return Classified(categories=frozenset({TESTS}) if "run" in args[:1] else frozenset())
    if head in _TEST_TOOLS or _TEST_MODULE.match(head):
        return Classified(categories=frozenset({TESTS}))
    if head in _TYPE_TOOLS:
        if head in ("ty", "pyrefly") and args[:1] != ["check"]:
            return Classified()
        return Classified(categories=frozenset({TYPECHECK}))
    if head == "ruff":
        if args[:1] == ["format"]:
            return Classified()  # a formatter, even with --check
        return Classified(categories=frozenset({LINT}))
    if head in _LINT_TOOLS:
        return Classified(categories=frozenset({LINT}))
    if head in _FORMATTERS:
        return Classified()
    if head in _SECURITY_TOOLS:
        return Classified(categories=frozenset({Category.SECURITY}))
    runner = _runner(head, args)
    if runner.categories or runner.follow is not None or "/" not in words[0]:
        return runner
    # `scripts/test`, `./ci/lint`: an executable of the repository, whatever its extension
    # (encode/httpx keeps every check in extension-less scripts). Followed if it exists.
    return Classified(follow=Follow(kind="script", path=words[0], names=tuple(args)))


def _inline_script(script: str) -> Classified:
    """``sh -c "..."``: what its commands run (runners judged by their target's name)."""
    found: set[Category] = set()
    for command in script_commands(script, line=None, errexit=False, pipefail=False):
        inner = classify(command.argv)
        found |= inner.categories | (inner.follow.guess if inner.follow else frozenset())
    return Classified(categories=frozenset(found))


def _script(args: list[str]) -> Classified:
    args = skip_options(args, frozenset({"-o", "-O"}))
    if not args or args[0] in ("-c",):
        return Classified()
    if tool_name(args[0]) in ("manage.py", "setup.py"):  # Django's and setuptools' test runs
        return Classified(categories=frozenset({TESTS}) if args[1:2] == ["test"] else frozenset())
    return Classified(follow=_script_follow(args[0], args[1:]))


def _script_follow(path: str, args: list[str]) -> Follow:
    """A repository script to follow; its name is the guess when it cannot be read
    (``python test_api.py``, ``python runtests.py`` run tests)."""
    stem = PurePosixPath(path.replace("\\", "/")).stem
    return Follow(kind="script", path=path, names=tuple(args), guess=name_guess(stem))


def _runner(head: str, args: list[str]) -> Classified:
    direct, follow = runner_follow(head, args)
    if follow is not None and follow.kind == "command":
        found = classify(follow.names)  # `tox exec -- pytest`, `pdm run pytest`
        if found.categories or found.follow or not follow.guess:
            return found
        return Classified(follow=Follow(kind="task", names=follow.names[:1], guess=follow.guess))
    return Classified(categories=direct, follow=follow)
