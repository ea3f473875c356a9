"""ruff's own description of one of its rules (``ruff rule CODE``), for ``explain lint/CODE``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pyreadiness.checkers.lint.ruff import RUFF_RULES_DOCS, locate_ruff
from pyreadiness.model import RuleDoc
from pyreadiness.tools.process import ToolError, run_tool

#: What ``ruff rule`` accepts: a rule code (``F401``, ``PLR2004``, ``RUF100``).
_CODE = re.compile(r"[A-Z]{1,5}[0-9]{1,4}")  # ASYNC251: five letters
_WHY = re.compile(r"## Why is this bad\?\n(.*?)(?:\n## |\Z)", re.DOTALL)


def ruff_rule(code: str, *, timeout: float = 30.0) -> RuleDoc | None:
    """ruff's name, reason and fix for ``code``; None when ruff does not know it."""
    if not _CODE.fullmatch(code):
        return None
    try:
        out = run_tool(
            "ruff",
            [*locate_ruff().argv, "rule", code, "--output-format", "json"],
            cwd=Path.cwd(),
            timeout=timeout,
            ok_codes=(0,),
        )
        data = json.loads(out.stdout)
    except (ToolError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        return None
    explanation = str(data.get("explanation") or "")
    why = _WHY.search(explanation)
    fix = str(data.get("fix") or "")
    return RuleDoc(
        title=f"{data['name']} ({code}, from {data.get('linter', 'ruff')})",
        # The first paragraph: the rest are examples and code blocks.
        why=" ".join(
            (why.group(1) if why else str(data.get("summary", ""))).split("\n\n")[0].split()
        ),
        fix=f"{fix} See {RUFF_RULES_DOCS}{data['name']}".strip(),
        precision="very-high",
    )
