"""Find the line a TOML value is written on (``tomllib`` keeps no positions).

A light scan of the text, good enough for the files we read: table headers mark spans,
and inside a span we look for a key or a quoted string. Multi-line strings that contain
lines looking like headers can confuse it; then a line may be off, never a crash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def split_key(text: str) -> tuple[str, ...] | None:
    """``tool.poetry.group."dev".dependencies`` -> its parts; None when not a key."""
    parts: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t":
            i += 1
            continue
        if ch in "\"'":
            end = text.find(ch, i + 1)
            if end < 0:
                return None
            parts.append(text[i + 1 : end])
            i = end + 1
        else:
            m = _BARE.match(text, i)
            if m is None:
                return None
            parts.append(m.group(0))
            i = m.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text):
            if text[i] != ".":
                return None
            i += 1
    return tuple(parts) if parts else None


@dataclass(frozen=True)
class _Header:
    line: int  # 1-based
    path: tuple[str, ...]
    array: bool


class TomlLines:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        headers: list[_Header] = []
        for number, raw in enumerate(self.lines, start=1):
            m = _HEADER.match(raw)
            if m is None:
                continue
            path = split_key(m.group(2))
            if path is not None:
                headers.append(_Header(number, path, m.group(1) == "[["))
        self._headers = headers

    def span(
        self, table: tuple[str, ...], index: int = 0, *, direct: bool = False
    ) -> tuple[int, int] | None:
        """Lines [start, end) of the ``index``-th table with this header: its sub-tables
        included, or only its own key/value lines when ``direct``.

        ``()`` is the root table: the lines before the first header.
        """
        if not table:
            first = self._headers[0].line if self._headers else len(self.lines) + 1
            return (1, first)
        seen = 0
        for pos, header in enumerate(self._headers):
            if header.path != table:
                continue
            if seen < index:
                seen += 1
                continue
            end = len(self.lines) + 1
            for later in self._headers[pos + 1 :]:
                inside = later.path[: len(table)] == table and len(later.path) > len(table)
                if direct or not inside:
                    end = later.line
                    break
            return (header.line, end)
        return None

    def key_line(self, table: tuple[str, ...], key: str, index: int = 0) -> int | None:
        """Line of ``key = ...`` directly in the table (or written dotted from an ancestor)."""
        for depth in range(len(table), -1, -1):
            span = self.span(table[:depth], index if depth == len(table) else 0, direct=True)
            if span is None:
                continue
            dotted = (*table[depth:], key)
            for number in range(span[0], span[1]):
                if _assigns(self.lines[number - 1], dotted):
                    return number
        return None

    def value_line(
        self, table: tuple[str, ...], key: str, value: str, index: int = 0
    ) -> int | None:
        """Line of the quoted string ``value`` in the array at ``table.key``; else the key's."""
        start = self.key_line(table, key, index)
        if start is None:
            return None
        span = self.span(table, index, direct=True) or (start, len(self.lines) + 1)
        quoted = (f'"{value}"', f"'{value}'")
        for number in range(start, max(span[1], start + 1)):
            if number > len(self.lines):
                break
            if any(q in self.lines[number - 1] for q in quoted):
                return number
        return start

    def header_line(self, table: tuple[str, ...], index: int = 0) -> int | None:
        span = self.span(table, index)
        return span[0] if span is not None and table else None


def _assigns(raw: str, dotted: tuple[str, ...]) -> bool:
    if "=" not in raw:
        return False
    left = raw.split("=", 1)[0]
    return split_key(left.strip()) == dotted
