"""Run ruff through the one tool wrapper, file by file from the cache where possible.

Each file's diagnostics are cached under a key made of the ruff build, the options of the
run and the file's path and content hash. A run passes ruff only the files with no cached
entry, so an unchanged repository runs no tool at all and a one-file change lints one file.
Ruff's own cache is off and pointed at our cache folder: nothing is written to the tree.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.lint.rules import normalise_code
from pyreadiness.tools.cache import make_key
from pyreadiness.tools.position import position
from pyreadiness.tools.process import ToolFailed, ToolNotFound, run_tool, tool_command

_NAMESPACE = "lint-files-2"  # 2: with columns
#: Where ruff documents each rule, under its name.
RUFF_RULES_DOCS = "https://docs.astral.sh/ruff/rules/"
# Far below ARG_MAX (2 MiB on Linux) even with the environment added.
_MAX_ARGV_CHARS = 100_000
_VERSION_RE = re.compile(r"\bruff (\d+)\.(\d+)\.(\d+)")
#: ruff's find_ruff_bin reads sysconfig, whose lazy first initialisation is not thread-safe:
#: lint and operability locate ruff at the same moment, and one of them saw a half-built
#: configuration (tests/test_operability_async.py).
_LOCATING = threading.Lock()


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    path: str  # relative to the scanned root, forward slashes
    code: str  # rule code, "invalid-syntax", or "unformatted" from ruff format
    line: int | None
    message: str
    url: str
    column: int | None = None  # 1-based
    end_line: int | None = None
    end_column: int | None = None  # 1-based, one past the last character

    @property
    def rule_name(self) -> str:
        """ruff's name of the rule: the last part of its documentation link
        (".../unused-import"); empty without one."""
        if not self.url.startswith(RUFF_RULES_DOCS):
            return ""
        return self.url.removeprefix(RUFF_RULES_DOCS).strip("/")


@dataclass(frozen=True, kw_only=True)
class Ruff:
    argv: tuple[str, ...]  # the command prefix
    identity: str  # which build this is, for cache keys; no process is started to learn it


def locate_ruff() -> Ruff:
    """Our own ruff (or ``PYREADINESS_TOOL_RUFF``), identified by its file's size and mtime."""
    argv = tool_command("ruff", [])  # [] unless the environment overrides the executable
    package_version = ""
    if not argv:
        try:
            from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

            with _LOCATING:
                argv = [os.fsdecode(find_ruff_bin())]
        except (ImportError, FileNotFoundError) as exc:
            raise ToolNotFound("ruff", "the ruff executable is not installed") from exc
        package_version = _package_version()
    exe = argv[0] if os.sep in argv[0] else (shutil.which(argv[0]) or argv[0])
    try:
        stat = Path(exe).stat()
    except OSError as exc:
        raise ToolNotFound("ruff", f"executable {exe!r} not found") from exc
    identity = f"{exe}|{stat.st_size}|{stat.st_mtime_ns}|{package_version}"
    return Ruff(argv=tuple(argv), identity=identity)


def _package_version() -> str:
    try:
        return metadata.version("ruff")
    except metadata.PackageNotFoundError:
        return ""


def ruff_version(ctx: CheckContext, ruff: Ruff) -> tuple[int, int, int]:
    """``ruff --version``, asked once per ruff build and remembered in the cache."""
    key = make_key("ruff-version", ruff.identity)
    cached = ctx.cache.get(_NAMESPACE, key)
    if isinstance(cached, list) and len(cached) == 3 and all(isinstance(n, int) for n in cached):
        return (cached[0], cached[1], cached[2])
    with ctx.tool_slot():
        out = run_tool(
            "ruff", [*ruff.argv, "--version"], cwd=ctx.root, timeout=ctx.tool_timeout, ok_codes=(0,)
        )
    match = _VERSION_RE.search(out.stdout)
    if match is None:
        raise ToolFailed("ruff", f"unrecognised --version output: {out.stdout.strip()[:100]!r}")
    version = (int(match[1]), int(match[2]), int(match[3]))
    ctx.cache.put(_NAMESPACE, key, list(version))
    return version


def run_per_file(
    ctx: CheckContext,
    ruff: Ruff,
    args: Sequence[str],
    paths: Sequence[str],
    *,
    key_parts: Sequence[str] = (),
    ok_codes: Sequence[int] = (0, 1),
) -> dict[str, tuple[Diagnostic, ...]]:
    """Diagnostics of ``ruff ARGS -- PATHS`` by path, running ruff only on uncached files.

    ``key_parts`` must hold everything besides ``args`` and the file itself that changes
    the outcome (the content of configuration files, for runs that read them).
    """
    results: dict[str, tuple[Diagnostic, ...]] = {}
    keys = ctx.inventory.content_keys(
        paths, lambda rel, digest: make_key(ruff.identity, *args, *key_parts, rel, digest)
    )
    for rel, value in ctx.cache.get_each(_NAMESPACE, keys).items():
        cached = _decode(value)
        if cached is not None:
            results[rel] = cached
    missing = [rel for rel in paths if rel not in results]
    for chunk in _chunks(missing):
        found = _run_chunk(ctx, ruff, args, chunk, ok_codes)
        for rel in chunk:
            diagnostics = tuple(found.get(rel, ()))
            results[rel] = diagnostics
            if rel in keys:
                ctx.cache.put(_NAMESPACE, keys[rel], [asdict(d) for d in diagnostics])
    return results


