"""Read a Makefile statically: the recipe lines a target (and its prerequisites) run.

Each recipe line runs in its own ``sh -c`` and make checks its exit status, so a line is
analysed as a one-line script without ``set -e``. A ``-`` prefix makes make ignore the
line's failure. Variables defined in the Makefile are expanded; anything else
(``$(shell ...)``, environment variables) expands to nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ASSIGN = re.compile(
    r"^(?:export\s+|override\s+)?([A-Za-z0-9_.-]+)\s*(::=|:::=|:=|\?=|\+=|!=|=)\s*(.*)$"
)
_RULE = re.compile(r"^([^:#=\t][^:#=]*?)\s*::?(?!=)\s*(.*)$")
_REF = re.compile(r"\$(?:\(([^()$]*)\)|\{([^{}$]*)\}|([A-Za-z0-9_@<^*?]))")
_MAX_DEPTH = 10


@dataclass(frozen=True, kw_only=True)
class RecipeLine:
    line: int
    text: str  # expanded, prefixes removed
    ignore_errors: bool


@dataclass
class _Rule:
    prerequisites: list[str] = field(default_factory=list)
    recipe: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Makefile:
    variables: dict[str, str] = field(default_factory=dict)
    rules: dict[str, _Rule] = field(default_factory=dict)
    default: str | None = None


def _physical(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        # Parts joined once at the end: joining as we go copied the growing line for each
        # continuation (200,000 continued lines: 18 s).
        start, parts = i + 1, [lines[i]]
        while parts[-1].endswith("\\") and i + 1 < len(lines):
            i += 1
            parts[-1] = parts[-1][:-1].rstrip()
            parts.append(lines[i].strip())
        out.append((start, " ".join(parts)))
        i += 1
    return out


def parse_makefile(text: str) -> Makefile:
    mk = Makefile()
    current: list[str] = []
    for number, line in _physical(text):
        if line.startswith("\t"):
            for target in current:
                mk.rules[target].recipe.append((number, line[1:].strip()))
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        assign = _ASSIGN.match(stripped)
        if assign:
            name, op, value = assign.groups()
            if op == "!=":
                value = ""  # a shell command's output: unknown without running it
            elif op == "+=":
                value = (mk.variables.get(name, "") + " " + value).strip()
            if op != "?=" or name not in mk.variables:
                mk.variables[name] = value
            current = []
            continue
        rule = _RULE.match(stripped)
        if not rule:
            current = []  # a directive (include, ifeq, define...)
            continue
        targets = rule.group(1).split()
        prereqs, _, inline = rule.group(2).partition(";")
        current = targets
        for target in targets:
            entry = mk.rules.setdefault(target, _Rule())
            entry.prerequisites.extend(p for p in prereqs.split() if p != "|")
            if inline.strip():
                entry.recipe.append((number, inline.strip()))
            if mk.default is None and not target.startswith(".") and "%" not in target:
                mk.default = target
    return mk


#: Characters an expansion may grow to: ``V1 = $(V0)$(V0)...`` forty times per level, six
#: levels deep, is 40**6 copies; a real recipe line expands to well under a kilobyte.
MAX_EXPANDED_CHARS = 65_536


def expand(text: str, variables: dict[str, str]) -> str:
    """Variable references expanded (five levels at most), cut at MAX_EXPANDED_CHARS."""
    for _ in range(5):
        if "$" not in text.replace("$$", "") or len(text) > MAX_EXPANDED_CHARS:
            break

        def sub(match: re.Match[str]) -> str:
            name = (match.group(1) or match.group(2) or match.group(3) or "").strip()
            if name in ("MAKE", "MAKE_COMMAND"):
                return "make"
            return variables.get(name, "")

        grown = 0

        def bounded(match: re.Match[str]) -> str:
            nonlocal grown
            value = sub(match) if grown <= MAX_EXPANDED_CHARS else ""
            grown += len(value)
            return value

        text = _REF.sub(bounded, text.replace("$$", "\0"))
        text = text.replace("\0", "$$")[:MAX_EXPANDED_CHARS]
    return text.replace("$$", "$")


def recipe_lines(mk: Makefile, targets: tuple[str, ...]) -> list[RecipeLine] | None:
    """The recipe lines ``make TARGETS`` runs, prerequisites first; None if a target is unknown."""
    wanted = list(targets) or ([mk.default] if mk.default else [])
    if not wanted or any(t not in mk.rules for t in wanted):
        return None
    out: list[RecipeLine] = []
    seen: set[str] = set()

    def visit(target: str, depth: int) -> None:
        if target in seen or depth > _MAX_DEPTH or target not in mk.rules:
            return
        seen.add(target)
        rule = mk.rules[target]
        for prerequisite in rule.prerequisites:
            visit(expand(prerequisite, mk.variables), depth + 1)
        for number, raw in rule.recipe:
            prefix = re.match(r"^[@+\-\s]*", raw)
            flags = prefix.group(0) if prefix else ""
            text = expand(raw[len(flags) :], mk.variables).strip()
            if text:
                out.append(RecipeLine(line=number, text=text, ignore_errors="-" in flags))

    for target in wanted:
        visit(target, 0)
    return out
