"""GitLab CI: ``.gitlab-ci.yml`` with its local ``include:`` files, ``extends:`` and ``!reference``.

The runner's bash runs a job's ``before_script`` and ``script`` with ``set -eo pipefail``;
``after_script`` cannot fail the job and is not counted. ``allow_failure: true`` and
manual jobs (``when: manual``) do not gate a pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci.follow import repo_path
from pyreadiness.checkers.ci.model import Step, System
from pyreadiness.checkers.ci.systems.common import Extraction, load_mapping, not_followed
from pyreadiness.checkers.ci.yamlload import (
    Tagged,
    as_dict,
    as_list,
    as_str,
    line_of,
    path_of,
    truthy,
)

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_GLOBAL_KEYS = frozenset(
    {
        "image",
        "services",
        "stages",
        "types",
        "before_script",
        "after_script",
        "variables",
        "cache",
        "include",
        "default",
        "workflow",
        "spec",
    }
)
_MAX_INCLUDES = 50


def _include_paths(value: Any, base: str, out: Extraction) -> list[str]:
    paths: list[str] = []
    for item in as_list(value):
        local: str | None = None
        if isinstance(item, str):
            if "://" in item:
                not_followed(out, base, line_of(item), f"remote include {item}")
            else:
                local = item
        elif isinstance(item, dict):
            local = as_str(item.get("local"))
            if local is None:
                kind = next(
                    (k for k in ("remote", "template", "project", "component") if k in item),
                    "include",
                )
                not_followed(out, base, line_of(item), f"{kind} include {item.get(kind)}")
        if local is not None:
            paths.append(local)
    return paths


def _load_merged(inventory: Inventory, entry: str, out: Extraction) -> dict[Any, Any] | None:
    """The entry file with its local includes merged under it, as GitLab composes them."""
    main = load_mapping(inventory, entry, out)
    if main is None:
        return None
    merged: dict[Any, Any] = {}
    pending = _include_paths(main.get("include"), entry, out)
    seen = {entry}
    while pending and len(seen) < _MAX_INCLUDES:
        written = pending.pop(0)
        pattern = repo_path(written)
        if pattern is None:
            continue
        matches = inventory.matching(pattern) if "*" in pattern else (pattern,)
        for path in matches:
            if path in seen or not inventory.has(path):
                continue
            seen.add(path)
            included = load_mapping(inventory, path, out)
            if included is not None:
                pending.extend(_include_paths(included.get("include"), path, out))
                merged.update({k: v for k, v in included.items() if k != "include"})
    merged.update(main)
    return merged


def _deep_merge(base: dict[Any, Any], override: dict[Any, Any]) -> dict[Any, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _resolve_job(
    config: dict[Any, Any], name: str, memo: dict[str, dict[Any, Any]], depth: int = 0
) -> dict[Any, Any]:
    """The job with what it ``extends`` merged under it (each template resolved once)."""
    if name in memo:
        return memo[name]
    job = as_dict(config.get(name))
    memo[name] = job  # a cycle of extends stops here
    if depth > 10:
        return job
    resolved: dict[Any, Any] = {}
    for parent in as_list(job.get("extends"))[:20]:
        if isinstance(parent, str):
            resolved = _deep_merge(resolved, _resolve_job(config, parent, memo, depth + 1))
    memo[name] = _deep_merge(resolved, job)
    return memo[name]


def _script_items(
    value: Any, config: dict[Any, Any], depth: int = 0, seen: set[int] | None = None
) -> list[Any]:
    """Flatten script lines: nested lists and ``!reference [job, key]`` tags.

    A list reached twice (a YAML alias) is read once: it would only repeat its lines.
    """
    seen = set() if seen is None else seen
    items: list[Any] = []
    for item in as_list(value):
        if isinstance(item, Tagged) and item.tag == "!reference" and depth < 5:
            target: Any = config
            for key in as_list(item.value):
                target = as_dict(target).get(key)
            items.extend(_script_items(target, config, depth + 1, seen))
        elif isinstance(item, list) and depth < 5 and id(item) not in seen:
            seen.add(id(item))
            items.extend(_script_items(item, config, depth + 1, seen))
        elif isinstance(item, str):
            items.append(item)
    return items


def extract(inventory: Inventory, paths: list[str]) -> Extraction:
    out = Extraction(system=System.GITLAB)
    for entry in paths:
        config = _load_merged(inventory, entry, out)
        if config is None:
            continue
        default = as_dict(config.get("default"))
        memo: dict[str, dict[Any, Any]] = {}
        for name in config:
            if not isinstance(name, str) or name in _GLOBAL_KEYS or name.startswith("."):
                continue
            job = _resolve_job(config, name, memo)
            if not job or "trigger" in job:
                continue
            no_fail = ""
            if truthy(job.get("allow_failure")):
                no_fail = "the job has `allow_failure: true`"
            elif job.get("when") == "manual":
                no_fail = "the job is manual (`when: manual`): it runs only when started by hand"
            before = job.get(
                "before_script", default.get("before_script", config.get("before_script"))
            )
            for item in _script_items(before, config) + _script_items(job.get("script"), config):
                out.steps.append(
                    Step(
                        system=System.GITLAB,
                        path=path_of(item, entry),
                        line=line_of(item),
                        script=item,
                        script_line=line_of(item),
                        errexit=True,
                        pipefail=True,
                        no_fail=no_fail,
                    )
                )
    return out
