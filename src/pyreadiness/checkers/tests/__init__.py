"""The tests checker (pillar testing): tests found statically, never imported or run.

Files are chosen by pytest's and unittest's naming rules read from configuration, and test
functions are counted on the syntax tree (:mod:`ast`). Modules: ``selection`` (which files
are tests), ``collect`` (what one test module holds), ``scan`` (the whole repository),
``coverage`` (coverage thresholds), ``levels``, ``scoring`` (components), ``checker``.
"""

from __future__ import annotations

from pyreadiness.checkers.tests.checker import TestsChecker

__all__ = ["TestsChecker"]
