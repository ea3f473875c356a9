"""Configuration findings in production settings modules.

A settings module is ``settings.py``, ``settings_*.py``, ``*_settings.py``, ``config.py``,
``conf.py`` or any module in a ``settings/`` or ``config/`` package. Settings for tests,
local development and examples are recognised by a word of their path or class name
(``settings/local.py``, ``test_settings.py``, ``class DevelopmentConfig``: dev, develop,
development, local, test, tests, testing, ci, example, sample, demo, debug) and excluded:
``DEBUG = True`` is right there.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from pyreadiness.checkers.operability import rules
from pyreadiness.model import Finding

#: The value of an assignment that is not a literal (a call, a name, an f-string).
NOT_LITERAL = object()


@dataclass(frozen=True, kw_only=True)
class Assignment:
    name: str  # the target name, e.g. DEBUG
    line: int
    value: object  # a literal (via ast.literal_eval), or NOT_LITERAL
    owner: str = ""  # the class it is assigned in ("" at module level)


def literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return NOT_LITERAL


DEV_WORDS = frozenset(
    {"dev", "develop", "development", "local", "test", "tests", "testing", "ci", "example",
     "examples", "sample", "demo", "debug", "conftest", "e2e"}
)  # fmt: skip
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "0.0.0.0", "::1"})  # noqa: S104
_ENDPOINT_NAME = re.compile(r"(?:_|^)(?:URL|URI|DSN|HOST)$")


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def is_dev_path(path: str) -> bool:
    return bool(words(path.replace("/", " ").replace(".py", "")) & DEV_WORDS)


def is_settings_module(path: str) -> bool:
    parts = path.split("/")
    stem = parts[-1].removesuffix(".py")
    return (
        stem in ("settings", "config", "conf")
        or stem.startswith("settings_")
        or stem.endswith("_settings")
        or any(p in ("settings", "config") for p in parts[:-1])
    )


def settings_findings(path: str, assignments: list[Assignment]) -> list[Finding]:
    if not is_settings_module(path) or is_dev_path(path):
        return []
    found: list[Finding] = []
    for a in assignments:
        if a.owner and words(a.owner) & DEV_WORDS:
            continue
        found += _assignment(path, a)
    return found


def _assignment(path: str, a: Assignment) -> list[Finding]:
    value = a.value
    if value is NOT_LITERAL:
        return []
    if a.name == "DEBUG" and value is True:
        return [rules.DEBUG_ON.finding(path, a.line, "DEBUG = True")]
    if a.name == "ALLOWED_HOSTS" and isinstance(value, list | tuple) and "*" in value:
        return [rules.ALLOWED_HOSTS_ANY.finding(path, a.line, "ALLOWED_HOSTS contains '*'")]
    if a.name == "SECRET_KEY" and isinstance(value, str) and value.strip():
        return [rules.LITERAL_SECRET_KEY.finding(path, a.line, "SECRET_KEY is a literal")]
    if isinstance(value, str) and _ENDPOINT_NAME.search(a.name):
        return _endpoint(path, a.line, a.name, value)
    if a.name == "DATABASES" and isinstance(value, dict):
        return _databases(path, a.line, value)
    return []


def _endpoint(path: str, line: int, name: str, value: str) -> list[Finding]:
    if "://" in value:
        try:
            parts = urlsplit(value)
            host = parts.hostname or ""
            password = parts.password
        except ValueError:
            return []
    else:
        host, password = value.strip(), None
    if password:
        return [rules.CREDENTIALS_IN_SETTINGS.finding(path, line, f"{name} carries a password")]
    if host not in _LOCAL_HOSTS and "." in host and not host.startswith("127."):
        return [rules.HARDCODED_ENDPOINT.finding(path, line, f"{name} names host {host}")]
    return []


def _databases(path: str, line: int, value: dict[object, object]) -> list[Finding]:
    found = []
    for alias, db in value.items():
        if not isinstance(db, dict):
            continue
        password = db.get("PASSWORD")
        if isinstance(password, str) and password:
            detail = f"DATABASES[{alias!r}] PASSWORD is a literal"
            found.append(rules.CREDENTIALS_IN_SETTINGS.finding(path, line, detail))
        host = db.get("HOST")
        if isinstance(host, str):
            found += _endpoint(path, line, f"DATABASES[{alias!r}] HOST", host)
    return found
