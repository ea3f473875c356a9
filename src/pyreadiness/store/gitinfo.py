"""The commit and ref of a checkout, read from ``.git`` as files: no git process runs.

A scanned repository is untrusted and its ``.git/config`` can name programs git would run;
reading ``HEAD``, the loose ref and ``packed-refs`` ourselves needs none of that. Anything
unexpected (a missing file, a huge one, a ref outside ``refs/``) means "unknown", never an
error: the commit is for the history, not for the score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_MAX_BYTES = 4 * 1024 * 1024  # packed-refs of a large repository fit; anything else is odd
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_REF = re.compile(r"refs/[A-Za-z0-9._/-]{1,200}")


@dataclass(frozen=True, kw_only=True)
class GitInfo:
    commit: str | None
    ref: str | None


def _read(path: Path) -> str | None:
    try:
        if not path.is_file() or path.stat().st_size > _MAX_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _git_dirs(root: Path) -> tuple[Path, Path] | None:
    """The git folder of ``root`` and its common folder (they differ in a linked worktree)."""
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git, dot_git
    text = _read(dot_git)
    if text is None or not text.startswith("gitdir:"):
        return None
    git_dir = (root / text[len("gitdir:") :].strip()).resolve()
    common = _read(git_dir / "commondir")
    return git_dir, (git_dir / common.strip()).resolve() if common else git_dir


def read_git_info(root: Path) -> GitInfo:
    dirs = _git_dirs(root)
    if dirs is None:
        return GitInfo(commit=None, ref=None)
    git_dir, common = dirs
    head = (_read(git_dir / "HEAD") or "").strip()
    if _SHA.fullmatch(head):
        return GitInfo(commit=head, ref=None)  # detached (a shallow clone of a tag or SHA)
    if not head.startswith("ref:"):
        return GitInfo(commit=None, ref=None)
    ref = head[len("ref:") :].strip()
    if not _REF.fullmatch(ref) or ".." in ref:
        return GitInfo(commit=None, ref=None)
    short = ref.removeprefix("refs/heads/")
    loose = (_read(git_dir / ref) or _read(common / ref) or "").strip()
    if _SHA.fullmatch(loose):
        return GitInfo(commit=loose, ref=short)
    for line in (_read(common / "packed-refs") or "").splitlines():
        sha, _, name = line.partition(" ")
        if name.strip() == ref and _SHA.fullmatch(sha):
            return GitInfo(commit=sha, ref=short)
    return GitInfo(commit=None, ref=short)  # a branch with no commit yet
