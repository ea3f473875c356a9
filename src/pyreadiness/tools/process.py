"""The one wrapper through which every external tool runs.

Every tool gets a timeout (its whole process group is killed when it passes), captured
stdout and stderr (spooled to disk, capped, so a runaway tool cannot exhaust memory), and
a typed error that keeps the tool's own words. Checkers turn these errors into skipped or
error results; they never escape the engine.

Each tool can be replaced by an executable named in ``PYREADINESS_TOOL_<NAME>`` (for
example ``PYREADINESS_TOOL_MYPY=/opt/mypy-wrapper``): useful for pinning a tool build,
and how the tests simulate a tool that crashes, hangs or is missing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MAX_OUTPUT_BYTES",
    "ToolError",
    "ToolFailed",
    "ToolNotFound",
    "ToolOutput",
    "ToolOutputTooLarge",
    "ToolTimedOut",
    "python_module_command",
    "run_tool",
    "tool_command",
]

#: Output beyond this is not parsed: the tool is reported as misbehaving instead.
MAX_OUTPUT_BYTES = 256 * 1024 * 1024

#: Address space each tool process may use (``RLIMIT_AS``), beside its timeout: a tool that a
#: repository's configuration drives to read ``/dev/zero`` fails instead of exhausting the
#: machine. mypy on a 50k-line repository peaks near 1 GiB; ``PYREADINESS_TOOL_MEMORY_MB``
#: changes the limit (0: none).
DEFAULT_TOOL_MEMORY_MB = 4096

#: User environment variables that would send a tool's report elsewhere or change its format,
#: so that the output we parse would be empty or different: never passed on.
_REDIRECTING_ENV = ("RUFF_OUTPUT_FILE", "RUFF_OUTPUT_FORMAT", "FORCE_COLOR", "CLICOLOR_FORCE")


class ToolError(Exception):
    """A tool could not give a usable answer. ``str()`` is a one-line reason for the report."""

    def __init__(self, tool: str, message: str, stderr: str = "") -> None:
        self.tool = tool
        self.stderr = stderr
        super().__init__(f"{tool}: {message}")


class ToolNotFound(ToolError):
    pass


class ToolTimedOut(ToolError):
    pass


class ToolOutputTooLarge(ToolError):
    pass


class ToolFailed(ToolError):
    """The tool ran but crashed or exited with a code that means "could not do the job"."""


@dataclass(frozen=True, kw_only=True)
class ToolOutput:
    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    duration: float


def tool_command(name: str, default: Sequence[str]) -> list[str]:
    """The argv prefix for a tool: the override from the environment, else ``default``."""
    override = os.environ.get(f"PYREADINESS_TOOL_{name.upper().replace('-', '_')}")
    if override:
        return [override]
    return list(default)


def python_module_command(name: str, module: str) -> list[str]:
    """A tool installed in our own environment, run as ``sys.executable -m module``.

    ``-m`` normally puts the working directory first on ``sys.path``: run inside a scanned
    repository holding a ``mypy.py`` or ``bandit/`` of its own, that would import and execute
    the repository's code. ``-P`` (Python 3.11+) keeps the working directory off ``sys.path``;
    on 3.10 ``-I`` (isolated mode) does the same. ``-E`` ignores every ``PYTHON*`` variable
    of the caller (``PYTHONPATH=.`` would import the repository's ``sitecustomize.py``);
    ``-X utf8`` replaces the ``PYTHONIOENCODING`` that ``-E`` ignores. ``-B``: never write
    bytecode anywhere. (``-I`` is not used on 3.11+: it would also hide a user-site install.)
    """
    safe_path = "-P" if sys.version_info >= (3, 11) else "-I"
    return tool_command(name, [sys.executable, "-E", safe_path, "-X", "utf8", "-B", "-m", module])


def _tool_environment(env: Mapping[str, str] | None) -> dict[str, str]:
    """The caller's environment minus what would change what a tool runs or prints.

    ``PYTHON*`` variables (``PYTHONPATH``, ``PYTHONSTARTUP``, ``PYTHONHOME``...) are dropped
    for every tool, not only Python ones: a tool may start Python itself. ``GIT_*`` too
    (``GIT_EXTERNAL_DIFF``, ``GIT_CONFIG_PARAMETERS``): they concern the caller's repository.
    """
    full_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "GIT_")) and key not in _REDIRECTING_ENV
    }
    full_env.update(
        {
            "PYTHONDONTWRITEBYTECODE": "1",  # never leave __pycache__ in the scanned tree
            "PYTHONIOENCODING": "utf-8",
            "NO_COLOR": "1",
        }
    )
    if env:
        full_env.update(env)
    return full_env


def tool_memory_limit() -> int | None:
    """Bytes of address space a tool may use, or None for no limit."""
    raw = os.environ.get("PYREADINESS_TOOL_MEMORY_MB", "")
    megabytes = int(raw) if raw.isdigit() else DEFAULT_TOOL_MEMORY_MB
    return megabytes * 1024 * 1024 if megabytes > 0 else None


def _limit_memory(pid: int) -> None:
    """Cap the tool's address space right after it starts (``prlimit``, Linux). Not a
    ``preexec_fn``: that can deadlock a child forked from our threaded process."""
    limit = tool_memory_limit()
    try:
        import resource  # POSIX only
    except ImportError:  # pragma: no cover - Windows: the timeout alone bounds a tool
        return
    prlimit = getattr(resource, "prlimit", None)
    if limit is None or prlimit is None:
        return
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        prlimit(pid, resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):
        pass  # the process is gone already, or the platform refuses: the timeout still holds


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""


def run_tool(
    name: str,
    argv: Sequence[str],
    *,
    cwd: Path,
    timeout: float,
    env: Mapping[str, str] | None = None,
    ok_codes: Sequence[int] = (0, 1),
    stdin_text: str | None = None,
) -> ToolOutput:
    """Run ``argv``; raise a ToolError unless it exits with one of ``ok_codes`` in time."""
    exe = argv[0]
    if os.sep not in exe and shutil.which(exe) is None:
        raise ToolNotFound(name, f"executable {exe!r} not found on PATH")
    if os.sep in exe and not os.access(exe, os.X_OK):
        raise ToolNotFound(name, f"executable {exe!r} not found or not executable")
    full_env = _tool_environment(env)
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=full_env,
                stdin=subprocess.PIPE if stdin_text is not None else subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,  # its own process group, so a timeout kills children too
            )
        except FileNotFoundError as exc:
            raise ToolNotFound(name, f"cannot start {exe!r}: {exc.strerror}") from exc
        except OSError as exc:
            raise ToolFailed(name, f"cannot start {exe!r}: {exc.strerror or exc}") from exc
        _limit_memory(proc.pid)
        try:
            proc.communicate(
                input=stdin_text.encode() if stdin_text is not None else None, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ToolTimedOut(name, f"timed out after {timeout:g}s") from None
        duration = time.monotonic() - start
        sizes = (out.tell(), err.tell())
        if max(sizes) > MAX_OUTPUT_BYTES:
            raise ToolOutputTooLarge(
                name, f"printed {max(sizes) // (1024 * 1024)} MiB, more than we parse"
            )
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode not in ok_codes:
        if proc.returncode < 0:
            what = f"killed by signal {-proc.returncode}"
        else:
            what = f"exited with code {proc.returncode}"
        detail = _last_line(stderr) or _last_line(stdout)
        raise ToolFailed(name, what + (f": {detail}" if detail else ""), stderr=stderr)
    return ToolOutput(
        argv=tuple(argv),
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
        duration=duration,
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()
