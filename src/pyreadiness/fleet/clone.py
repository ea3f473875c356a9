"""Shallow clones of a fleet's git URLs into the cache: fetched, checked out, never executed.

The clone is a repository we create (``git init`` with no template, so no sample hooks),
into which one commit is fetched (``--depth 1``) and checked out. Every git call carries
overrides that keep the fetched content from running anything: hooks point at /dev/null,
no filter, no fsmonitor, no credential helper or prompt, no pager; only the transports a
manifest may name are allowed. A timeout bounds each call, and a clone whose objects or
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

from pyreadiness.tools.process import ToolError, run_tool

DEFAULT_CLONE_TIMEOUT = 300.0
DEFAULT_MAX_CLONE_BYTES = 1024 * 1024 * 1024

#: Every git call in a clone: nothing the fetched content (or a user's config) names runs.
_HARDENED = (
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.fsmonitor=false",
    "-c", "core.untrackedCache=false",
    "-c", "core.sshCommand=ssh -o BatchMode=yes",
    "-c", "core.askPass=",
    "-c", "credential.helper=",
    "-c", "core.pager=cat",
    "-c", "protocol.allow=never",
    "-c", "protocol.https.allow=always",
    "-c", "protocol.http.allow=always",
    "-c", "protocol.ssh.allow=always",
    "-c", "protocol.git.allow=always",
    "-c", "protocol.file.allow=always",
    "-c", "submodule.recurse=false",
    "-c", "filter.lfs.smudge=",
    "-c", "filter.lfs.process=",
    "-c", "filter.lfs.required=false",
    "-c", "advice.detachedHead=false",
)  # fmt: skip
_GIT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_LFS_SKIP_SMUDGE": "1",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
}


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
    env = {k: v for k, v in os.environ.items() if k.startswith("GIT_")}
    blank = dict.fromkeys(env, "")  # the caller's GIT_DIR & co. are not about this clone
    output = run_tool(
        "git",
        ["git", *_HARDENED, *args],
        cwd=cwd,
        timeout=timeout,
        env={**blank, **_GIT_ENV},
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
