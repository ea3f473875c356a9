"""bandit on shipped source: a fixed profile, a queue of processes, cached per file.

The profile is bandit's defaults (every plugin, every severity and confidence) with no
configuration file: the repository's ``.bandit`` / ``[tool.bandit]`` could skip tests or
exclude paths and so hide issues. Files are passed explicitly (``./path``), so bandit
never walks the tree and never finds a ``.bandit`` on its own; inline ``# nosec`` is
honoured by bandit and counted from its metrics.

Each file's result depends only on its content, bandit's identity and the profile, so it
is cached under those; a run only hands bandit the files whose content it has not seen.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import math
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.discover.inventory import Inventory
from pyreadiness.tools.cache import make_key
from pyreadiness.tools.position import position
from pyreadiness.tools.process import ToolError, python_module_command, run_tool, tool_command

#: Options of every bandit run; by hand: ``python -m bandit -f json -q FILE...``.
PROFILE: tuple[str, ...] = ("-f", "json", "-q")
NAMESPACE = "security-bandit"
#: In the per-file key: entries stored before passwords were masked are never read again.
MASKING = "masked-1"
# A bandit process costs ~0.2 s of CPU to start, as much as it takes to scan this many
# bytes of source (measured: 490 kB/s on rich, 640 kB/s on sqlalchemy): the unit that sizes
# the queue (see _chunk_count).
STARTUP_BYTES = 120_000
# Never a process for fewer files than this on average.
MIN_FILES_PER_SHARD = 8
# bandit's time on a file grows with its bytes, and with the square of a run of lines that
# begin with a string literal (entries of one long literal): for each string, its
# `# nosec` lookup walks every line of the enclosing statement (PyCQA/bandit#484, #505).
# rich's 3,608-line table of emoji names takes it 3.5 s, as long as ~1.5 MB of ordinary
# code: weighed by size alone it was packed with other large files, into the run that
# ends last. A run of n such lines weighs as much as this many bytes times n squared.
STRING_RUN_WEIGHT = 0.12
_STRING_LINE = re.compile(rb"\n[ \t]+[rRbBuUfF]{0,2}[\"'][^\n]*")
# Keep each command line well below the kernel's argument limits (ARG_MAX, MAX_ARG_STRLEN).
MAX_FILES_PER_CALL = 1000
MAX_ARGV_CHARS = 100_000
LEVELS = ("HIGH", "MEDIUM", "LOW")


class BanditOutputError(ToolError):
    """bandit exited normally but printed something that is not its JSON report."""


@dataclass(frozen=True, kw_only=True)
class BanditIssue:
    path: str
    line: int
    test_id: str
    test_name: str
    severity: str  # HIGH, MEDIUM or LOW
    confidence: str
    text: str
    more_info: str
    column: int | None = None  # 1-based
    end_line: int | None = None
    end_column: int | None = None  # 1-based, one past the last character


@dataclass(frozen=True, kw_only=True)
class FileReport:
    path: str
    issues: tuple[BanditIssue, ...] = ()
    nosec: int = 0  # issues silenced by a bare (or reasoned) ``# nosec``
    skipped: int = 0  # issues silenced by ``# nosec B123``
    error: str | None = None  # why bandit could not scan the file


@dataclass(frozen=True, kw_only=True)
class BanditScan:
    files: tuple[FileReport, ...]  # one per requested file, sorted by path
    ran_on: tuple[str, ...]  # files bandit ran on this time (the rest came from the cache)


def bandit_identity() -> str | None:
    """What decides bandit's behaviour, without starting a process; None if not installed.

    A ``PYREADINESS_TOOL_BANDIT`` override is identified by its path and content, since
    asking it for a version would mean running it even when nothing changed.
    """
    override = tool_command("bandit", [])  # [] unless PYREADINESS_TOOL_BANDIT is set
    if override:
        exe = override[0]
        try:
            digest = hashlib.sha256(Path(exe).read_bytes()).hexdigest()
        except OSError:
            digest = "unreadable"
        return f"override {exe} {digest}"
    if importlib.util.find_spec("bandit") is None:
        return None
    try:
        return f"bandit {importlib.metadata.version('bandit')}"
    except importlib.metadata.PackageNotFoundError:
        return "bandit unknown"


def scan(ctx: CheckContext, paths: Sequence[str], identity: str) -> BanditScan:
    """Every path's bandit report: from the cache where possible, else by running bandit."""
    reports: dict[str, FileReport] = {}
    todo: list[str] = []
    wanted = sorted(set(paths))
    keys = ctx.inventory.content_keys(
        wanted, lambda _, digest: make_key(NAMESPACE, identity, " ".join(PROFILE), MASKING, digest)
    )
    stored = ctx.cache.get_each(NAMESPACE, keys)
    for rel in wanted:
        report = _from_cache(rel, stored[rel]) if rel in stored else None
        if report is None:
            todo.append(rel)
        else:
            reports[rel] = report
    if todo:
        queue = _queue(todo, ctx, ctx.jobs)
        # A queue, not one slice per worker: a file bandit is slow on (a long literal) then
        # keeps one worker busy while the others drain the rest.
        with ThreadPoolExecutor(max_workers=max(1, min(ctx.jobs, len(queue)))) as pool:
            for found in pool.map(lambda chunk: _run_bandit(ctx, chunk), queue):
                for report in found:
                    reports[report.path] = report
                    if report.path in keys:
                        ctx.cache.put(NAMESPACE, keys[report.path], _to_cache(report))
    return BanditScan(
        files=tuple(reports[rel] for rel in sorted(reports)), ran_on=tuple(sorted(todo))
    )


