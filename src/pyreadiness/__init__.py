"""pyreadiness: is this Python repository ready for enterprise use, and what is missing?"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pyreadiness")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
