"""Parse the scanned repository's Python quietly, from any thread.

Invalid escape sequences and the like in scanned code make ``ast.parse`` emit
SyntaxWarnings: the repository's business, not something to print to our user (and our own
suite turns warnings into errors). ``warnings.catch_warnings`` swaps process-wide state, so
two checkers doing it at once from the engine's threads could restore each other's filters
wrongly: one lock makes it safe. Parsing holds the GIL anyway, so the lock costs nothing.
"""

from __future__ import annotations

import ast
import threading
import warnings

_LOCK = threading.Lock()


def parse_python(source: str | bytes, filename: str, *, type_comments: bool = False) -> ast.Module:
    """``ast.parse`` with warnings silenced; raises SyntaxError / ValueError as ast does."""
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source, filename=filename, type_comments=type_comments)
