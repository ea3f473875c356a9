"""The typing checker's own rules (mypy's error codes carry mypy's name and link)."""

from __future__ import annotations

from pyreadiness.model import RuleDoc

_PARSE_FIX = (
    "Fix the syntax, or declare the Python the code is written for (requires-python) so "
    "it is read with that grammar."
)

RULES = {
    "typing/unannotated": RuleDoc(
        title="Functions without complete annotations",
        why="A function without annotations is unchecked: type checkers skip its body and "
        "its callers get no help. Counted per file (one finding lists the functions).",
        fix="Annotate every parameter and the return type; `mypy --strict` or ruff's ANN "
        "rules find the rest.",
        precision="very-high",
    ),
    "typing/not-strict": RuleDoc(
        title="Type checking is not strict",
        why="Without strict mode a type checker silently accepts untyped code, so the gate "
        "misses what it exists to catch.",
        fix="Set `strict = true` under [tool.mypy] (or pyright's typeCheckingMode = "
        '"strict") and fix what it reports, module by module if needed.',
    ),
    "typing/no-py-typed": RuleDoc(
        title="Package ships no py.typed marker",
        why="Without the PEP 561 marker, type checkers of the package's users ignore its "
        "annotations.",
        fix="Add an empty `py.typed` file to the package and include it in the distribution.",
        precision="very-high",
    ),
    "typing/mypy-config": RuleDoc(
        title="mypy configuration problem",
        why="mypy warns about its configuration: part of it is not applied as written.",
        fix="Correct the option mypy names in the repository's mypy configuration.",
    ),
    "typing/mypy-config-invalid": RuleDoc(
        title="mypy cannot use the repository's configuration",
        why="mypy stops on this configuration, so nothing is type-checked.",
        fix="Fix the configuration error mypy prints.",
        precision="very-high",
    ),
    "typing/syntax-error": RuleDoc(
        title="File cannot be parsed", why="An unparsable file is not type-checked.", fix=_PARSE_FIX
    ),
    "typing/newer-syntax": RuleDoc(
        title="File uses syntax newer than pyreadiness's Python",
        why="The file could not be read with the Python pyreadiness runs on, so its "
        "annotations were not counted.",
        fix="Run pyreadiness on a newer Python, or check that requires-python is right.",
    ),
    "typing/unreadable": RuleDoc(
        title="File mypy cannot read",
        why="mypy ignores a file it cannot read or decode: it is not type-checked.",
        fix="Save the file as UTF-8 (or declare its encoding), and make it readable.",
        precision="very-high",
    ),
}
