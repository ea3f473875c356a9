"""bandit's own description of one of its tests (``B307``), for ``explain security/B307``.

bandit is our dependency, not the scanned repository's code: importing its plugin
registry is safe. Its tests are plugins (``B602``) or blacklist entries (``B307``).
"""

from __future__ import annotations

import re

from pyreadiness.model import RuleDoc

_TEST_ID = re.compile(r"B[0-9]{3}")
DOCS = "https://bandit.readthedocs.io/en/latest/"


def bandit_rule(test_id: str) -> RuleDoc | None:
    if not _TEST_ID.fullmatch(test_id):
        return None
    try:
        from bandit.core import extension_loader  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - bandit is a dependency
        return None
    manager = extension_loader.MANAGER
    plugin = manager.plugins_by_id.get(test_id)
    if plugin is not None:
        doc = " ".join((plugin.plugin.__doc__ or "").split())
        return RuleDoc(
            title=f"{plugin.name} ({test_id})",
            why=doc[:600] or f"bandit test {plugin.name}",
            fix=f"See bandit's documentation: {DOCS}plugins/index.html",
            precision="high",
        )
    entry = manager.blacklist_by_id.get(test_id)
    if entry is not None:
        return RuleDoc(
            title=f"{entry['name']} ({test_id}, a blacklisted call or import)",
            why=str(entry.get("message", "")),
            fix=f"See bandit's documentation: {DOCS}blacklists/index.html",
            precision="high",
        )
    return None
