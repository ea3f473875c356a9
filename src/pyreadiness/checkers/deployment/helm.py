"""Helm chart templates, read as text with the chart's default values (helm is never run).

A template is Go text/template around YAML, so it is rarely YAML before rendering. A small,
bounded approximation of ``helm template`` with the defaults of ``values.yaml``:

- ``{{ .Values.a.b }}`` (with ``quote``, ``default``) becomes the default value;
- ``toYaml .Values.a | nindent N`` (and ``toYaml .`` inside ``with .Values.a``) becomes the
  value written as YAML at that indent;
- ``if``/``with`` on ``.Values.a`` keep or drop their block by the default's truth; other
  conditions keep the first branch; ``range``, ``define`` and ``include`` blocks are
  dropped (what they produce cannot be known without helm);
- any other expression becomes the placeholder ``TEMPLATED`` (so an image whose tag comes
  from ``.Chart.AppVersion`` is not taken for an untagged one).

What still is not YAML after this is reported as ``helm-unrendered`` (informational) and
not checked; rendered lines map back to the template's own line numbers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pyreadiness.checkers.ci.yamlload import as_dict

PLACEHOLDER = "TEMPLATED"
#: Templates larger than this are not rendered (real ones are a few kB).
MAX_BYTES = 256 * 1024
#: Longer lines are not rendered (kept the regexes' work linear in practice).
MAX_LINE = 2000
_ACTION = re.compile(r"\{\{-?\s*([^{}]*?)\s*-?\}\}")
_VALUES_PATH = re.compile(r"^\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_-]*)*)$")
_INDENT = re.compile(r"\bn?indent\s+(\d+)")


@dataclass(frozen=True, kw_only=True)
class Rendered:
    text: str
    lines: tuple[int, ...]  # the template line of each rendered line (1-based)

    def source_line(self, line: int | None) -> int | None:
        if line is None or not 1 <= line <= len(self.lines):
            return None
        return self.lines[line - 1]


class TemplateError(ValueError):
    """The template cannot be rendered by this approximation."""


@dataclass
class _Block:
    kind: str  # if, with, range, define, block
    keep: bool
    scope: Any
    in_else: bool = False


def render(text: str, values: dict[str, Any]) -> Rendered:
    out: list[str] = []
    lines: list[int] = []
    stack: list[_Block] = []
    if len(text) > MAX_BYTES:
        raise TemplateError(f"larger than {MAX_BYTES // 1024} kB")
    for number, raw in enumerate(strip_comments(text).splitlines(), start=1):
        if len(raw) > MAX_LINE:
            raise TemplateError(f"line {number} is longer than {MAX_LINE} characters")
        keep = all(b.keep for b in stack)
        scope = stack[-1].scope if stack else values
        if "{{" in raw and not _ACTION.sub("", raw).strip():
            for action in _ACTION.findall(raw):
                emitted = _control(action, stack, values, scope, keep)
                if emitted is not None and all(b.keep for b in stack):
                    for piece in emitted.splitlines():
                        out.append(piece)
                        lines.append(number)
            continue
        if not keep:
            continue
        rendered = _inline(raw, values, scope)
        for piece in rendered.splitlines() or [""]:
            out.append(piece)
            lines.append(number)
    return Rendered(text="\n".join(out) + "\n", lines=tuple(lines))


def _control(
    action: str, stack: list[_Block], values: dict[str, Any], scope: Any, keep: bool
) -> str | None:
    """Apply one action alone on its line; return text to emit (a toYaml block), if any."""
    word = action.split(maxsplit=1)[0] if action.split() else ""
    rest = action[len(word) :].strip()
    if word.startswith(("/*", "-/*")):
        return None
    if word in ("if", "with"):
        known, value = _condition(rest, values, scope)
        truth = bool(value) if known else True
        stack.append(_Block(kind=word, keep=truth, scope=value if word == "with" else scope))
        return None
    if word in ("range", "define", "block"):
        stack.append(_Block(kind=word, keep=False, scope=None))
        return None
    if word in ("else", "else if"):
        if stack:
            top = stack[-1]
            top.in_else = True
            top.keep = not top.keep if top.kind in ("if", "with") else False
        return None
    if word == "end":
        if stack:
            stack.pop()
        return None
    if not keep:
        return None
    return _block_value(action, values, scope)


def _condition(expr: str, values: dict[str, Any], scope: Any) -> tuple[bool, Any]:
    negate = expr.startswith("not ")
    if negate:
        expr = expr[4:].strip()
    known, value = _lookup(expr.strip("()"), values, scope)
    if not known:
        return False, scope
    return True, (not value) if negate else value


def _lookup(expr: str, values: dict[str, Any], scope: Any) -> tuple[bool, Any]:
    if expr == ".":
        return True, scope
    match = _VALUES_PATH.match(expr)
    if not match:
        return False, None
    value: Any = values
    for key in match.group(1).split(".")[1:]:
        value = as_dict(value).get(key)
    return True, value


def _block_value(action: str, values: dict[str, Any], scope: Any) -> str | None:
    """``toYaml X | nindent N`` alone on a line: X as YAML, indented."""
    parts = [p.strip() for p in action.split("|")]
    expr = _to_yaml_operand(parts)
    if expr is None:
        return None  # include, tpl, ...: unknown output, dropped
    known, value = _lookup(expr, values, scope)
    if not known or value in (None, {}, []):
        return None
    indent = 0
    for part in parts[1:]:
        match = _INDENT.search(part)
        if match:
            indent = int(match.group(1))
    try:
        # JSON is YAML, and json copes with the loader's str/dict subclasses.
        dumped = json.dumps(value, indent=2, default=str)
    except (ValueError, RecursionError):  # a recursive alias
        return None
    return "\n".join(" " * indent + line for line in dumped.splitlines())


def _to_yaml_operand(parts: list[str]) -> str | None:
    """What ``toYaml X | ...`` or ``X | toYaml | ...`` writes as YAML, else None."""
    if parts[0].startswith("toYaml "):
        return parts[0][len("toYaml ") :].strip()
    if "toYaml" in parts[1:]:
        return parts[0]
    return None


def strip_comments(text: str) -> str:
    """Go template comments (``{{/* ... */}}``, over several lines) removed, their line
    breaks kept so that line numbers still match the template."""
    out = []
    at = 0
    while True:
        start = text.find("{{", at)
        if start < 0:
            break
        opening = text[start + 2 : start + 8].lstrip("-").lstrip()
        if not opening.startswith("/*"):
            out.append(text[at : start + 2])
            at = start + 2
            continue
        end = text.find("*/", start)
        close = text.find("}}", end) if end >= 0 else -1
        if close < 0:
            break
        out.append(text[at:start])
        out.append("\n" * text.count("\n", start, close))
        at = close + 2
    out.append(text[at:])
    return "".join(out)


def _inline(line: str, values: dict[str, Any], scope: Any) -> str:
    def one(match: re.Match[str]) -> str:
        action = match.group(1)
        parts = [p.strip() for p in action.split("|")]
        if _to_yaml_operand(parts) is not None:
            block = _block_value(action, values, scope)
            return "\n" + block if block else "{}"
        known, value = _lookup(parts[0], values, scope)
        if (
            known
            and (value is None or value == "")
            and any(p.startswith("default ") for p in parts[1:])
        ):
            known = False
        if not known or isinstance(value, dict | list):
            return PLACEHOLDER
        return (
            "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        )

    return _ACTION.sub(one, line)