def _queue(paths: list[str], ctx: CheckContext, jobs: int) -> list[list[str]]:
    """The bandit runs to hand out, in order: chunks of the files with the most work first.

    Each chunk holds at most ``1 / count`` of the expected work (a file with more alone),
    filled heaviest file first: the heaviest files start first, alone or nearly so, and
    the many light ones come last and even the workers out. Each chunk is then split
    under the argument limits.
    """
    if jobs <= 1:
        return _chunks(sorted(paths))
    work = {rel: expected_work(ctx.inventory, rel) for rel in paths}
    total = sum(work.values())
    count = _chunk_count(total, len(paths), jobs)
    chunks: list[list[str]] = [[]]
    filled = 0
    for rel in sorted(paths, key=lambda p: (-work[p], p)):
        if chunks[-1] and (filled + work[rel]) * count > total:
            chunks.append([])
            filled = 0
        chunks[-1].append(rel)
        filled += work[rel]
    return [part for chunk in chunks for part in _chunks(sorted(chunk))]


def expected_work(inventory: Inventory, rel: str) -> int:
    """What bandit will spend on the file, in bytes of ordinary code (see STRING_RUN_WEIGHT)."""
    info = inventory.get(rel)
    data = inventory.read_bytes(rel)
    if info is None or data is None:
        return info.size if info else 0
    squares = 0
    run = 0
    end = -1
    for match in _STRING_LINE.finditer(data):
        run = run + 1 if match.start() == end else 1
        squares += 2 * run - 1  # (run)^2 - (run - 1)^2: the sum of squares of whole runs
        end = match.end()
    return info.size + int(STRING_RUN_WEIGHT * squares)


def _chunk_count(total_bytes: int, files: int, jobs: int) -> int:
    """How many bandit processes to split ``total_bytes`` of work (see expected_work) into.

    More chunks even out the workers' finishing times (the last chunk to start is small)
    but each costs a start-up. With ``k`` chunks the tail is about ``total / k`` of work
    and the start-ups ``k * STARTUP_BYTES``; their sum is least at
    ``k = sqrt(total / STARTUP_BYTES)``: ~3 processes for 1 MB of source, ~8 for 8 MB.
    At least one per worker, so that every core has something to do.
    """
    if jobs <= 1:
        return 1
    best = round(math.sqrt(total_bytes / STARTUP_BYTES))
    return max(1, min(max(best, jobs), files // MIN_FILES_PER_SHARD))


def _chunks(paths: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    chars = 0
    for rel in paths:
        size = len(rel) + 3
        if chunks[-1] and (len(chunks[-1]) >= MAX_FILES_PER_CALL or chars + size > MAX_ARGV_CHARS):
            chunks.append([])
            chars = 0
        chunks[-1].append(rel)
        chars += size
    return chunks


def bandit_argv(paths: Sequence[str]) -> list[str]:
    """The command of one bandit run over ``paths``: what a user would type by hand."""
    # "./" keeps a file named "-x.py" from being read as an option.
    return [*python_module_command("bandit", "bandit"), *PROFILE, *("./" + p for p in paths)]


def _run_bandit(ctx: CheckContext, paths: list[str]) -> list[FileReport]:
    argv = bandit_argv(paths)
    # Exit 1 only means "issues found"; anything else is bandit failing.
    with ctx.tool_slot():
        out = run_tool("bandit", argv, cwd=ctx.root, timeout=ctx.tool_timeout, ok_codes=(0, 1))
    try:
        data = json.loads(out.stdout)
    except ValueError:
        raise BanditOutputError(
            "bandit", f"printed output that is not a JSON report: {_excerpt(out.stdout)}"
        ) from None
    return parse_report(data, paths)


def parse_report(data: Any, paths: Sequence[str]) -> list[FileReport]:
    """Split bandit's JSON report into one FileReport per requested path."""
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), t) for k, t in (("results", list), ("errors", list))
    ):
        raise BanditOutputError("bandit", "printed JSON without 'results' and 'errors' lists")
    metrics = data.get("metrics")
    if not isinstance(metrics, dict):
        metrics = {}
    wanted = set(paths)
    issues: dict[str, list[BanditIssue]] = {p: [] for p in paths}
    for raw in data["results"]:
        issue = _issue(raw)
        if issue is not None and issue.path in wanted:
            issues[issue.path].append(issue)
    errors: dict[str, str] = {}
    for raw in data["errors"]:
        if isinstance(raw, dict) and isinstance(raw.get("filename"), str):
            errors[_rel(raw["filename"])] = str(raw.get("reason") or "unknown error")
    per_file = {_rel(name): m for name, m in metrics.items() if isinstance(m, dict)}
    reports = []
    for rel in paths:
        counts = per_file.get(rel)
        error = errors.get(rel)
        if counts is None and error is None:
            error = "bandit did not report on this file"
        reports.append(
            FileReport(
                path=rel,
                issues=tuple(sorted(issues[rel], key=lambda i: (i.line, i.test_id, i.text))),
                nosec=_int(counts, "nosec"),
                skipped=_int(counts, "skipped_tests"),
                error=error,
            )
        )
    return reports


