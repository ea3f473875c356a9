"""The shell every HTML report shares: a strict offline policy, our CSS and JS inlined.

The Content-Security-Policy forbids every fetch (``default-src 'none'``): the page cannot
load anything from a network even if a string slipped through, and it works offline.
Data for scripts travels as JSON in a ``<script type="application/json">`` block with every
``<`` escaped, so no repository string can close the block or open a tag.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from importlib import resources
from typing import Any

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


@cache
def asset(name: str) -> str:
    return (resources.files("pyreadiness") / "resources" / "html" / name).read_text("utf-8")


def json_block(element_id: str, data: Any) -> str:
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    # "<" as \u003c is still the same JSON, and "</script>" or "<!--" can no longer occur.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def page(title: str, body: str, script: str | None) -> str:
    js = f"<script>{asset(script)}</script>" if script else ""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{asset('style.css')}</style></head>"
        f"<body><main>{body}</main>{js}</body></html>\n"
    )


def select(element_id: str, label: str, choices: list[str]) -> str:
    options = '<option value="">all</option>' + "".join(
        f'<option value="{escape(c)}">{escape(c)}</option>' for c in choices
    )
    return f'<label>{escape(label)} <select id="{element_id}">{options}</select></label>'
