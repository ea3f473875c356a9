"""The fixed rule set every repository is measured against, and how severe each rule is.

Ruff's own defaults change between releases and every project configures its own
selection, so neither is comparable across repositories. This set is pinned here, passed
with ``--isolated`` (the repository's configuration is ignored for the comparable score),
and reported as the ``ruleset`` metric. It keeps to rules that point at likely bugs or
code that misleads a reader, and leaves out matters of taste.
"""

from __future__ import annotations

from pyreadiness.model import Severity

#: Rule selectors passed as ``--select`` (ruff expands a prefix to its stable rules).
SELECT: tuple[str, ...] = (
    "B",  # flake8-bugbear: likely bugs and design problems
    "E4",  # pycodestyle imports (E401, E402)
    "E7",  # pycodestyle statements (bare except, `== None`, lambda assignment...)
    "E9",  # pycodestyle runtime errors (file cannot be read)
    "F",  # pyflakes: undefined and unused names, broken format strings...
    "PLE",  # pylint errors: code that fails at runtime
    "T10",  # a debugger breakpoint left in shipped code
    "W6",  # invalid escape sequences (a SyntaxWarning since Python 3.12)
)

#: Rules inside SELECT left out on purpose, passed as ``--ignore``.
IGNORE: tuple[str, ...] = (
    "B008",  # calls in argument defaults: the idiom of typer, FastAPI and click
    "B905",  # zip() without strict=: a matter of taste, and only on 3.10+ targets
    "F405",  # every use of a star-imported name: F403 already flags the star import once
)

#: Selected in the same ruff run for another checker, never counted by lint: ruff's
#: flake8-async rules for blocking calls inside ``async def`` (HTTP, processes, open(),
#: input(), sleep), operability's async hygiene; one process serves both
#: (checkers/lint/shared.py). Not ASYNC240 (os.path and pathlib calls): on real services
#: most of its findings were string work (dirname, abspath, relpath) that never touches a
#: disk (docs/checks/operability.md). Every code is stable since ruff 0.16, our floor.
SHARED_SELECT: tuple[str, ...] = (
    "ASYNC210",
    "ASYNC212",
    "ASYNC220",
    "ASYNC221",
    "ASYNC222",
    "ASYNC230",
    "ASYNC250",
    "ASYNC251",
)


def is_shared_rule(code: str) -> bool:
    """A rule the fixed run carries for another checker (SHARED_SELECT)."""
    return code in SHARED_SELECT


#: Rule code ruff gives a file that does not parse (``None`` in ruff 0.6, E999 long ago).
SYNTAX_ERROR = "invalid-syntax"

# Longest matching prefix wins. Everything not listed is MEDIUM.
_SEVERITY_BY_PREFIX: dict[str, Severity] = {
    SYNTAX_ERROR: Severity.HIGH,  # the module cannot even be imported
    "E9": Severity.HIGH,
    "PLE": Severity.HIGH,
    "F63": Severity.HIGH,  # comparisons that are always true or false, `assert (x, msg)`
    "F7": Severity.HIGH,  # `break`/`return`/`yield` where Python rejects them
    "F82": Severity.HIGH,  # undefined names: a NameError waiting to happen
    "F401": Severity.LOW,  # unused import
    "F841": Severity.LOW,  # unused local variable
    "E4": Severity.LOW,
    "E7": Severity.LOW,
    "E711": Severity.MEDIUM,  # `== None`: wrong with objects that override __eq__
    "E712": Severity.MEDIUM,
    "E722": Severity.MEDIUM,  # bare except also swallows KeyboardInterrupt and SystemExit
}


def severity_of(code: str) -> Severity:
    """Severity of a ruff rule code: how likely it is a real defect, not a style nit."""
    best = ""
    for prefix in _SEVERITY_BY_PREFIX:
        if code.startswith(prefix) and len(prefix) > len(best):
            best = prefix
    return _SEVERITY_BY_PREFIX[best] if best else Severity.MEDIUM


def normalise_code(code: object) -> str:
    """One spelling for syntax errors whatever the ruff version; other codes unchanged."""
    if code is None or code in ("E999", "syntax-error", SYNTAX_ERROR):
        return SYNTAX_ERROR
    return str(code)
