"""Travis CI (legacy): ``.travis.yml`` phases and ``jobs.include`` entries.

Travis runs every line of ``script`` and marks the build failed if any fails, so each
line is judged on its own. Jobs matched by ``allow_failures`` cannot fail the build.
``after_script``/``after_success`` never fail it and are not counted. ``env:`` entries
(``TEST_SUITE=unit``) are expanded into the scripts, one job variant per entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci.model import Step, System
from pyreadiness.checkers.ci.shell import tokens
from pyreadiness.checkers.ci.systems.common import Extraction, expand_env, load_mapping
from pyreadiness.checkers.ci.yamlload import as_dict, as_list, line_of

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_PHASES = ("before_install", "install", "before_script", "script")
_MAX_VARIANTS = 16


def _matches(job: dict[Any, Any], rule: dict[Any, Any]) -> bool:
    return bool(rule) and all(job.get(k) == v for k, v in rule.items())


def _assignments(text: Any) -> dict[str, str]:
    """``TEST_SUITE=unit PY=3.12`` (a Travis ``env:`` entry) as a mapping."""
    out: dict[str, str] = {}
    for word in tokens(text) if isinstance(text, str) else []:
        name, eq, value = word.partition("=")
        if eq and name.isidentifier():
            out[name] = value
    return out


def _env_variants(node: dict[Any, Any], inherited: dict[str, str]) -> list[dict[str, str]]:
    """One environment per job variant: ``env: [A=1, A=2]`` runs the script twice."""
    env = node.get("env")
    if isinstance(env, dict):  # {global: [...], jobs: [...]} (or matrix: [...])
        base = dict(inherited)
        for entry in as_list(env.get("global")):
            base.update(_assignments(entry))
        entries = as_list(env.get("jobs", env.get("matrix")))
    else:
        base, entries = dict(inherited), as_list(env)
    variants = [{**base, **_assignments(e)} for e in entries if isinstance(e, str)]
    return variants[:_MAX_VARIANTS] or [base]


def _phases(
    out: Extraction, path: str, node: dict[Any, Any], no_fail: str, env: dict[str, str]
) -> None:
    for variant in _env_variants(node, env):
        for phase in _PHASES:
            for item in as_list(node.get(phase)):
                if isinstance(item, str):
                    out.steps.append(
                        Step(
                            system=System.TRAVIS,
                            path=path,
                            line=line_of(item),
                            script=expand_env(item, variant),
                            script_line=line_of(item),
                            errexit=True,
                            no_fail=no_fail,
                        )
                    )


def extract(inventory: Inventory, paths: list[str]) -> Extraction:
    out = Extraction(system=System.TRAVIS)
    for path in paths:
        config = load_mapping(inventory, path, out)
        if config is None:
            continue
        _phases(out, path, config, "", {})
        base = _env_variants(config, {})[0] if isinstance(config.get("env"), dict) else {}
        for section in ("jobs", "matrix"):
            matrix = as_dict(config.get(section))
            allowed = [as_dict(r) for r in as_list(matrix.get("allow_failures"))]
            for job in as_list(matrix.get("include")):
                job = as_dict(job)
                no_fail = ""
                if any(_matches(job, rule) for rule in allowed):
                    no_fail = "the job is listed under `allow_failures`"
                _phases(out, path, job, no_fail, base)
    return out