def _chunks(paths: Sequence[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    size = 0
    for rel in paths:
        if chunk and size + len(rel) + 1 > _MAX_ARGV_CHARS:
            yield chunk
            chunk, size = [], 0
        chunk.append(rel)
        size += len(rel) + 1
    if chunk:
        yield chunk


def _run_chunk(
    ctx: CheckContext, ruff: Ruff, args: Sequence[str], chunk: list[str], ok_codes: Sequence[int]
) -> dict[str, list[Diagnostic]]:
    tool_cache = str(ctx.cache.tool_dir("ruff"))
    with ctx.tool_slot():
        out = run_tool(
            "ruff",
            # "--" so a file named like an option stays a file.
            [*ruff.argv, *args, "--cache-dir", tool_cache, "--", *chunk],
            cwd=ctx.root,
            timeout=ctx.tool_timeout,
            env={"RUFF_CACHE_DIR": tool_cache, "RUFF_NO_CACHE": "true"},
            ok_codes=ok_codes,
        )
    try:
        raw = json.loads(out.stdout)
    except ValueError as exc:
        detail = stderr_reason(out.stderr, ctx.root)
        if out.returncode not in (0, 1) and detail:
            # ruff stopped before linting (a configuration it cannot load, ...).
            raise ToolFailed("ruff", f"exited with code {out.returncode}: {detail}") from exc
        raise ToolFailed(
            "ruff", f"could not parse ruff output ({len(out.stdout)} characters): {exc}"
        ) from exc
    if not isinstance(raw, list):
        raise ToolFailed("ruff", f"could not parse ruff output: a JSON {type(raw).__name__}")
    by_path: dict[str, list[Diagnostic]] = {}
    names = _name_map(ctx.root, chunk)
    for item in raw:
        diagnostic = _diagnostic(item, names, ctx.root)
        by_path.setdefault(diagnostic.path, []).append(diagnostic)
    return by_path


def _name_map(root: Path, chunk: list[str]) -> dict[str, str]:
    """The spellings ruff may print for each file passed.

    It prints absolute paths, and a name that is not valid UTF-8 with replacement
    characters: both must lead back to the file, or its diagnostics would be lost.
    """
    bases = {os.fspath(root), os.fspath(root.absolute()), os.fspath(root.resolve())}
    names: dict[str, str] = {}
    for rel in chunk:
        for spelling in [rel, *(os.fspath(Path(base, rel)) for base in bases)]:
            names[spelling] = rel
            names[os.fsencode(spelling).decode("utf-8", "replace")] = rel
    return names


def _diagnostic(item: Any, names: dict[str, str], root: Path) -> Diagnostic:
    if not isinstance(item, dict) or not isinstance(item.get("filename"), str):
        raise ToolFailed("ruff", f"could not parse ruff output: unexpected item {str(item)[:100]}")
    filename: str = item["filename"]
    rel = names.get(filename) or Path(os.path.relpath(filename, root.resolve())).as_posix()
    start = item.get("location")
    start = start if isinstance(start, dict) else {}
    end = item.get("end_location")
    end = end if isinstance(end, dict) else {}
    return Diagnostic(
        path=rel,
        code=normalise_code(item.get("code")),
        line=position(start.get("row")),
        message=str(item.get("message") or ""),
        url=str(item.get("url") or ""),
        column=position(start.get("column")),
        end_line=position(end.get("row")),
        end_column=position(end.get("column")),
    )


def _decode(value: Any) -> tuple[Diagnostic, ...] | None:
    """A cached entry back into diagnostics; None when absent or not what we wrote."""
    if not isinstance(value, list):
        return None
    try:
        return tuple(Diagnostic(**item) for item in value)
    except TypeError:
        return None


def stderr_reason(stderr: str, root: Path) -> str:
    """ruff's complaint in one line, with the scanned root's absolute path taken out."""
    text = stderr
    for base in {os.fspath(root.resolve()), os.fspath(root.absolute())}:
        text = text.replace(base + os.sep, "").replace(base, ".")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    causes = [ln.removeprefix("Cause:").strip() for ln in lines if ln.startswith("Cause:")]
    # ruff prints a TOML error as "Cause: ..." lines, a source excerpt, then the problem.
    tail = [ln for ln in lines if not ln.startswith(("Cause:", "|", "ruff failed")) and ln[:1]]
    tail = [ln for ln in tail if not ln.split("|", 1)[0].strip().isdigit()]
    parts = causes[-2:] + tail[-1:]
    return ": ".join(parts)[:500]
