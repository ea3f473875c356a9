"""Split a shell script into simple commands and decide whether each one's failure counts.

The rules are bash's: under ``set -e`` a failing command stops the script unless it is
tested (an ``if`` condition, the left side of ``&&``/``||``); without it only the last
command decides the exit status; in a pipeline only the last command's status counts
unless ``pipefail`` is on. ``cmd || true`` (or ``|| echo``, ``|| exit 0``) swallows the
failure; ``cmd || exit 1`` does not. A command whose failure cannot fail the script gets a
``no_fail`` reason, and the checker does not count it.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from pyreadiness.checkers.ci.model import Command

_LIST_SEPARATORS = frozenset({";", "&", ";;"})
_AND_OR = frozenset({"&&", "||"})
_PIPES = frozenset({"|", "|&"})
_CONDITION_WORDS = frozenset({"if", "elif", "while", "until"})
_LEADING_WORDS = frozenset({"(", "{", "!", "then", "do", "else", "time"}) | _CONDITION_WORDS
_CLOSING_WORDS = frozenset({")", "}", "fi", "done", "esac", "then", "do", "else"})
_REDIRECT = re.compile(r"^[0-9]*(?:[<>]+&?|&>>?)$")
_MAX_WORDS = 2000
_CI_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
# A line ending in one of these goes on on the next line.
_CONTINUING_OPERATORS = ("&&", "||", "|")
_HEREDOC = re.compile(r"<<-?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?")


@dataclass
class _Pipeline:
    commands: list[list[str]] = field(default_factory=list)
    condition: bool = False  # the pipeline is an if/while condition: it never stops the script


@dataclass
class _AndOr:
    line: int | None
    pipelines: list[_Pipeline] = field(default_factory=list)
    ops: list[str] = field(default_factory=list)  # between pipelines: "&&" or "||"
    tail: list[list[str]] = field(default_factory=list)  # token runs after each "||"
    background: bool = False


def logical_lines(script: str) -> list[tuple[int, str]]:
    """(offset of the first physical line, text) with continuations joined, heredocs skipped."""
    out: list[tuple[int, str]] = []
    lines = script.splitlines()
    i = 0
    while i < len(lines):
        start, text = i, lines[i]
        while i + 1 < len(lines) and (
            text.endswith("\\") or text.rstrip().endswith(_CONTINUING_OPERATORS)
        ):
            i += 1
            text = text.removesuffix("\\") + " " + lines[i]
        i += 1
        heredoc = _HEREDOC.search(text)
        if heredoc:  # the body is data for the command, not commands
            while i < len(lines) and lines[i].strip() != heredoc.group(1):
                i += 1
            i += 1
        if text.strip():
            out.append((start, text))
    return out


def tokens(text: str) -> list[str]:
    # A CI expression (`${{ matrix.x || 'a' }}`) is replaced before the shell runs: its
    # operators are not the shell's.
    text = _CI_EXPRESSION.sub("${{expr}}", text)
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = ""  # bash only starts a comment at a word's start: handled below
    try:
        words = list(lexer)
    except ValueError:  # unbalanced quotes: fall back to plain words
        words = text.split()
    for index, word in enumerate(words):
        if word.startswith("#"):
            return words[:index]
    return words


def _parse_line(words: list[str], line: int | None) -> list[_AndOr]:
    lists: list[_AndOr] = []
    current = _AndOr(line=line)
    pipeline = _Pipeline()
    command: list[str] = []

    def end_command() -> None:
        nonlocal command
        while command and command[0] in _LEADING_WORDS:
            if command[0] in _CONDITION_WORDS:
                pipeline.condition = True
            command = command[1:]
        command = [w for w in command if w not in (")", "}")]
        if command and command[0] not in _CLOSING_WORDS:
            pipeline.commands.append(command)
        command = []

    def end_pipeline() -> None:
        nonlocal pipeline
        end_command()
        if pipeline.commands:
            current.pipelines.append(pipeline)
        pipeline = _Pipeline()

    skip_next = False
    for index, word in enumerate(words):
        if skip_next:
            skip_next = False
            continue
        if word in _PIPES:
            end_command()
        elif word in _AND_OR:
            end_pipeline()
            if current.pipelines:
                current.ops.append(word)
                current.tail.append(words[index + 1 :])
        elif word in _LIST_SEPARATORS:
            end_pipeline()
            current.background = word == "&"
            if current.pipelines:
                lists.append(current)
            current = _AndOr(line=line)
        elif _REDIRECT.match(word):
            skip_next = True  # the redirection's target is not an argument
        else:
            command.append(word)
    end_pipeline()
    if current.pipelines:
        lists.append(current)
    return lists


def _refails(tail: list[str]) -> bool:
    """Does the code after ``||`` fail again (``exit 1``, ``false``, a test)?"""
    if tail[:1] and tail[0] in ("[[", "[", "test"):
        return True  # `|| [[ $PY = pre ]]`: allowed to fail only in some runs
    for index, word in enumerate(tail):
        if word in ("&&", "||"):
            break
        if word == "false":
            return True
        if word in ("exit", "return"):
            arg = tail[index + 1] if index + 1 < len(tail) else ""
            return arg != "0"
    return False


def _shell_options(argv: list[str], errexit: bool, pipefail: bool) -> tuple[bool, bool]:
    """Apply ``set -e``/``+e``/``-o pipefail`` and friends."""
    args = iter(argv[1:])
    for arg in args:
        if len(arg) < 2 or arg[0] not in "-+" or arg in ("--", "-"):
            continue
        on = arg[0] == "-"
        if "e" in arg[1:]:
            errexit = on
        if "o" in arg[1:]:
            name = next(args, "")
            if name == "errexit":
                errexit = on
            elif name == "pipefail":
                pipefail = on
    return errexit, pipefail


def script_commands(
    script: str,
    *,
    line: int | None,
    errexit: bool,
    pipefail: bool,
    no_fail: str = "",
) -> list[Command]:
    """Every simple command of the script, each with why its failure would not count."""
    lists: list[_AndOr] = []
    for offset, text in logical_lines(script):
        # A hostile one-liner of thousands of `&&` is cut: no real CI line is that long.
        words = tokens(text)[:_MAX_WORDS]
        lists.extend(_parse_line(words, None if line is None else line + offset))
    out: list[Command] = []
    for list_index, and_or in enumerate(lists):
        last_list = list_index == len(lists) - 1
        for index, pipeline in enumerate(and_or.pipelines):
            why = no_fail or _pipeline_no_fail(and_or, index, last_list, errexit)
            for position, argv in enumerate(pipeline.commands):
                if argv[0] == "set":
                    errexit, pipefail = _shell_options(argv, errexit, pipefail)
                    continue
                reason = why
                if not reason and position < len(pipeline.commands) - 1 and not pipefail:
                    reason = f"piped into `{pipeline.commands[-1][0]}` without `set -o pipefail`"
                if not reason and pipeline.condition:
                    reason = "used as a condition, so its failure does not stop the script"
                out.append(
                    Command(text=" ".join(argv), argv=tuple(argv), line=and_or.line, no_fail=reason)
                )
    return out


def _pipeline_no_fail(and_or: _AndOr, index: int, last_list: bool, errexit: bool) -> str:
    if and_or.background:
        return "runs in the background"
    later_ops = and_or.ops[index:]
    if "||" in later_ops:
        op_index = index + later_ops.index("||")
        if _refails(and_or.tail[op_index]):
            return ""
        handler = " ".join(and_or.tail[op_index][:3])
        return f"`|| {handler}` swallows its failure"
    if last_list:
        return ""
    if "&&" in later_ops:
        if errexit:
            return "left of `&&` on a line that is not the last: `set -e` does not stop there"
        return "not the last command and the shell does not stop on errors (`set -e` is off)"
    if errexit:
        return ""
    return "not the last command and the shell does not stop on errors (`set -e` is off)"
