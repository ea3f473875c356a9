"""Where a finding is shown by code-hosting formats (SARIF, GitLab Code Quality).

Those platforms want every result on a file, with a path relative to the repository root.
Our findings are relative to the scanned folder, which may be a subfolder of the repository
(a monorepo package), and some are about the repository as a whole (no file).
"""

from __future__ import annotations

from pathlib import Path

from pyreadiness.model import Finding

#: Where a finding about the whole repository is placed: the first of these that exists,
#: else ``pyproject.toml`` (the file most such findings ask to create or complete).
ANCHOR_FILES = (
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "README.md",
    "README.rst",
    "README.txt",
    "README",
)


def repo_prefix(target: Path) -> str:
    """The scanned folder relative to its enclosing repository root ('' when it is the root).

    Looks for ``.git`` (folder or worktree file) upwards, without running git. With no
    enclosing repository, paths stay relative to the scanned folder.
    """
    for candidate in (target, *target.parents):
        if (candidate / ".git").exists():
            rel = target.relative_to(candidate).as_posix()
            return "" if rel == "." else rel + "/"
    return ""


def anchor_file(target: Path) -> str:
    for name in ANCHOR_FILES:
        if (target / name).is_file():
            return name
    return ANCHOR_FILES[0]


class Placer:
    """Maps findings to (repository-relative path, line >= 1)."""

    def __init__(self, target: Path) -> None:
        self._target = target
        self._prefix = repo_prefix(target)
        self._anchor = anchor_file(target)
        self._exists: dict[str, bool] = {}

    def _is_file(self, rel: str) -> bool:
        if rel not in self._exists:
            safe = not rel.startswith("/") and ".." not in rel.split("/")
            self._exists[rel] = safe and (self._target / rel).is_file()
        return self._exists[rel]

    def place(self, f: Finding) -> tuple[str, int]:
        """A finding on a file that does not exist (one it asks to create) goes on the anchor
        too: code hosts cannot show, and may reject, a location on a missing file."""
        if f.path and self._is_file(f.path):
            return self._prefix + f.path, f.line if f.line and f.line > 0 else 1
        return self._prefix + self._anchor, 1

    def message(self, f: Finding) -> str:
        """:func:`described`, naming the finding's own file when it was placed elsewhere."""
        if f.path and not self._is_file(f.path):
            return f"{f.path}: {described(f)}"
        return described(f)


def described(f: Finding) -> str:
    """The message with its remedy, as one line of plain text."""
    if not f.help:
        return f.message
    if f.help.startswith(("https://", "http://")):
        return f"{f.message} (see {f.help})"
    return (
        f"{f.message}. Fix: {f.help}" if f.message[-1:].isalnum() else f"{f.message} Fix: {f.help}"
    )
