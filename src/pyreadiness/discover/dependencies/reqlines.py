"""Split a pip requirements file into logical lines, as pip does (its parser is internal).

Continuation lines (``\\`` at the end) are joined and keep the number of their first
line; comments start at a ``#`` at the start of a line or after whitespace; a line is
requirement arguments followed by options (everything from the first ``-`` token on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMENT = re.compile(r"(^|\s+)#.*$")

#: Options pip accepts on a line of its own (``pip install -r`` file format).
GLOBAL_OPTIONS = frozenset(
    {
        "-i",
        "--index-url",
        "--extra-index-url",
        "--no-index",
        "-f",
        "--find-links",
        "--no-binary",
        "--only-binary",
        "--prefer-binary",
        "--require-hashes",
        "--pre",
        "--trusted-host",
        "--use-feature",
    }
)
#: Global options that take no value.
FLAG_OPTIONS = frozenset({"--no-index", "--prefer-binary", "--require-hashes", "--pre"})
INCLUDE_OPTIONS = {"-r": "r", "--requirement": "r", "-c": "c", "--constraint": "c"}
EDITABLE_OPTIONS = frozenset({"-e", "--editable"})
#: Options pip accepts after a requirement on the same line.
PER_REQUIREMENT_OPTIONS = frozenset({"--hash", "--global-option", "--config-settings"})


@dataclass(frozen=True, kw_only=True)
class Option:
    name: str  # "-r", "--hash", ...
    value: str | None


@dataclass(frozen=True, kw_only=True)
class LogicalLine:
    number: int  # 1-based line of its first physical line
    requirement: str  # "" when the line holds only options
    options: tuple[Option, ...]
    bad_option: str | None = None  # an option pip does not know / missing its value


def logical_lines(text: str) -> list[LogicalLine]:
    out: list[LogicalLine] = []
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not buffer:
            start = number
        if raw.endswith("\\") and not _COMMENT.search(raw):
            buffer.append(raw[:-1])
            continue
        buffer.append(raw)
        joined = _COMMENT.sub("", "".join(buffer)).strip()
        buffer = []
        if joined:
            out.append(_split(start, joined))
    if buffer:
        joined = _COMMENT.sub("", "".join(buffer)).strip()
        if joined:
            out.append(_split(start, joined))
    return out


def _split(number: int, line: str) -> LogicalLine:
    tokens = line.split()
    first_option = next((i for i, t in enumerate(tokens) if t.startswith("-")), len(tokens))
    requirement = " ".join(tokens[:first_option])
    options: list[Option] = []
    rest = tokens[first_option:]
    i = 0
    while i < len(rest):
        token = rest[i]
        name, value = _name_value(token)
        if name is None:
            return LogicalLine(number=number, requirement=requirement, options=(), bad_option=token)
        if value is None and name not in FLAG_OPTIONS:
            if i + 1 >= len(rest):
                return LogicalLine(
                    number=number,
                    requirement=requirement,
                    options=(),
                    bad_option=f"{token} (missing its value)",
                )
            value = rest[i + 1]
            i += 1
        options.append(Option(name=name, value=value))
        i += 1
    return LogicalLine(number=number, requirement=requirement, options=tuple(options))


def _name_value(token: str) -> tuple[str | None, str | None]:
    known = GLOBAL_OPTIONS | PER_REQUIREMENT_OPTIONS | EDITABLE_OPTIONS | set(INCLUDE_OPTIONS)
    if token.startswith("--"):
        name, eq, value = token.partition("=")
        if name not in known:
            return None, None
        return name, value if eq else None
    short = token[:2]
    if short not in known:
        return None, None
    return short, token[2:] or None
