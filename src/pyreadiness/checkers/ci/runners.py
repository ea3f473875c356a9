"""Read the command line of a task runner: which targets, envs, sessions or hooks it runs.

The runner's configuration is read elsewhere (:mod:`follow`); this module only turns
``make -C docs test``, ``tox -e lint,py312``, ``nox -s tests typing`` or
``pre-commit run mypy --all-files`` into a :class:`Follow`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyreadiness.checkers.ci.model import Category

TESTS, LINT, TYPECHECK = Category.TESTS, Category.LINT, Category.TYPECHECK

# Target names that suggest a linter (formatter names such as "black" or "format-check"
# do not: a formatter is not a linter).
_LINT_NAMES = frozenset(
    {
        "style",
        "pre-commit",
        "precommit",
        "ruff",
        "flake8",
        "pylint",
        "pycodestyle",
        "pydocstyle",
    }
)
_TYPE_NAMES = frozenset({"mypy", "pyright", "basedpyright", "pytype", "pyre"})
_TEST_NAMES = frozenset({"cov", "coverage", "unit", "pytest", "unittest"})


@dataclass(frozen=True, kw_only=True)
class Follow:
    """A command whose work is defined in a repository file: follow it one level down.

    ``guess`` is what the target's name suggests, used when the file cannot be read and
    for runners met inside a followed file (those are not followed further).
    """

    kind: str  # make | tox | nox | pre-commit | hatch | script | task | command
    names: tuple[str, ...] = ()
    path: str | None = None  # a script, or the configuration chosen with -f/-c/-C
    options: tuple[str, ...] = ()  # tox -f factors, pre-commit --hook-stage, hatch env
    guess: frozenset[Category] = frozenset()


def name_guess(name: str) -> frozenset[Category]:
    """What a target, env, session or task called ``name`` most likely runs."""
    lowered = name.lower()
    found: set[Category] = set()
    if "test" in lowered or lowered in _TEST_NAMES or re.match(r"^(py|pypy)[0-9.]*(-|$)", lowered):
        found.add(TESTS)
    if "lint" in lowered or lowered in _LINT_NAMES:
        found.add(LINT)
    if "type" in lowered or "typing" in lowered or lowered in _TYPE_NAMES:
        found.add(TYPECHECK)
    return frozenset(found)


def guess_all(names: tuple[str, ...] | list[str]) -> frozenset[Category]:
    found: set[Category] = set()
    for name in names:
        found |= name_guess(name)
    return frozenset(found)


def skip_options(argv: list[str], takes_value: frozenset[str]) -> list[str]:
    """The words after the leading options (and their values)."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        if argv[i] == "--":
            return argv[i + 1 :]
        if argv[i] in takes_value:
            i += 1
        i += 1
    return argv[i:]


