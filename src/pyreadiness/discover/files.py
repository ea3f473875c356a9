"""List a repository's files: from git when it is a work tree, else by a careful walk.

Never follows a symlink out of the target, never runs anything from the repository:
git is called with its fsmonitor and optional locks off, so a hostile ``.git/config``
cannot make it execute a command or write to the tree.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pyreadiness.discover.classify import is_skipped_dir

# core.fsmonitor may name a program that git would run on our behalf; turn it off.
_GIT_SAFE = ("git", "-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false")


@dataclass(frozen=True, kw_only=True)
class Listing:
    paths: tuple[str, ...]  # relative, forward slashes, sorted
    source: str  # "git" or "walk"
    problems: tuple[tuple[str, str], ...]  # (path, what went wrong)
    #: Files git lists (committed, or present and not ignored) inside folders we set aside
    #: (``__pycache__``, ``dist``, ``*.egg-info``...): not the repository's own work, but
    #: build output someone committed, which the ``project`` checker reports.
    set_aside: tuple[str, ...] = ()


def list_files(root: Path) -> Listing:
    paths = _git_files(root)
    if paths is not None:
        kept, problems = _filter(root, paths)
        set_aside = tuple(sorted(p for p in paths if _in_skipped_dir(p)))
        return Listing(paths=kept, source="git", problems=problems, set_aside=set_aside)
    walked, walk_problems = _walk(root)
    kept, problems = _filter(root, walked)
    return Listing(paths=kept, source="walk", problems=walk_problems + problems)


def _git_files(root: Path) -> list[str] | None:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    try:
        top = subprocess.run(
            [*_GIT_SAFE, "rev-parse", "--show-toplevel"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if top.returncode != 0:
        return None
    try:
        proc = subprocess.run(
            [
                *_GIT_SAFE,
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--full-name",
                ".",
            ],
            cwd=root,
            capture_output=True,
            timeout=120,
            env=env,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    toplevel = Path(top.stdout.strip())
    try:
        prefix = root.resolve().relative_to(toplevel.resolve()).as_posix()
    except ValueError:
        return None
    out: list[str] = []
    for raw in proc.stdout.split(b"\0"):
        if not raw:
            continue
        rel = os.fsdecode(raw)
        if prefix not in ("", "."):
            if not rel.startswith(prefix + "/"):
                continue
            rel = rel[len(prefix) + 1 :]
        out.append(rel)
    return out


def _walk(root: Path) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    out: list[str] = []
    problems: list[tuple[str, str]] = []

    def on_error(err: OSError) -> None:
        where = Path(err.filename).relative_to(root).as_posix() if err.filename else "."
        problems.append((where, f"cannot read folder: {err.strerror or err}"))

    # followlinks=False: a symlinked folder is never entered, so no loop and no escape.
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not is_skipped_dir(d))
        base = Path(dirpath)
        for name in filenames:
            out.append((base / name).relative_to(root).as_posix())
    return out, tuple(problems)


def _in_skipped_dir(rel: str) -> bool:
    return any(is_skipped_dir(part) for part in rel.split("/")[:-1])


def _filter(root: Path, paths: list[str]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Drop skipped folders, non-files, and symlinks that loop or leave the root."""
    real_root = os.path.realpath(root)
    kept: set[str] = set()
    problems: list[tuple[str, str]] = []
    for rel in paths:
        if _in_skipped_dir(rel):
            continue
        full = root / rel
        if full.is_symlink():
            try:
                target = os.path.realpath(full, strict=True)
            except (OSError, RuntimeError):
                problems.append((rel, "broken or looping symlink, ignored"))
                continue
            if os.path.commonpath([real_root, target]) != real_root:
                problems.append((rel, "symlink pointing outside the repository, ignored"))
                continue
        try:
            if not full.is_file():  # deleted tracked files, submodules, sockets, FIFOs
                continue
        except OSError as exc:
            problems.append((rel, f"cannot stat: {exc.strerror or exc}"))
            continue
        if not os.access(full, os.R_OK):
            problems.append((rel, "cannot read: permission denied, ignored"))
            continue
        kept.add(rel)
    return tuple(sorted(kept)), tuple(sorted(problems))
