"""Excludes with gitignore semantics (pathspec), as ruff spells them.

``exclude`` replaces :data:`DEFAULT_EXCLUDE`; ``extend-exclude`` adds to whichever is in
force. Folders that are never a repository's own work (version control, virtualenvs,
build output, tool caches: ``classify.SKIPPED_DIRS``) are left out before either applies
and cannot be brought back. A user's pattern that leaves out nothing is most often a
typo, so it is reported (a warning on stderr and a note in the report), not ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pathspec

#: Vendored code: someone else's work, kept in the tree. ``exclude = []`` measures it.
DEFAULT_EXCLUDE: tuple[str, ...] = ("vendor/", "_vendor/", "vendored/", "third_party/")


@dataclass(frozen=True, kw_only=True)
class Excluded:
    left_out: tuple[str, ...]
    unmatched: tuple[str, ...]  # user patterns that matched no listed file


def exclude_paths(paths: Sequence[str], exclude: Sequence[str], extend: Sequence[str]) -> Excluded:
    patterns = (*exclude, *extend)
    if not patterns:
        return Excluded(left_out=(), unmatched=())
    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    left_out = tuple(p for p in paths if spec.match_file(matchable(p)))
    # Negations ("!keep.md") bring files back: they leave nothing out by design.
    user = [
        p for p in patterns if (p not in DEFAULT_EXCLUDE or p in extend) and not p.startswith("!")
    ]
    unmatched = tuple(
        p for p in dict.fromkeys(user) if not any(_one(p).match_file(matchable(x)) for x in paths)
    )
    return Excluded(left_out=left_out, unmatched=unmatched)


def matchable(path: str) -> str:
    """A file name that is not UTF-8 (kept as surrogates) spelled so every pathspec backend
    takes it: the re2 one encodes to UTF-8 strictly. Only the undecodable bytes change."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _one(pattern: str) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines([pattern])


def unmatched_note(pattern: str) -> str:
    return (
        f"exclude pattern {pattern!r} matches no file (gitignore syntax; folders such as "
        ".venv/, build/ and .git/ are always left out)"
    )