def _option_values(args: list[str], names: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Split ``args`` into values of the named options (``-e a`` or ``--env=a``) and the rest."""
    values: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        word = args[i]
        key, eq, inline = word.partition("=")
        if word in names and i + 1 < len(args):
            values.append(args[i + 1])
            i += 2
            continue
        if eq and key in names:
            values.append(inline)
        elif len(names) and any(word.startswith(n) and len(n) == 2 for n in names if n != word):
            short = next(n for n in names if len(n) == 2 and word.startswith(n))
            values.append(word[len(short) :])  # -elint
        else:
            rest.append(word)
        i += 1
    return values, rest


def runner_follow(head: str, args: list[str]) -> tuple[frozenset[Category], Follow | None]:
    """Direct categories and/or what to follow for a runner; empty when ``head`` is none."""
    if head in ("make", "gmake", "$(make)", "${make}"):
        return frozenset(), _make(args)
    if head == "tox":
        return frozenset(), _tox(args)
    if head == "nox":
        return frozenset(), _nox(args)
    if head in ("pre-commit", "prek"):
        return frozenset(), _pre_commit(args)
    if head == "hatch":
        return _hatch(args)
    if head in ("pdm", "mise") and args[:1] == ["run"]:
        args = args[1:]
    elif head not in ("just", "task", "poe", "invoke", "inv", "pdm", "spin"):
        return frozenset(), None
    words = skip_options(args, frozenset())
    if not words:
        return frozenset(), None
    if head == "pdm":  # `pdm run pytest` runs the command when no script has that name
        return frozenset(), Follow(kind="command", names=tuple(words), guess=name_guess(words[0]))
    return frozenset(), Follow(kind="task", names=(words[0],), guess=name_guess(words[0]))


def _make(args: list[str]) -> Follow:
    dirs, args = _option_values(args, ("-C", "--directory"))
    files, args = _option_values(args, ("-f", "--file", "--makefile"))
    _, args = _option_values(args, ("-j", "--jobs", "-l", "-o", "-W"))
    targets = tuple(a for a in args if not a.startswith("-") and "=" not in a)
    path = files[-1] if files else None
    if dirs:
        path = dirs[-1].rstrip("/") + "/" + (path or "Makefile")
    return Follow(kind="make", names=targets, path=path, guess=guess_all(targets))


def _tox(args: list[str]) -> Follow:
    if args[:1] == ["exec"] and "--" in args:
        return Follow(kind="command", names=tuple(args[args.index("--") + 1 :]))
    if "--" in args:
        args = args[: args.index("--")]
    envs, args = _option_values(args, ("-e", "--env"))
    factors, args = _option_values(args, ("-f", "--factor"))
    labels, args = _option_values(args, ("-m", "--labels"))
    configs, args = _option_values(args, ("-c", "--conf"))
    names = tuple(n.strip() for value in envs for n in value.split(",") if n.strip())
    options = tuple("factor=" + f for f in factors) + (("all",) if labels else ())
    guess = guess_all(names) if names else frozenset({TESTS})
    return Follow(
        kind="tox",
        names=names,
        path=configs[-1] if configs else None,
        options=options,
        guess=guess,
    )


def _nox(args: list[str]) -> Follow:
    names: list[str] = []
    path: str | None = None
    options: list[str] = []
    i = 0
    collecting = False
    while i < len(args):
        word = args[i]
        if word in ("-s", "-e", "--session", "--sessions"):
            collecting = True
        elif word.startswith(("--sessions=", "--session=")):
            names.extend(word.split("=", 1)[1].split(","))
        elif word in ("-f", "--noxfile") and i + 1 < len(args):
            path = args[i + 1]
            i += 1
        elif word in ("-t", "--tags") and i + 1 < len(args):
            options.extend("tag=" + t for t in args[i + 1].split(",") if t)
            collecting = False
            i += 1
        elif word in ("-k", "--keywords"):
            options.append("all")  # a Python expression over names: not evaluated
            collecting = False
        elif word.startswith("-"):
            collecting = False
        elif collecting:
            names.extend(n for n in word.split(",") if n)
        i += 1
    guess = guess_all(names) if names else frozenset({TESTS})
    return Follow(kind="nox", names=tuple(names), path=path, options=tuple(options), guess=guess)


def _pre_commit(args: list[str]) -> Follow | None:
    if args[:1] != ["run"]:
        return None  # install, autoupdate, ...: nothing is checked
    stages, args = _option_values(args[1:], ("--hook-stage",))
    configs, args = _option_values(args, ("-c", "--config"))
    _, args = _option_values(
        args, ("--from-ref", "--to-ref", "--color", "-s", "-o", "--source", "--origin")
    )
    if "--files" in args:
        args = args[: args.index("--files")]
    hooks = tuple(a for a in args if not a.startswith("-"))
    return Follow(
        kind="pre-commit",
        names=hooks,
        path=configs[-1] if configs else None,
        options=tuple("stage=" + s for s in stages),
        guess=frozenset({LINT}),
    )


def _hatch(args: list[str]) -> tuple[frozenset[Category], Follow | None]:
    words = skip_options(args, frozenset({"-e", "--env", "-p", "--project"}))
    if words[:1] == ["test"]:
        return frozenset({TESTS}), None
    if words[:1] == ["fmt"]:  # ruff check --fix and ruff format: fails on what it cannot fix
        return frozenset({LINT}), None
    if words[:1] != ["run"] or len(words) < 2:
        return frozenset(), None
    rest = skip_options(words[1:], frozenset())
    if not rest:
        return frozenset(), None
    env, sep, script = rest[0].rpartition(":")
    if not sep:
        env = "default"
    return frozenset(), Follow(
        kind="hatch",
        names=(script, *rest[1:]),
        options=("env=" + env,),
        guess=name_guess(script),
    )
