"""``--new-since REF``: which lines of the scanned tree changed since a git ref.

"Changed" means added or modified in the working tree compared with REF (committed, staged
or not), from ``git diff --unified=0 REF``; untracked files count as entirely new. Deleted
lines leave nothing to flag. Git runs through the one tool wrapper with every configured
program neutralised (``tools/git.py``: fsmonitor, filters, diff drivers, textconv, pager,
hooks) and optional locks off, so it neither executes anything configured by the scanned
repository nor writes to it (not even ``.git/index``).

How findings are kept (:meth:`ChangedLines.keeps`):
- a finding with a file and a line: kept when that line changed (or the file is new);
- a finding with a file but no line (about the file as a whole): kept when the file changed;
- a finding without a file (about the repository as a whole): dropped -- it is not about the
  change; the scores, and a baseline if given, still account for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from pyreadiness.errors import UsageError
from pyreadiness.model import Finding
from pyreadiness.report.model import Report
from pyreadiness.tools.git import GIT_ENV, safe_git_argv
from pyreadiness.tools.process import ToolError, run_tool, tool_command

_GIT_FORMAT = (
    "-c",
    "core.quotePath=false",
    "-c",
    "diff.noprefix=false",
    "-c",
    "diff.mnemonicPrefix=false",
)
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_OCTAL = re.compile(rb"\\([0-7]{3})")
_ESCAPES = {b"\\n": b"\n", b"\\t": b"\t", b'\\"': b'"', b"\\\\": b"\\", b"\\a": b"\a"}


@dataclass(frozen=True, kw_only=True)
class ChangedLines:
    ref: str
    lines: Mapping[str, tuple[tuple[int, int], ...]]  # path -> inclusive (first, last) ranges
    new_files: frozenset[str]

    def keeps(self, f: Finding) -> bool:
        if f.path is None:
            return False
        if f.path in self.new_files:
            return True
        ranges = self.lines.get(f.path)
        if ranges is None:
            return False
        if f.line is None:
            return True
        return any(first <= f.line <= last for first, last in ranges)


def _unquote(name: str) -> str:
    """Undo git's C-style quoting of unusual file names."""
    if not (name.startswith('"') and name.endswith('"')):
        return name
    raw = name[1:-1].encode("utf-8")
    raw = _OCTAL.sub(lambda m: bytes([int(m.group(1), 8)]), raw)
    for esc, plain in _ESCAPES.items():
        raw = raw.replace(esc, plain)
    return raw.decode("utf-8", "replace")


def parse_diff(text: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """Changed line ranges per file of a ``git diff --unified=0`` with a/ b/ prefixes.

    A file that changed without hunks (binary, mode change) maps to no ranges: touched,
    but no line of it is known to have changed.
    """
    out: dict[str, list[tuple[int, int]]] = {}
    current: str | None = None
    for line in text.splitlines():
        if line.startswith("diff --git "):
            current = None
        elif line.startswith("+++ "):
            name = _unquote(line[4:].rstrip("\t"))
            current = name[2:] if name.startswith("b/") else None  # "/dev/null": deleted
            if current is not None:
                out.setdefault(current, [])
        elif line.startswith("Binary files ") and current is None:
            match = re.search(r" and (\S+|\".*\") differ$", line)
            name = _unquote(match.group(1)) if match else ""
            if name.startswith("b/"):
                out.setdefault(name[2:], [])
        elif current is not None and (m := _HUNK.match(line)):
            start, count = int(m.group(1)), int(m.group(2) or "1")
            if count > 0:
                out[current].append((start, start + count - 1))
    return {path: tuple(ranges) for path, ranges in sorted(out.items())}


def _git(root: Path, args: list[str], timeout: float, ok: tuple[int, ...] = (0,)) -> str:
    safe = safe_git_argv(root, tool_command("git", ["git"])[0], timeout)
    if safe is None:
        raise UsageError(f"--new-since: git cannot read the configuration of {root}")
    argv = [*safe, *_GIT_FORMAT, *args]
    try:
        return run_tool("git", argv, cwd=root, timeout=timeout, env=GIT_ENV, ok_codes=ok).stdout
    except ToolError as exc:
        raise UsageError(f"--new-since: {exc}") from None


def changed_since(root: Path, ref: str, *, timeout: float = 120.0) -> ChangedLines:
    """The lines changed since ``ref`` under ``root``; a bad ref or no git tree: exit 2."""
    if not ref or ref.startswith("-"):
        raise UsageError(f"--new-since: not a git ref: {ref!r}")
    inside = _git(root, ["rev-parse", "--is-inside-work-tree"], timeout, ok=(0, 128))
    if inside.strip() != "true":
        raise UsageError(f"--new-since needs a git work tree, and {root} is not inside one")
    verified = _git(
        root, ["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], timeout, (0, 1)
    )
    commit = verified.strip()
    if not commit:
        raise UsageError(
            f"--new-since: unknown git ref {ref!r} (in a shallow CI clone, fetch it first, "
            "e.g. `git fetch --depth=1 origin main`)"
        )
    diff = _git(
        root,
        [
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--relative",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            commit,
            "--",
        ],
        timeout,
    )
    untracked = _git(root, ["ls-files", "-z", "--others", "--exclude-standard"], timeout)
    return ChangedLines(
        ref=ref,
        lines=parse_diff(diff),
        new_files=frozenset(p for p in untracked.split("\0") if p),
    )


def narrowed(report: Report, scope: ChangedLines) -> Report:
    """The report with only the findings ``scope`` keeps; scores are left as measured."""
    return replace(report, findings=tuple(f for f in report.findings if scope.keeps(f)))
