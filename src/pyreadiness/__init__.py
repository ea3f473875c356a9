"""pyreadiness: is this Python repository ready for enterprise use, and what is missing?"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # The version is read on first use: importlib.metadata costs ~50 ms of start-up that
    # `--help`, and a plugin importing pyreadiness.checkers.interface, need not pay.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("pyreadiness")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        value = "0.0.0"
    globals()["__version__"] = value
    return value
