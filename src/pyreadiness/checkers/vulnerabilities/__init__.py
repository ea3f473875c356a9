"""Known vulnerabilities in the exact versions a repository pins (pillar security).

Modules, in pipeline order: ``model`` (values both audit paths share), ``osv`` (one OSV
record and its version semantics), ``cvss`` (severity from CVSS v3 vectors), ``mirror``
(load a local OSV mirror), ``matcher`` (offline audit), ``pip_audit`` (online audit),
``scoring`` (components and findings), ``checker`` (the checker itself).
"""

from __future__ import annotations

from pyreadiness.checkers.vulnerabilities.checker import VulnerabilitiesChecker

__all__ = ["VulnerabilitiesChecker"]
