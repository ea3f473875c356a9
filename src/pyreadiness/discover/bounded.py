"""Parsers of structured text that fail like a syntax error when the input exhausts them.

``json.loads`` and ``tomllib.loads`` recurse once per nesting level: 100,000 ``[`` raise
RecursionError (or MemoryError) from deep inside the parser. For us that is a file that
cannot be read, like any other malformed file: :class:`TooDeep` is a ``ValueError``, so the
code that already turns a malformed file into a finding handles it unchanged.
"""

from __future__ import annotations

import json
import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


class TooDeep(ValueError):
    """Nested deeper than the parser can follow."""

    def __init__(self, kind: str, exc: BaseException) -> None:
        super().__init__(f"{kind} nested too deeply to read ({type(exc).__name__})")


def loads_json(text: str | bytes) -> Any:
    """``json.loads``; raises ValueError (JSONDecodeError or TooDeep) on any bad input."""
    try:
        return json.loads(text)
    except (RecursionError, MemoryError) as exc:
        raise TooDeep("JSON", exc) from None


def loads_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``; raises ValueError (TOMLDecodeError or TooDeep) on any bad input."""
    try:
        return tomllib.loads(text)
    except (RecursionError, MemoryError) as exc:
        raise TooDeep("TOML", exc) from None
