"""Small accessors for deployment YAML (user input: any key may hold any type)."""

from __future__ import annotations

from typing import Any

from pyreadiness.checkers.ci.yamlload import as_dict, line_of


def key_line(mapping: Any, key: str) -> int | None:
    """The line a key is written on (keys keep their line), else the mapping's own."""
    for k in as_dict(mapping):
        if k == key:
            return line_of(k) or line_of(mapping)
    return line_of(mapping)


def dig(value: Any, *keys: str) -> Any:
    for key in keys:
        value = as_dict(value).get(key)
    return value


def dev_only(path: str) -> bool:
    """A file named for development, tests or examples (``docker-compose.dev.yml``)."""
    name = path.rsplit("/", 1)[-1].lower()
    for sep in "-_.":
        name = name.replace(sep, " ")
    words = set(name.split())
    parts = {p.lower() for p in path.split("/")[:-1]}
    markers = {"dev", "develop", "development", "local", "test", "tests", "testing", "ci",
               "example", "examples", "sample", "demo", "override", "e2e"}  # fmt: skip
    return bool(words & markers or parts & markers)
