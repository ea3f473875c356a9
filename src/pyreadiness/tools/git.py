"""git on a scanned repository, with every configured program neutralised.

A repository's ``.git/config`` (or a file it includes) can name programs that git runs on
its own: an fsmonitor hook, clean/smudge/process filters, textconv and external diff
drivers, a pager, hooks. None may run. git has no switch to ignore the repository's
configuration, so each call overrides, on its command line (which wins over every
configuration file), the fixed keys below and every filter/diff driver key that any
configuration scope defines (listed by ``git config --list``, which runs nothing).

The caller's own ``GIT_*`` variables are dropped too: ``GIT_EXTERNAL_DIFF``,
``GIT_CONFIG_PARAMETERS`` or ``GIT_DIR`` are about their repository, not the scanned one.
The user's global configuration stays (``safe.directory`` lives there), its drivers
neutralised like the repository's.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

#: Keys that run a program, set to values that run none.
_FIXED = (
    "core.fsmonitor=false",
    "core.untrackedCache=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.sshCommand=false",
    "core.editor=false",
    "core.askPass=",
    "credential.helper=",
    "diff.external=",
    "log.showSignature=false",
    "gpg.program=false",
    "protocol.allow=never",
)
#: Per-driver keys naming a program: filter.<name>.clean, diff.<name>.textconv...
_DRIVER_KEY = re.compile(
    r"^((?:filter|diff|merge)\.(?:.+)\.(?:clean|smudge|process|textconv|command|driver))$"
    r"|^(pager\.[^.]+)$",
    re.IGNORECASE,
)
#: The environment every git call gets, over the caller's minus its GIT_* variables.
GIT_ENV = {
    "GIT_OPTIONAL_LOCKS": "0",  # never write .git/index (a scan writes nothing)
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_PROTOCOL_FROM_USER": "0",
}


def git_environment() -> dict[str, str]:
    """The caller's environment without its ``GIT_*`` variables, plus :data:`GIT_ENV`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    return env


def _overrides(keys: list[str]) -> list[str]:
    argv = []
    for setting in _FIXED:
        argv += ["-c", setting]
    for key in keys:
        match = _DRIVER_KEY.match(key)
        if match is None:
            continue
        value = "false" if key.lower().startswith("pager.") else ""
        argv += ["-c", f"{key}={value}"]
        if key.lower().startswith("filter."):
            argv += ["-c", key.rsplit(".", 1)[0] + ".required=false"]
    return argv


def configured_keys(root: Path, git: str = "git", timeout: float = 30.0) -> list[str] | None:
    """Every key set in any configuration scope git reads in ``root``; None when git fails."""
    try:
        proc = subprocess.run(
            [git, "--no-pager", *_overrides([]), "config", "--list", "--name-only", "-z"],
            cwd=root,
            capture_output=True,
            timeout=timeout,
            env=git_environment(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return [] if not proc.stdout else None
    return sorted({os.fsdecode(k) for k in proc.stdout.split(b"\0") if k})


def safe_git_argv(root: Path, git: str = "git", timeout: float = 30.0) -> list[str] | None:
    """``git --no-pager -c ...`` for calls in ``root``; None when its configuration cannot
    be listed (then git must not run there at all)."""
    keys = configured_keys(root, git, timeout)
    if keys is None:
        return None
    return [git, "--no-pager", *_overrides(keys)]
