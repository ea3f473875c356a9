"""The vulnerabilities checker's rule."""

from __future__ import annotations

from pyreadiness.model import RuleDoc

RULES = {
    "known-vulnerability": RuleDoc(
        title="Pinned version with a known vulnerability",
        why="The version the repository pins has published advisories (OSV): whoever "
        "installs it gets the vulnerability. One finding per pinned version lists every "
        "advisory; a new advisory for it makes it a new finding, since it is a new risk.",
        fix="Upgrade to the fixed version the message names, or record why the advisory "
        "does not apply.",
        precision="very-high",
    ),
}
