"""Small shims for the oldest Python we support (3.10)."""

from __future__ import annotations

import sys
from typing import NoReturn

if sys.version_info >= (3, 11):
    from typing import assert_never
else:  # pragma: no cover - Python 3.10 only

    def assert_never(value: NoReturn, /) -> NoReturn:
        raise AssertionError(f"unhandled value: {value!r}")


__all__ = ["assert_never"]
