"""Errors that end a run with a one-line message and a documented exit code."""

from __future__ import annotations

#: Exit codes, documented in README.md and ``pyreadiness check --help``.
EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Our own usage problem (bad option, bad config key or value, missing path): exit 2."""


EXIT_INTERNAL = 3  # a bug in pyreadiness or a plugin outside any checker; never a traceback
