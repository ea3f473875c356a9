"""GitHub Actions: ``.github/workflows/*.yml``, plus local composite actions they use.

A step's default shell on Linux runners is ``bash -e {0}`` (stops on errors, no pipefail);
``shell: bash`` adds ``-o pipefail``. ``continue-on-error: true`` on a step or a job means
its failure does not fail the run (an expression such as ``${{ matrix.experimental }}``
is taken as able to fail).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci.follow import repo_path
from pyreadiness.checkers.ci.model import Step, System
from pyreadiness.checkers.ci.systems.common import Extraction, load_mapping, shell_flags
from pyreadiness.checkers.ci.yamlload import as_dict, as_list, as_str, line_of, truthy

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_DEFAULT_SHELL = (True, False)  # bash -e {0}


def _default_shell(node: dict[Any, Any]) -> str | None:
    return as_str(as_dict(as_dict(node.get("defaults")).get("run")).get("shell"))


def _steps(
    inventory: Inventory,
    out: Extraction,
    path: str,
    steps: list[Any],
    shell: str | None,
    inherited_no_fail: str,
    follow_local: bool,
) -> None:
    for raw in steps:
        step = as_dict(raw)
        no_fail = inherited_no_fail
        if not no_fail and truthy(step.get("continue-on-error")):
            no_fail = "the step has `continue-on-error: true`"
        run = as_str(step.get("run"))
        if run is not None:
            flags = shell_flags(as_str(step.get("shell")) or shell, _DEFAULT_SHELL)
            if flags is not None:
                out.steps.append(
                    Step(
                        system=System.GITHUB,
                        path=path,
                        line=line_of(step),
                        script=run,
                        script_line=_first_line(run),
                        errexit=flags[0],
                        pipefail=flags[1],
                        no_fail=no_fail,
                    )
                )
        uses = as_str(step.get("uses"))
        if uses is not None:
            with_args = tuple(
                sorted(
                    (str(k), str(v))
                    for k, v in as_dict(step.get("with")).items()
                    if isinstance(v, str | int | float | bool)
                )
            )
            out.steps.append(
                Step(
                    system=System.GITHUB,
                    path=path,
                    line=line_of(uses) or line_of(step),
                    uses=uses,
                    with_args=with_args,
                    no_fail=no_fail,
                )
            )
            if follow_local and uses.startswith("./"):
                _composite(inventory, out, uses, no_fail)


def _first_line(script: str) -> int | None:
    line = line_of(script)
    if line is None:
        return None
    return line + 1 if getattr(script, "block", False) else line


def _composite(inventory: Inventory, out: Extraction, uses: str, no_fail: str) -> None:
    """Steps of a local composite action run as part of the calling step."""
    folder = repo_path(uses)
    if folder is None:
        return
    for name in ("action.yml", "action.yaml"):
        path = f"{folder}/{name}"
        if path in out.files:
            return  # already read for another step: its steps are counted once
        if inventory.has(path):
            data = load_mapping(inventory, path, out)
            runs = as_dict(as_dict(data).get("runs"))
            if runs.get("using") == "composite":
                _steps(inventory, out, path, as_list(runs.get("steps")), None, no_fail, False)
            return


def extract(inventory: Inventory, paths: list[str]) -> Extraction:
    out = Extraction(system=System.GITHUB)
    for path in paths:
        workflow = load_mapping(inventory, path, out)
        if workflow is None:
            continue
        for raw_job in as_dict(workflow.get("jobs")).values():
            job = as_dict(raw_job)
            no_fail = ""
            if truthy(job.get("continue-on-error")):
                no_fail = "the job has `continue-on-error: true`"
            uses = as_str(job.get("uses"))  # a reusable workflow
            if uses is not None:
                out.steps.append(
                    Step(
                        system=System.GITHUB,
                        path=path,
                        line=line_of(uses),
                        uses=uses,
                        no_fail=no_fail,
                    )
                )
            shell = _default_shell(job) or _default_shell(workflow)
            _steps(inventory, out, path, as_list(job.get("steps")), shell, no_fail, True)
    return out
