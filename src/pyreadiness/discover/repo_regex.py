"""Regular expressions written by the scanned repository, run in linear time.

Python's ``re`` backtracks: a pattern such as ``(a+)+$`` from a repository's mypy
``exclude`` takes longer than the universe on a path of a few dozen characters. RE2
(``google-re2``) matches in time linear in the input whatever the pattern, and refuses what
it cannot do so (backreferences, lookaround): such a pattern is reported as unusable rather
than run with backtracking.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Repository patterns longer than this are not compiled (RE2's memory grows with them).
MAX_PATTERN_CHARS = 2000


class UnsafePattern(ValueError):
    """A pattern we will not run: RE2 refuses it, or it is too long."""


def compile_repo_regex(pattern: str) -> Callable[[str], bool]:
    """A ``search`` predicate for ``pattern``; raises :class:`UnsafePattern`."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise UnsafePattern(f"longer than {MAX_PATTERN_CHARS} characters")
    if pattern.startswith("(?x)"):
        pattern = _unverbose(pattern[4:])
    import re2  # type: ignore[import-untyped]  # google-re2 ships no type hints

    options: Any = re2.Options()
    options.log_errors = False  # its C++ logger would print on our stderr
    try:
        compiled: Any = re2.compile(pattern, options)
    except Exception as exc:  # noqa: BLE001 - re2 raises its own error type (re2.error)
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise UnsafePattern(f"not supported by a linear-time engine: {detail}") from None
    return lambda text: compiled.search(text) is not None


def _unverbose(pattern: str) -> str:
    """Python's verbose mode, which RE2 lacks, written out: whitespace and ``#`` comments
    outside character classes dropped (mypy's documentation recommends ``(?x)`` for
    multi-line ``exclude``). Escapes and classes are kept as written."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char.isspace():
            i += 1
            continue
        elif char == "#":
            end = pattern.find("\n", i)
            i = len(pattern) if end < 0 else end + 1
            continue
        out.append(char)
        i += 1
    return "".join(out)
