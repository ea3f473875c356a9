"""The README: present, readable, and saying how to install and use the project.

Sections are found from headings (Markdown ``#``, reStructuredText underlines, HTML
``<hN>``) and code blocks; nothing is rendered. The text is bounded like every other read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyreadiness.checkers.project.rules import finding
from pyreadiness.checkers.project.scoring import README_INSTALL, README_PRESENT, README_USAGE
from pyreadiness.discover.inventory import Inventory
from pyreadiness.model import Finding, Severity

_STEMS = ("README",)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"<h[1-6][^>]{0,200}>([^<]{1,200})<", re.IGNORECASE)
_RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
_INSTALL_WORDS = ("install", "setup", "set up", "getting started", "deploy", "requirements")
_USAGE_WORDS = (
    "usage",
    "example",
    "quick start",
    "quickstart",
    "tutorial",
    "getting started",
    "documentation",  # a section pointing to hosted docs is where usage lives
)
_INSTALL_COMMANDS = ("pip install", "uv add", "uv pip install", "poetry add", "conda install")
_CODE_MARKS = ("```", "~~~", ".. code-block::", ".. code::", ">>> ", "::\n")
#: Longer lines are not headings.
MAX_HEADING = 300
#: A README with at most this many non-blank lines is a placeholder.
THIN_LINES = 3


@dataclass(frozen=True, kw_only=True)
class Readme:
    path: str | None
    score: float
    detail: str
    findings: tuple[Finding, ...]


#: The usual names, best first; other README* files (README.cn.md) only when none exists.
_PREFERRED = ("README.md", "README.rst", "README.txt", "README", "README.markdown")


def find_readme(inv: Inventory, declared: str | None = None) -> str | None:
    """The metadata's ``readme`` file, else the usual names, else any root README*."""
    if declared and inv.has(declared):
        return declared
    for name in _PREFERRED:
        if inv.has(name):
            return name
    names = sorted(
        f.path for f in inv.files if "/" not in f.path and f.path.upper().startswith(_STEMS)
    )
    return names[0] if names else None


def _headings(lines: list[str]) -> list[str]:
    out = []
    for i, line in enumerate(lines):
        if len(line) > MAX_HEADING:
            continue  # no heading is that long; keeps the heading pattern cheap
        md = _MD_HEADING.match(line)
        if md:
            out.append(md.group(1))
        elif i > 0 and _RST_UNDERLINE.match(line) and lines[i - 1].strip():
            out.append(lines[i - 1])
    out.extend(_HTML_HEADING.findall("\n".join(lines)))
    return [h.lower() for h in out]


def assess_readme(inv: Inventory, declared: str | None = None) -> Readme:
    path = find_readme(inv, declared)
    help_text = "Add README.md with what the project does, how to install it and an example."
    if path is None:
        return Readme(
            path=None,
            score=0.0,
            detail="no README at the root",
            findings=(
                finding("readme-missing", Severity.MEDIUM, "no README at the root", help=help_text),
            ),
        )
    text = inv.read_text(path)
    if text is None:
        return Readme(
            path=path,
            score=0.0,
            detail=f"{path} is not UTF-8 text",
            findings=(
                finding(
                    "readme-unreadable",
                    Severity.MEDIUM,
                    f"{path} is binary or not UTF-8: no reader can see it",
                    path=path,
                    help=help_text,
                ),
            ),
        )
    lines = text.splitlines()
    filled = [line for line in lines if line.strip()]
    heads = _headings(lines)
    lowered = text.lower()
    install = any(w in h for h in heads for w in _INSTALL_WORDS) or any(
        c in lowered for c in _INSTALL_COMMANDS
    )
    usage = any(w in h for h in heads for w in _USAGE_WORDS) or any(m in text for m in _CODE_MARKS)
    if len(filled) <= THIN_LINES:
        return Readme(
            path=path,
            score=README_PRESENT / 2,
            detail=f"{path}: {len(filled)} non-blank line(s)",
            findings=(
                finding(
                    "readme-thin",
                    Severity.MEDIUM,
                    f"{path} has {len(filled)} non-blank line(s): a placeholder, not a README",
                    path=path,
                    help=help_text,
                ),
            ),
        )
    missing = [name for name, ok in (("install", install), ("usage", usage)) if not ok]
    score = README_PRESENT + README_INSTALL * install + README_USAGE * usage
    found: tuple[Finding, ...] = ()
    if missing:
        found = (
            finding(
                "readme-incomplete",
                Severity.LOW,
                f"{path} has no {' or '.join(missing)} section (no heading or code block for it)",
                path=path,
                help="Add an Installation section and a Usage section with an example.",
            ),
        )
    return Readme(
        path=path,
        score=score,
        detail=f"{path}: install {'yes' if install else 'no'}, usage {'yes' if usage else 'no'}",
        findings=found,
    )
