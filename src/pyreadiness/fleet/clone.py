"""Shallow clones of a fleet's git URLs into the cache: fetched, checked out, never executed.

The clone is a repository we create (``git init`` with no template, so no sample hooks),
into which one commit is fetched (``--depth 1``) and checked out. Every git call runs with
tools/git.py's hardened configuration (hooks at /dev/null, every configured filter, diff
driver, fsmonitor, pager and credential helper neutralised, the caller's GIT_* variables
dropped), plus what a fetch needs back: only the transports a manifest may name, and ssh
without prompts. A timeout bounds each call, and a clone whose objects or
work tree exceed the size limit is deleted and reported: git has no size cap of its own,
so the limit is checked between the fetch and the checkout (at most one fetch's worth of
bytes lands before it applies).

The folder is named from the URL and ref, so a re-run fetches into the same place (a
fetch of an unchanged ref moves nothing) and the scan cache finds the same files.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pyreadiness.tools.git import GIT_ENV, safe_git_argv
from pyreadiness.tools.process import ToolError, run_tool

DEFAULT_CLONE_TIMEOUT = 300.0
DEFAULT_MAX_CLONE_BYTES = 1024 * 1024 * 1024

#: Over tools/git.py's neutralised configuration (hooks, filters, fsmonitor, pager, helpers,
#: protocol.allow=never): what a fetch needs back. Only these transports, ssh without prompts.
_FETCH = (
    "-c", "protocol.https.allow=always",
    "-c", "protocol.http.allow=always",
    "-c", "protocol.ssh.allow=always",
    "-c", "protocol.git.allow=always",
    "-c", "protocol.file.allow=always",
    "-c", "core.sshCommand=ssh -o BatchMode=yes",
    "-c", "submodule.recurse=false",
    "-c", "advice.detachedHead=false",
)  # fmt: skip
_CLONE_ENV = {"GIT_LFS_SKIP_SMUDGE": "1", "GIT_ASKPASS": "", "SSH_ASKPASS": ""}


class CloneError(Exception):
    """The repository could not be fetched; ``str()`` is the reason for the report."""


@dataclass(frozen=True, kw_only=True)
class CloneLimits:
    timeout: float = DEFAULT_CLONE_TIMEOUT
    max_bytes: int = DEFAULT_MAX_CLONE_BYTES


def clone_folder(clones: Path, url: str, ref: str | None) -> Path:
    digest = hashlib.sha256(f"{url}\0{ref or ''}".encode()).hexdigest()[:20]
    return clones / digest


def _size(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += (Path(dirpath) / name).lstat().st_size
    return total


def _git(args: list[str], cwd: Path, timeout: float) -> str:
    hardened = safe_git_argv(cwd, timeout=timeout)
    if hardened is None:
        raise CloneError(f"git cannot read its configuration in {cwd}")
    env = {k: v for k, v in os.environ.items() if k.startswith("GIT_")}
    blank = dict.fromkeys(env, "")  # the caller's GIT_DIR & co. are not about this clone
    output = run_tool(
        "git",
        [*hardened, *_FETCH, *args],
        cwd=cwd,
        timeout=timeout,
        env={**blank, **GIT_ENV, **_CLONE_ENV},
        ok_codes=(0,),
    )
    return output.stdout


def shallow_clone(url: str, ref: str | None, clones: Path, limits: CloneLimits) -> Path:
    """Fetch one commit of ``url`` (``ref``, else its default branch) into the cache."""
    dest = clone_folder(clones, url, ref)
    try:
        if not (dest / ".git").is_dir():
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True)
            _git(["init", "-q", "--template=", "."], dest, limits.timeout)
        _git(
            ["fetch", "-q", "--depth", "1", "--no-tags", "--no-recurse-submodules", "--",
             url, ref or "HEAD"],
            dest,
            limits.timeout,
        )  # fmt: skip
        if _size(dest / ".git") > limits.max_bytes:
            raise CloneError(f"larger than the clone limit ({limits.max_bytes} bytes)")
        _git(["checkout", "-q", "--force", "--detach", "FETCH_HEAD"], dest, limits.timeout)
        _git(["clean", "-q", "-d", "-f", "-x"], dest, limits.timeout)
        if _size(dest) > limits.max_bytes:
            raise CloneError(f"larger than the clone limit ({limits.max_bytes} bytes)")
    except ToolError as exc:
        shutil.rmtree(dest, ignore_errors=True)
        raise CloneError(f"cannot clone {url}: {exc}") from None
    except CloneError:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(dest, ignore_errors=True)
        raise CloneError(f"cannot clone {url}: {exc}") from None
    return dest
