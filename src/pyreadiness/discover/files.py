"""List a repository's files: from git when it is a work tree, else by a careful walk.

Never follows a symlink out of the target, never runs anything from the repository:
git is called with its fsmonitor and optional locks off, so a hostile ``.git/config``
cannot make it execute a command or write to the tree.
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pyreadiness.discover.classify import in_skipped_dir, is_skipped_dir
from pyreadiness.tools.git import git_environment, safe_git_argv


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
        set_aside = tuple(sorted(p for p in paths if in_skipped_dir(p)))
        return Listing(paths=kept, source="git", problems=problems, set_aside=set_aside)
    walked, walk_problems = _walk(root)
    kept, problems = _filter(root, walked)
    return Listing(paths=kept, source="walk", problems=walk_problems + problems)


def _git_files(root: Path) -> list[str] | None:
    safe = safe_git_argv(root)
    if safe is None:
        return None
    env = git_environment()
    try:
        top = subprocess.run(
            [*safe, "rev-parse", "--show-toplevel"],
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
                *safe,
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
        base = Path(dirpath)
        top = base == root  # build/ at the root is output; elsewhere in_skipped_dir decides
        dirnames[:] = sorted(
            d for d in dirnames if not is_skipped_dir(d) and not (top and d == "build")
        )
        for name in filenames:
            out.append((base / name).relative_to(root).as_posix())
    return out, tuple(problems)


def _filter(root: Path, paths: list[str]) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Drop skipped folders and non-files; refuse what resolves outside the root.

    Every path is resolved whole, not only its last part: a git index can list
    ``outdir/secret.py`` after ``outdir`` became a symlink to a folder elsewhere, and a
    hand-made index can hold ``../`` paths. The type is checked with ``stat`` (which never
    blocks, unlike opening a FIFO); only regular files are kept.
    """
    real_root = os.path.realpath(root)
    kept: set[str] = set()
    problems: list[tuple[str, str]] = []
    for rel in paths:
        parts = rel.split("/")
        if rel.startswith("/") or ".." in parts:
            problems.append((rel, "path leaves the repository, ignored"))
            continue
        if in_skipped_dir(rel):
            continue
        full = root / rel
        try:
            target = os.path.realpath(full, strict=True)
        except FileNotFoundError:
            if full.is_symlink():
                problems.append((rel, "broken or looping symlink, ignored"))
            continue  # a tracked file deleted from the work tree
        except (OSError, RuntimeError):
            problems.append((rel, "broken or looping symlink, ignored"))
            continue
        if not is_within(real_root, target):
            what = "symlink" if full.is_symlink() else "path behind a symlinked folder"
            problems.append((rel, f"{what} pointing outside the repository, ignored"))
            continue
        try:
            mode = Path(target).stat().st_mode
        except OSError as exc:
            problems.append((rel, f"cannot stat: {exc.strerror or exc}"))
            continue
        if not stat.S_ISREG(mode):  # submodules, sockets, FIFOs, devices
            continue
        if not os.access(target, os.R_OK):
            problems.append((rel, "cannot read: permission denied, ignored"))
            continue
        kept.add(rel)
    return tuple(sorted(kept)), tuple(sorted(problems))


def is_within(real_root: str, target: str) -> bool:
    """Whether the resolved ``target`` is ``real_root`` or below it."""
    return target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)
