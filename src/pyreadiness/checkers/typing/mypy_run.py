"""Run mypy on the shipped modules under the sanitised configuration and read its verdict.

mypy gets ``--config-file`` (our sanitised copy, so it never searches the tree or the
user's home for another), ``--cache-dir`` in our cache (one folder per scanned root, so
repositories do not evict each other's incremental state), ``--no-site-packages`` (no
third-party package is resolvable, whatever happens to be installed next to us: the
measurement does not depend on our environment) and ``--output json``.

Import errors for third-party modules are our environment's doing, not the repository's:
they are counted apart and cost nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyreadiness.checkers.typing.mypy_config import RepoMypyConfig
from pyreadiness.checkers.typing.sanitise import SanitisedConfig
from pyreadiness.tools.cache import Cache
from pyreadiness.tools.position import position
from pyreadiness.tools.process import ToolError, python_module_command, run_tool

_IMPORT_CODES = frozenset({"import-not-found", "import-untyped", "import"})
#: Errors that only say an annotation is missing: annotation coverage already scores those,
#: so counting them again as mypy errors would charge one gap twice. ``no-untyped-call``
#: (strict: a typed function calls an unannotated one) is the callee's missing annotation.
_ANNOTATION_GAP_CODES = frozenset({"no-untyped-def", "no-untyped-call"})
_QUOTED = re.compile(r'"([^"]+)"')
_TOOL_FAULT = ("INTERNAL ERROR", "Traceback (most recent call last)", "unrecognized arguments")
HELP_BASE = "https://mypy.readthedocs.io/en/stable/_refs.html#code-"
HELP_CONFIG = "https://mypy.readthedocs.io/en/stable/config_file.html"


@dataclass(frozen=True, kw_only=True)
class MypyMessage:
    path: str | None
    line: int | None
    code: str | None
    message: str
    column: int | None = None  # 1-based
    end_line: int | None = None
    end_column: int | None = None  # 1-based, one past the last character

    @property
    def help(self) -> str:
        return HELP_BASE + self.code if self.code else HELP_CONFIG


@dataclass(frozen=True, kw_only=True)
class MypyOutcome:
    #: The counted errors; meaningful only when ``failure`` is empty.
    errors: tuple[MypyMessage, ...] = ()
    #: Third-party imports mypy could not resolve here (not counted).
    ignored_imports: int = 0
    #: Errors in files that are not shipped source, e.g. vendored code (not counted).
    elsewhere: int = 0
    #: ``no-untyped-def`` errors: scored by annotation coverage, not counted again here.
    annotation_gaps: int = 0
    #: Why there is no usable count ("" when mypy ran to the end).
    failure: str = ""
    #: The failure lies with the repository (its config, a blocking error), not our side.
    repo_fault: bool = False
    #: Errors that stopped mypy before it checked anything (exit code 2).
    blocking: tuple[MypyMessage, ...] = ()
    #: mypy's complaints about the configuration (unknown options and the like).
    config_notes: tuple[str, ...] = ()


def workdir_for(cache: Cache, root: Path) -> Path:
    """Our private folder for this repository: sanitised config and incremental cache."""
    key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    path = cache.tool_dir("mypy") / key[:16]
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_config(workdir: Path, config: SanitisedConfig) -> Path:
    text = config.text
    path = workdir / f"mypy-{hashlib.sha256(text.encode()).hexdigest()[:16]}.toml"
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=workdir, prefix=".tmp-", suffix=".toml")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        Path(tmp).replace(path)  # concurrent runs never read half a file
    return path


def mypy_argv(config_path: Path, cache_dir: Path) -> list[str]:
    return [
        *python_module_command("mypy", "mypy"),
        "--config-file",
        str(config_path),
        "--cache-dir",
        str(cache_dir),
        "--no-site-packages",
        "--output",
        "json",
        "--no-error-summary",
    ]


def mypy_env(cache_dir: Path) -> dict[str, str]:
    """mypy's environment: its cache in ours, no search path from the user's environment."""
    return {"MYPY_CACHE_DIR": str(cache_dir), "MYPYPATH": ""}


def _relative(root: Path, file: Any) -> str | None:
    if not isinstance(file, str) or not file:
        return None
    path = Path(file)
    if path.is_absolute():
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return None  # outside the repository: never print absolute paths
    return path.as_posix()


def parse_messages(root: Path, stdout: str) -> list[MypyMessage]:
    """The error lines of mypy's JSON output (notes and non-JSON lines ignored)."""
    out: list[MypyMessage] = []
    for raw in stdout.splitlines():
        text = raw.strip()
        if not text.startswith("{"):
            continue
        try:
            item = json.loads(text)
        except ValueError:
            continue
        if not isinstance(item, dict) or item.get("severity") != "error":
            continue
        line = item.get("line")
        code = item.get("code")
        out.append(
            MypyMessage(
                path=_relative(root, item.get("file")),
                line=line if isinstance(line, int) and line > 0 else None,
                code=code if isinstance(code, str) and code else None,
                message=str(item.get("message", "")),
                column=position(item.get("column"), zero_based=True),
                end_line=position(item.get("end_line")),
                end_column=position(item.get("end_column"), zero_based=True),
            )
        )
    return out