def _issue(raw: Any) -> BanditIssue | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("filename"), str):
        return None
    severity = str(raw.get("issue_severity", "LOW")).upper()
    confidence = str(raw.get("issue_confidence", "LOW")).upper()
    line = raw.get("line_number")
    line_range = raw.get("line_range")
    line_range = line_range if isinstance(line_range, list) else []
    return BanditIssue(
        path=_rel(raw["filename"]),
        line=line if isinstance(line, int) else 0,
        test_id=str(raw.get("test_id", "")),
        test_name=str(raw.get("test_name", "")),
        # bandit's UNDEFINED level is counted as the lowest one.
        severity=severity if severity in LEVELS else "LOW",
        confidence=confidence if confidence in LEVELS else "LOW",
        text=_masked(str(raw.get("test_id", "")), str(raw.get("issue_text", ""))),
        more_info=str(raw.get("more_info", "")),
        column=position(raw.get("col_offset"), zero_based=True),
        end_line=position(line_range[-1]) if line_range else None,
        end_column=position(raw.get("end_col_offset"), zero_based=True),
    )


#: bandit's hard-coded password tests quote the password in their message.
QUOTES_A_SECRET = frozenset({"B105", "B106", "B107"})
_QUOTED = re.compile(r"'([^'\n]{0,4096})'")
#: Leading characters of a quoted password a message may show.
SHOWN_CHARS = 3


def mask(text: str) -> str:
    """The message with each quoted value cut to its first characters and its length."""

    def cut(match: re.Match[str]) -> str:
        value = match.group(1)
        return f"'{value[:SHOWN_CHARS]}...' ({len(value)} characters, not shown)"

    return _QUOTED.sub(cut, text)


def _masked(test_id: str, text: str) -> str:
    """Masked as bandit's output is parsed, so that no report and no cache entry ever
    holds the password in full."""
    return mask(text) if test_id in QUOTES_A_SECRET else text


def _rel(name: str) -> str:
    while name.startswith("./"):
        name = name[2:]
    return name


def _int(counts: Mapping[str, Any] | None, key: str) -> int:
    value = counts.get(key) if counts else None
    return value if isinstance(value, int) else 0


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return repr(text[:80] + ("..." if len(text) > 80 else "")) if text else "(nothing)"


def _to_cache(report: FileReport) -> dict[str, Any]:
    return {
        "issues": [
            [
                *(i.line, i.test_id, i.test_name, i.severity, i.confidence, i.text),
                *(i.more_info, i.column, i.end_line, i.end_column),
            ]
            for i in report.issues
        ],
        "nosec": report.nosec,
        "skipped": report.skipped,
        "error": report.error,
    }


def _from_cache(rel: str, value: Any) -> FileReport | None:
    """The cached report, re-labelled with this path; None if the entry is not ours."""
    try:
        issues = tuple(
            BanditIssue(
                path=rel,
                line=int(line),
                test_id=str(test_id),
                test_name=str(name),
                severity=str(sev),
                confidence=str(conf),
                text=str(text),
                more_info=str(info),
                column=position(column),
                end_line=position(end_line),
                end_column=position(end_column),
            )
            for line, test_id, name, sev, conf, text, info, column, end_line, end_column in value[
                "issues"
            ]
        )
        error = value["error"]
        return FileReport(
            path=rel,
            issues=issues,
            nosec=int(value["nosec"]),
            skipped=int(value["skipped"]),
            error=None if error is None else str(error),
        )
    except (KeyError, TypeError, ValueError):
        return None
