"""CircleCI: ``.circleci/config.yml`` jobs, reusable commands and orb jobs.

``run`` steps use ``/bin/bash -eo pipefail`` unless a ``shell:`` says otherwise. Orb jobs
named in a workflow (``python/test``) are recorded as references, resolved through the
``orbs:`` map (``circleci/python/test``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci.model import Step, System
from pyreadiness.checkers.ci.systems.common import Extraction, load_mapping, shell_flags
from pyreadiness.checkers.ci.yamlload import as_dict, as_list, as_str, line_of

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_DEFAULT_SHELL = (True, True)  # /bin/bash -eo pipefail


def _steps(out: Extraction, path: str, steps: list[Any], shell: str | None, depth: int) -> None:
    for raw in steps:
        if isinstance(raw, str):
            out.steps.append(Step(system=System.CIRCLECI, path=path, line=line_of(raw), uses=raw))
            continue
        for key, value in as_dict(raw).items():
            if key == "run":
                body = as_dict(value)
                script = as_str(value) or as_str(body.get("command"))
                flags = shell_flags(as_str(body.get("shell")) or shell, _DEFAULT_SHELL)
                if script is not None and flags is not None:
                    first = line_of(script)
                    if first is not None and getattr(script, "block", False):
                        first += 1
                    out.steps.append(
                        Step(
                            system=System.CIRCLECI,
                            path=path,
                            line=line_of(raw),
                            script=script,
                            script_line=first,
                            errexit=flags[0],
                            pipefail=flags[1],
                        )
                    )
            elif key in ("when", "unless") and depth < 5:
                _steps(out, path, as_list(as_dict(value).get("steps")), shell, depth + 1)
            elif isinstance(key, str):
                out.steps.append(
                    Step(system=System.CIRCLECI, path=path, line=line_of(raw), uses=key)
                )


def extract(inventory: Inventory, paths: list[str]) -> Extraction:
    out = Extraction(system=System.CIRCLECI)
    for path in paths:
        config = load_mapping(inventory, path, out)
        if config is None:
            continue
        for section in ("jobs", "commands"):
            for body in as_dict(config.get(section)).values():
                body = as_dict(body)
                _steps(out, path, as_list(body.get("steps")), as_str(body.get("shell")), 0)
        orbs = {str(k): str(v).split("@", 1)[0] for k, v in as_dict(config.get("orbs")).items()}
        for workflow in as_dict(config.get("workflows")).values():
            for job in as_list(as_dict(workflow).get("jobs")):
                name = job if isinstance(job, str) else next(iter(as_dict(job)), None)
                if isinstance(name, str) and "/" in name:
                    alias, _, orb_job = name.partition("/")
                    out.steps.append(
                        Step(
                            system=System.CIRCLECI,
                            path=path,
                            line=line_of(name) or line_of(job),
                            uses=f"{orbs.get(alias, alias)}/{orb_job}",
                        )
                    )
    return out
