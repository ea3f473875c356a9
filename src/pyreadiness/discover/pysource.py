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


class ParserExhausted(SyntaxError):
    """The file nests deeper than Python's own parser can follow (a 100,000-deep expression
    raises RecursionError or MemoryError in ``ast.parse``): for us, a file that does not parse.
    A SyntaxError, so every caller that handles broken files handles this one too."""


def parse_python(source: str | bytes, filename: str, *, type_comments: bool = False) -> ast.Module:
    """``ast.parse`` with warnings silenced; raises SyntaxError / ValueError as ast does,
    and :class:`ParserExhausted` (a SyntaxError) where ast would run out of stack or memory."""
    with _LOCK, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(source, filename=filename, type_comments=type_comments)
        except (RecursionError, MemoryError) as exc:
            kind = type(exc).__name__
            raise ParserExhausted(
                f"nested too deeply for Python's parser ({kind})", (filename, 1, 0, "", 1, 0)
            ) from None
