"""The security-process checker (pillar security): how the repository is built and kept.

Modules: ``files`` (committed secret-bearing files), ``workflows`` (GitHub Actions supply
chain), ``scoring`` (components), ``checker``. CI evidence comes from the ci checker's
parsing (:mod:`pyreadiness.checkers.ci.evidence`), so both read CI the same way.
"""

from __future__ import annotations

from pyreadiness.checkers.security_process.checker import SecurityProcessChecker

__all__ = ["SecurityProcessChecker"]