def _third_party_import(msg: MypyMessage, own_names: frozenset[str]) -> bool:
    if msg.code not in _IMPORT_CODES:
        return False
    found = _QUOTED.search(msg.message)
    if found is None:
        return True  # cannot tell which module: give the repository the benefit of the doubt
    top = found.group(1).split(".", 1)[0]
    return top not in own_names and top not in sys.stdlib_module_names


def _config_notes(stderr: str, config_path: Path, shown_as: str) -> tuple[str, ...]:
    notes = []
    for line in stderr.splitlines():
        if str(config_path) in line:
            notes.append(line.replace(str(config_path), shown_as).strip())
    return tuple(sorted(set(notes)))


def run_mypy(
    *,
    root: Path,
    cache: Cache,
    timeout: float,
    repo_config: RepoMypyConfig,
    sanitised: SanitisedConfig,
    own_names: frozenset[str],
    shipped: frozenset[str],
) -> MypyOutcome:
    """Run mypy; count errors in ``shipped`` files, bar third-party imports."""
    try:
        workdir = workdir_for(cache, root)
        config_path = write_config(workdir, sanitised)
    except OSError as exc:
        return MypyOutcome(failure=f"cannot write mypy's configuration in the cache: {exc}")
    cache_dir = workdir / "cache"
    env = mypy_env(cache_dir)
    try:
        out = run_tool(
            "mypy",
            mypy_argv(config_path, cache_dir),
            cwd=root,
            timeout=timeout,
            env=env,
            ok_codes=(0, 1, 2),
        )
    except ToolError as exc:
        return MypyOutcome(failure=str(exc))
    shown_as = repo_config.path or "the mypy configuration"
    notes = _config_notes(out.stderr, config_path, shown_as)
    messages = parse_messages(root, out.stdout)
    if out.returncode == 2:
        if messages:
            first = messages[0]
            where = f"{first.path}:{first.line}" if first.line else (first.path or "?")
            return MypyOutcome(
                failure=f"mypy stopped at a blocking error ({where}: {first.message})",
                repo_fault=True,
                blocking=tuple(messages),
                config_notes=notes,
            )
        detail = _first_problem(out.stderr or out.stdout).replace(str(config_path), shown_as)
        if "unrecognized arguments" in out.stderr and "--output" in out.stderr:
            detail = f"this mypy is too old for --output json (1.11 or newer needed): {detail}"
        tool_fault = any(marker in out.stderr for marker in _TOOL_FAULT)
        return MypyOutcome(
            failure=f"mypy could not run: {detail or 'exit code 2 without a message'}",
            repo_fault=not tool_fault and repo_config.path is not None,
            config_notes=notes,
        )
    if out.returncode == 1 and not messages:
        detail = _first_problem(out.stderr or out.stdout)
        return MypyOutcome(failure=f"mypy exited 1 but reported no errors we could read: {detail}")
    # mypy follows imports: into vendored code, or tests the package imports. Their errors
    # are not the shipped code's.
    ours = [m for m in messages if m.path is None or m.path in shipped]
    resolvable = [m for m in ours if not _third_party_import(m, own_names)]
    counted = [m for m in resolvable if m.code not in _ANNOTATION_GAP_CODES]
    return MypyOutcome(
        errors=tuple(counted),
        ignored_imports=len(ours) - len(resolvable),
        annotation_gaps=len(resolvable) - len(counted),
        elsewhere=len(messages) - len(ours),
        config_notes=notes,
    )


def _first_problem(text: str) -> str:
    """The line that says what went wrong: an ``error:`` line, else the last line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in lines:
        if "error:" in line or "INTERNAL ERROR" in line:
            return line[:300]
    return lines[-1][:300] if lines else ""
