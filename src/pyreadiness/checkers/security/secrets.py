"""Find hard-coded secrets in shipped code and configuration, in-process and fast.

Which files (``secret_files``): shipped and auxiliary Python, configuration files, and the
other files that conventionally hold credentials (``.env``, ``*.json``, ``*.properties``,
``*.conf``, ``*.pem``/``*.key``, ``id_rsa``, ``.netrc``, ``.pypirc``, ``.npmrc``, shell
scripts, Terraform, notebook code cells). What is not a leak: ``secret_filters``.
Test code and test data are left out (fake keys are what tests are made of), and so is
documentation (it quotes example keys). Files too large for the inventory are not read.

A line carrying ``pragma: allowlist secret`` (detect-secrets' marker) or a ``# nosec``
comment is not reported, but counted.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pyreadiness.checkers.security import secret_rules as rules
from pyreadiness.checkers.security.notebooks import notebook_code
from pyreadiness.checkers.security.secret_files import is_settings_file
from pyreadiness.checkers.security.secret_filters import (
    checksum_valid,
    development_values_file,
    is_placeholder,
    names_itself,
)
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pysource import parse_python
from pyreadiness.model import Finding, Severity
from pyreadiness.tools.cache import Cache, make_key

NAMESPACE = "security-secrets"
_CHECKSUMMED = frozenset({"github-token", "npm-token"})
_RULES = {r.id: r for r in rules.ALL_RULES}

#: The fields of a statement that hold statements (``handlers``/``cases`` hold except
#: clauses and match cases, whose ``body`` does).
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")
_ALLOWLIST = re.compile(r"pragma:\s*allowlist[ -]secret|#\s*nosec\b", re.IGNORECASE)

LEAK_HELP = (
    "Treat it as leaked: revoke or rotate it (it stays in the history), delete it, and load "
    "it from the environment or a secret store. A known false positive can be marked with "
    "'# pragma: allowlist secret' on its line."
)


@dataclass(frozen=True, kw_only=True)
class SecretHit:
    rule: rules.SecretRule
    path: str
    line: int
    shown: str  # what may be printed of the secret: its public prefix only
    length: int
    context: str = ""  # the setting's key, or the URL's host: never the secret itself

    def finding(self, check: str) -> Finding:
        if self.rule.shown == rules.WHOLE:
            what = self.shown
        elif self.shown:
            what = f"{self.shown}... ({self.length} characters, the rest not shown)"
        else:
            what = f"{self.length} characters, not shown"
        if self.context:
            what = f"{self.context} ({what})"
        return Finding(
            check=check,
            rule=self.rule.id,
            severity=self.rule.severity,
            path=self.path,
            line=self.line or None,  # 0: a notebook, whose cell the message names
            message=f"hard-coded {self.rule.title}: {what}",
            help=LEAK_HELP,
            rule_name=self.rule.id,
            precision=rules.precision(self.rule),
        )


@dataclass(frozen=True, kw_only=True)
class SecretScan:
    hits: tuple[SecretHit, ...]
    suppressed: int
    files: int  # files read and scanned

    @property
    def critical(self) -> int:
        return sum(1 for h in self.hits if h.rule.severity is Severity.CRITICAL)


def scan_secrets(inventory: Inventory, paths: Iterable[str], cache: Cache | None) -> SecretScan:
    """Scan each file, or take its result from the cache (keyed by content and rules)."""
    paths = tuple(paths)
    hits: list[SecretHit] = []
    suppressed = 0
    files = 0
    keys = inventory.content_keys(
        paths,
        lambda rel, digest: make_key(
            NAMESPACE, rules.RULES_VERSION, str(is_settings_file(rel)), digest
        ),
    )
    stored = cache.get_each(NAMESPACE, keys) if cache is not None else {}
    for rel in paths:
        found = _from_cache(rel, stored[rel]) if rel in stored else None
        if found is None:
            found = _scan_file(inventory, rel, cache, keys.get(rel))
        if found is None:
            continue  # binary, undecodable or too large: nothing a regex can judge
        files += 1
        suppressed += found.suppressed
        hits.extend(found.hits)
    hits.sort(key=lambda h: (h.path, h.line, h.rule.id))
    return SecretScan(hits=tuple(hits), suppressed=suppressed, files=files)


def _scan_file(
    inventory: Inventory, rel: str, cache: Cache | None, key: str | None
) -> SecretScan | None:
    text = inventory.read_text(rel)
    if text is None:
        return None
    notebook = None
    if rel.endswith(".ipynb"):
        notebook = notebook_code(text)
        if notebook is None:
            return None  # not a notebook's JSON: nothing a regex can judge
        text = notebook.text
    hits: list[SecretHit] = []
    suppressed = 0
    for hit, line_text in _scan_text(rel, text):
        if _ALLOWLIST.search(line_text):
            suppressed += 1
        elif notebook is not None:
            where = notebook.where(hit.line)
            context = f"{hit.context}, {where}" if hit.context else where
            hits.append(dataclasses.replace(hit, line=0, context=context))
        else:
            hits.append(hit)
    result = SecretScan(hits=tuple(hits), suppressed=suppressed, files=1)
    if cache is not None and key is not None:
        cache.put(NAMESPACE, key, _to_cache(result))
    return result


def _to_cache(scan: SecretScan) -> dict[str, Any]:
    # Only what a report may show: the rule, the line, the public prefix and the length.
    hits = [[h.rule.id, h.line, h.shown, h.length, h.context] for h in scan.hits]
    return {"hits": hits, "suppressed": scan.suppressed}


def _from_cache(rel: str, value: Any) -> SecretScan | None:
    try:
        hits = tuple(
            SecretHit(
                rule=_RULES[rule_id],
                path=rel,
                line=line,
                shown=shown,
                length=length,
                context=context,
            )
            for rule_id, line, shown, length, context in value["hits"]
        )
        return SecretScan(hits=hits, suppressed=int(value["suppressed"]), files=1)
    except (KeyError, TypeError, ValueError):
        return None


def _scan_text(rel: str, text: str) -> list[tuple[SecretHit, str]]:
    """Hits in one file, at most one per line: the most specific rule wins."""
    by_line: dict[int, tuple[SecretHit, str]] = {}
    for rule in rules.FORMAT_RULES:
        if not any(anchor in text for anchor in rule.anchors):
            continue
        for match in rule.pattern.finditer(text):
            number = text.count("\n", 0, match.start()) + 1
            secret = _secret_value(rule, match)
            if secret is not None and not _real_format(rule, secret):
                continue
            if secret is not None and number not in by_line:
                by_line[number] = (
                    _hit(rule, rel, number, secret, match),
                    _line_at(text, match.start()),
                )
    if development_values_file(rel) is not None:
        # Template, Compose, CI and test settings hold development values: only the
        # format-anchored rules (a real provider token is a leak anywhere) apply.
        return [by_line[n] for n in sorted(by_line)]
    # The keyword rules are looser and slower to match: they only look at lines holding
    # their anchor, and only where no format rule matched already.
    candidates = [
        (number, line)
        for number, line in _lines_with(text, "://")
        if rules.URL_CREDENTIALS.pattern.search(line)
    ]
    # Parsing for docstrings costs more than every regex above: only when a line may match.
    documentation = (
        _docstring_lines(text) if candidates and rel.endswith(".py") else frozenset[int]()
    )
    for number, line in candidates:
        if number not in documentation:
            _match_line(rules.URL_CREDENTIALS, rel, number, line, by_line)
    if is_settings_file(rel):
        for number, line in enumerate(text.split("\n"), start=1):
            low = line.lower()
            if any(anchor in low for anchor in rules.ASSIGNMENT.anchors):
                _match_line(rules.ASSIGNMENT, rel, number, line, by_line)
    return [by_line[n] for n in sorted(by_line)]


def _real_format(rule: rules.SecretRule, secret: str) -> bool:
    """False for a format match that is a placeholder (``T00000000``, ``...EXAMPLE``) or a
    checksummed token whose checksum fails."""
    if rule.shown == rules.WHOLE:
        return True  # a private key header: the material after it is not looked at
    if rule.id in _CHECKSUMMED and not secret.startswith("github_pat_"):
        return checksum_valid(secret)
    return not is_placeholder(secret[max(rule.shown, 0) :])


def _docstring_lines(text: str) -> frozenset[int]:
    """Lines inside docstrings: a URL with a password there documents a format, it is not
    configuration (encode/httpx's URL class shows one). Format-anchored rules still apply."""
    try:
        tree = parse_python(text, "<secrets>")
    except (SyntaxError, ValueError):
        return frozenset()
    lines: set[int] = set()
    # Docstrings belong to modules, classes and functions, all statements: only statements
    # are visited (``ast.walk`` would visit every expression too, ~7 times the nodes).
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                first = body[0]
                lines.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
        for field in _BLOCKS:
            block = getattr(node, field, None)
            if isinstance(block, list):
                stack.extend(block)
    return frozenset(lines)


def _lines_with(text: str, needle: str) -> list[tuple[int, str]]:
    """The (number, text) of every line holding ``needle``, found without a line loop."""
    out: list[tuple[int, str]] = []
    number, counted_to = 1, 0
    at = text.find(needle)
    while at >= 0:
        number += text.count("\n", counted_to, at)
        counted_to = at
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        out.append((number, text[start:end]))
        at = text.find(needle, end)
    return out


def _match_line(
    rule: rules.SecretRule,
    rel: str,
    number: int,
    line: str,
    by_line: dict[int, tuple[SecretHit, str]],
) -> None:
    if number in by_line:
        return
    for match in rule.pattern.finditer(line):  # a line may hold a local URL, then a real one
        secret = _secret_value(rule, match)
        if secret is not None:
            by_line[number] = (_hit(rule, rel, number, secret, match), line)
            return


def _hit(
    rule: rules.SecretRule, rel: str, line: int, secret: str, match: re.Match[str]
) -> SecretHit:
    shown = secret if rule.shown == rules.WHOLE else secret[: max(rule.shown, 0)]
    context = ""
    if rule is rules.ASSIGNMENT:
        context = match.group(1)
    elif rule is rules.URL_CREDENTIALS:
        context = f"for host {match.group(2)}"
    return SecretHit(
        rule=rule, path=rel, line=line, shown=shown, length=len(secret), context=context
    )


def _secret_value(rule: rules.SecretRule, match: re.Match[str]) -> str | None:
    """The secret a match holds, or None when the keyword rules judge it not one."""
    if rule is rules.ASSIGNMENT:
        key, value = match.group(1), rules.config_value(match.group(2))
        if not rules.is_credential_key(key) or not rules.looks_like_literal_secret(value):
            return None
        return None if names_itself(key, value) else value
    if rule is rules.URL_CREDENTIALS:
        password = match.group(1)
        if rules.is_example_host(match.group(2)):
            return None
        return password if rules.looks_like_literal_secret(password) else None
    return match.group(rule.group)


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else len(text)]
