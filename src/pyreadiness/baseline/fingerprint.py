"""Stable identities for findings: the same problem keeps its fingerprint when lines move.

A fingerprint hashes the check, the rule, the file, the message with its line references
blanked out, and the text of the flagged source line with whitespace collapsed -- never the
line number. Inserting code above a finding, or re-indenting it, keeps its fingerprint;
editing the flagged line itself, renaming the file or changing the message makes it a new
finding. Identical findings on identical lines of one file share a fingerprint; where a
unique key is needed, :func:`occurrence_keys` numbers them in line order (as GitHub's own
``primaryLocationLineHash`` does).

A *grouped* finding (``Finding.grouped``: one per file summarising many occurrences, such
as "3 of 7 functions lack complete annotations: f (line 4), ...") is identified by its
check, rule and file alone: its counts, examples and anchor line change whenever the group
grows or shrinks, and one more unannotated function must not read as one new finding plus
one fixed. The count stays in the message, where people read it; the identity ignores it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from pyreadiness.model import Finding

#: Bump when the recipe changes: old baselines are then refused with a request to re-record
#: them, instead of reporting every finding as new. 2: grouped findings ignore their message.
FINGERPRINT_VERSION = "2"

#: Files larger than this are not read for line text (the same cap as the inventory's).
MAX_READ_BYTES = 5 * 1024 * 1024

# "line 12", "lines 3-7", "L12": a message that cites its own line would change when code moves.
_LINE_WORDS = re.compile(r"\b(lines?|L)\s*\d+(\s*[-,]\s*\d+)*\b", re.IGNORECASE)
# "src/app.py:12" or "app.py:12:5": a file reference with a position.
_FILE_POSITION = re.compile(r"(\.[A-Za-z0-9]+):\d+(:\d+)?\b")


def normalize_message(message: str) -> str:
    text = _LINE_WORDS.sub(lambda m: f"{m.group(1)} N", message)
    text = _FILE_POSITION.sub(lambda m: f"{m.group(1)}:N", text)
    return " ".join(text.split())


def fingerprint(finding: Finding, line_text: str) -> str:
    """32 hex digits identifying ``finding`` independently of its line number."""
    what = (
        ("grouped", "")
        if finding.grouped
        else (
            normalize_message(finding.message),
            " ".join(line_text.split()),
        )
    )
    parts = (FINGERPRINT_VERSION, finding.check, finding.rule, finding.path or "", *what)
    # surrogateescape: a file name that is not valid UTF-8 keeps its own bytes (and so a
    # stable fingerprint) instead of failing to encode.
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]


class SourceLines:
    """Reads the flagged lines of a scanned tree, each file once. Never writes anything."""

    def __init__(self, root: Path) -> None:
        self._root = root.resolve()
        self._files: dict[str, list[str]] = {}

    def line(self, path: str | None, line: int | None) -> str:
        if not path or not line or line < 1:
            return ""
        lines = self._files.get(path)
        if lines is None:
            lines = self._read(path)
            self._files[path] = lines
        return lines[line - 1] if line <= len(lines) else ""

    def _read(self, rel: str) -> list[str]:
        # Finding paths come from checkers: refuse anything that would leave the root.
        if rel.startswith("/") or ".." in rel.split("/"):
            return []
        full = self._root / rel
        try:
            if full.is_symlink() or not full.is_file() or full.stat().st_size > MAX_READ_BYTES:
                return []
            data = full.read_bytes()
        except OSError:
            return []
        return data.decode("utf-8", "replace").splitlines()

    def fingerprint(self, finding: Finding) -> str:
        return fingerprint(finding, self.line(finding.path, finding.line))


def fingerprints(findings: Sequence[Finding], root: Path) -> list[str]:
    """The fingerprint of each finding, in the same order."""
    lines = SourceLines(root)
    return [lines.fingerprint(f) for f in findings]


def occurrence_keys(findings: Sequence[Finding], prints: Sequence[str]) -> list[str]:
    """``<fingerprint>:<n>``: unique per finding, n counting equal fingerprints in line order."""
    order = sorted(range(len(findings)), key=lambda i: (prints[i], findings[i].line or 0, i))
    keys = [""] * len(findings)
    seen: dict[str, int] = {}
    for i in order:
        seen[prints[i]] = seen.get(prints[i], 0) + 1
        keys[i] = f"{prints[i]}:{seen[prints[i]]}"
    return keys
