"""Run the real command line on a hostile repository under a time and a memory limit.

Every case of the hostile suite goes through :func:`hostile_run`: the CLI runs in its own
process group with ``RLIMIT_AS`` set before it starts (the tools it starts inherit the
limit), and is killed when it passes its time limit. A case that hangs or needs more memory
FAILS with a message saying so; it never stalls the suite. The child's peak resident memory
(``ru_maxrss`` from ``wait4``: the largest of the CLI and the tools it waited for) is kept
in the outcome and, when ``HOSTILE_MEASURE_FILE`` names a file, appended there as one JSON
line per run, for the figures in docs/security.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import validate_report, write_tree

#: Address space of the CLI and every tool it starts. A normal run of a small repository
#: needs well under 1 GiB; the failures of the issue passed 4 GB.
MEMORY_LIMIT = 3 * 1024**3
#: Seconds a case may take. A small repository takes 2-10 s even on a loaded machine;
#: the hangs of the issue were killed after 150 s.
TIME_LIMIT = 90.0
#: A secret planted outside the scanned repository: no byte of it may appear in any output.
OUTSIDE_SECRET = "AKIAQZXWVUTSRQPONMLK"
#: Formats whose output we check for leaks and inertness (rich is the default on stdout).
FORMATS = ("json", "sarif", "junit", "markdown", "codequality", "rich", "github", "concise")


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    peak_rss_mib: float
    seconds: float
    outputs: dict[str, str]  # format -> text written with -o FMT:FILE

    def json(self) -> Any:
        return json.loads(self.stdout)

    def everything(self) -> str:
        return "\n".join([self.stdout, self.stderr, *self.outputs.values()])


def _limits(memory: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def hostile_run(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    time_limit: float = TIME_LIMIT,
    memory_limit: int = MEMORY_LIMIT,
    formats: Iterable[str] = (),
    case: str = "",
) -> Outcome:
    """``python -m pyreadiness ARGS`` under the limits; ``formats`` adds ``-o FMT:FILE`` each."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PYREADINESS_", "PYTHON"))}
    full_env["NO_COLOR"] = "1"
    full_env["PYTHONDONTWRITEBYTECODE"] = "1"
    full_env["COLUMNS"] = "200"
    if env:
        full_env.update(env)
    with tempfile.TemporaryDirectory(prefix="hostile-out-") as scratch:
        out_dir = Path(scratch)
        extra: list[str] = []
        for fmt in formats:
            extra += ["-o", f"{fmt}:{out_dir / fmt}"]
        started = time.monotonic()
        with (out_dir / "stdout").open("wb") as out, (out_dir / "stderr").open("wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "pyreadiness", *map(str, args), *extra],
                cwd=cwd,
                env=full_env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                preexec_fn=_limits(memory_limit),
            )
            status, usage = _wait(proc, time_limit, case or " ".join(map(str, args)))
        seconds = time.monotonic() - started
        code = os.waitstatus_to_exitcode(status)
        stdout = (out_dir / "stdout").read_bytes().decode("utf-8", "replace")
        stderr = (out_dir / "stderr").read_bytes().decode("utf-8", "replace")
        outputs = {
            fmt: (out_dir / fmt).read_bytes().decode("utf-8", "replace")
            for fmt in formats
            if (out_dir / fmt).exists()
        }
    peak = usage.ru_maxrss / 1024
    _measure(case or " ".join(map(str, args)), peak, seconds, code)
    if code < 0 or code == 3 or "Traceback" in stderr or "MemoryError" in stderr:
        pytest.fail(f"crashed (exit {code}, peak {peak:.0f} MiB):\n{stderr[-3000:]}")
    return Outcome(code, stdout, stderr, peak, seconds, outputs)


def _wait(proc: subprocess.Popen[bytes], limit: float, case: str) -> tuple[int, Any]:
    deadline = time.monotonic() + limit
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return status, usage
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            pytest.fail(f"{case}: still running after {limit:g} s (killed): a hang")
        time.sleep(0.05)


def _measure(case: str, peak: float, seconds: float, code: int) -> None:
    target = os.environ.get("HOSTILE_MEASURE_FILE")
    if not target:
        return
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]
    line = {"test": test, "case": case[:120], "peak_mib": round(peak), "seconds": seconds}
    line["exit"] = code
    with Path(target).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


def check(
    repo: Path,
    cache: Path,
    *extra: str,
    formats: Iterable[str] = (),
    env: dict[str, str] | None = None,
    time_limit: float = TIME_LIMIT,
    cwd: Path | None = None,
) -> Outcome:
    """``check REPO -f json --offline --cache-dir CACHE EXTRA`` with the tree proven unchanged."""
    before = tree_digest(repo)
    outcome = hostile_run(
        "check",
        repo,
        "-f",
        "json",
        "-q",
        "--offline",
        "--cache-dir",
        cache,
        *extra,
        formats=formats,
        env=env,
        time_limit=time_limit,
        cwd=cwd,
        case=repo.name + " " + " ".join(extra),
    )
    assert tree_digest(repo) == before, "the scanned tree changed"
    if outcome.code in (0, 1):
        validate_report(outcome.json())
    return outcome


def tree_digest(root: Path) -> dict[str, str]:
    """Every entry under root with its type and, for regular files, a content hash: proof
    that nothing was written. Iterative and never opens a FIFO or follows a link."""
    import hashlib
    import stat

    out: dict[str, str] = {}
    stack = [root]
    while stack:
        folder = stack.pop()
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            rel = os.fsencode(entry.path)[len(os.fsencode(root)) + 1 :].decode("utf-8", "replace")
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                out[rel] = "link:" + str(Path(entry.path).readlink())
            elif stat.S_ISDIR(mode):
                out[rel] = "dir"
                stack.append(Path(entry.path))
            elif stat.S_ISREG(mode):
                out[rel] = hashlib.sha256(Path(entry.path).read_bytes()).hexdigest()
            else:
                out[rel] = f"special:{stat.S_IFMT(mode)}"
    return out


def findings(report: dict[str, Any], rule: str | None = None) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if rule is None or f["rule"] == rule]


def status_of(report: dict[str, Any], check_id: str) -> str:
    for entry in report["checks"]:
        if entry["id"] == check_id:
            return str(entry["status"])
    raise AssertionError(f"no check {check_id}")


def minimal_repo(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    """A tiny but real Python project, plus ``extra`` files."""
    base: dict[str, str | bytes] = {
        "pyproject.toml": '[project]\nname = "victim"\nversion = "1.0"\n'
        'requires-python = ">=3.10"\ndependencies = []\n',
        "src/victim/__init__.py": '"""Victim."""\n\n\ndef add(a: int, b: int) -> int:\n'
        "    return a + b\n",
        "tests/test_add.py": "from victim import add\n\n\ndef test_add() -> None:\n"
        "    assert add(1, 2) == 3\n",
    }
    return write_tree(root, base | (extra or {}))


def assert_no_secret(outcome: Outcome, cache: Path, secret: str = OUTSIDE_SECRET) -> None:
    """No byte sequence of the secret in any output, nor anywhere in the cache."""
    probe = secret[4:-4]  # the middle: masking may keep the first and last few characters
    assert probe not in outcome.everything()
    for path in cache.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert probe.encode() not in path.read_bytes(), f"secret in cache file {path}"
