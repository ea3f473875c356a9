"""GitHub Actions: ``.github/workflows/*.yml``, plus local composite actions they use.

A step's default shell on Linux runners is ``bash -e {0}`` (stops on errors, no pipefail);
``shell: bash`` adds ``-o pipefail``. ``continue-on-error: true`` on a step or a job means
its failure does not fail the run (an expression such as ``${{ matrix.experimental }}``
is taken as able to fail). ``${{ matrix.KEY }}`` in a ``run:`` script is expanded with
the job's matrix values, so ``tox -e ${{ matrix.toxenv }}`` names real environments, and
``$NAME`` / ``${{ env.NAME }}`` with the workflow's, job's and step's ``env:`` values, so
``run: $TEST_COMMAND`` is judged by the command it holds; a ``TOXENV`` there selects the
env a bare ``tox`` runs.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci.attribution import folder_applies, script_applies, workflow_applies
from pyreadiness.checkers.ci.follow import repo_path
from pyreadiness.checkers.ci.model import Step, System
from pyreadiness.checkers.ci.systems.common import (
    Extraction,
    env_values,
    expand_env,
    load_mapping,
    shell_flags,
)
from pyreadiness.checkers.ci.yamlload import as_dict, as_list, as_str, line_of, truthy

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_DEFAULT_SHELL = (True, False)  # bash -e {0}
_MATRIX_REF = re.compile(r"\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}")
_MAX_VARIANTS = 16


@dataclass(frozen=True)
class _Job:
    path: str
    shell: str | None = None
    no_fail: str = ""
    matrix: dict[str, list[str]] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)  # the workflow's and the job's
    workdir: str | None = None  # defaults.run.working-directory of the job or workflow


def _default_shell(node: dict[Any, Any]) -> str | None:
    return as_str(as_dict(as_dict(node.get("defaults")).get("run")).get("shell"))


def _default_workdir(node: dict[Any, Any]) -> str | None:
    return as_str(as_dict(as_dict(node.get("defaults")).get("run")).get("working-directory"))


def _matrix(job: dict[Any, Any]) -> dict[str, list[str]]:
    """Scalar values of each matrix key, from its list and from ``include`` entries."""
    values: dict[str, list[str]] = {}
    matrix = as_dict(as_dict(job.get("strategy")).get("matrix"))
    entries = [{k: v} for k, v in matrix.items() if k not in ("include", "exclude")]
    entries += [as_dict(e) for e in as_list(matrix.get("include"))]
    for entry in entries:
        for key, value in entry.items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str | int | float) and not isinstance(item, bool):
                    bucket = values.setdefault(str(key), [])
                    if str(item) not in bucket:
                        bucket.append(str(item))
    return values


def _variants(script: str, matrix: dict[str, list[str]]) -> list[str]:
    keys = sorted({k for k in _MATRIX_REF.findall(script) if matrix.get(k)})
    if not keys:
        return [script]
    out: list[str] = []
    for combo in itertools.islice(itertools.product(*(matrix[k] for k in keys)), _MAX_VARIANTS):
        out.append(_substitute(script, dict(zip(keys, combo, strict=True))))
    return out


def _substitute(script: str, chosen: dict[str, str]) -> str:
    return _MATRIX_REF.sub(lambda m: chosen.get(m.group(1), m.group(0)), script)


# A `tox` (or `tox run`) command at the start of a line that names no env itself.
_BARE_TOX = re.compile(r"(?m)^([ \t]*)(tox(?:[ \t]+run)?)(?=[ \t]|$)(?![^\n]*[ \t](?:-e|--env)\b)")


def _toxenv(script: str, toxenv: str | None) -> str:
    """``env: TOXENV: lint`` + ``run: tox``: tox reads the variable, so the step runs that
    env (``-e`` spelt out here so the tox reader sees it; a value of ``${{ matrix.x }}`` is
    expanded with the matrix afterwards)."""
    if not toxenv:
        return script
    return _BARE_TOX.sub(lambda m: f"{m.group(1)}{m.group(2)} -e {toxenv}", script)


def _first_line(script: str) -> int | None:
    line = line_of(script)
    if line is None:
        return None
    return line + 1 if getattr(script, "block", False) else line


class _Reader:
    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self.out = Extraction(system=System.GITHUB)

    def steps(self, steps: list[Any], job: _Job, follow_local: bool) -> None:
        for raw in steps:
            step = as_dict(raw)
            workdir = as_str(step.get("working-directory")) or job.workdir
            scope = self.inventory.scope
            if not folder_applies(workdir, scope):
                continue  # works on another sub-project of the monorepo
            no_fail = job.no_fail
            if not no_fail and truthy(step.get("continue-on-error")):
                no_fail = "the step has `continue-on-error: true`"
            run = as_str(step.get("run"))
            flags = shell_flags(as_str(step.get("shell")) or job.shell, _DEFAULT_SHELL)
            if run is not None and not script_applies(run, scope, workdir):
                continue
            if run is not None and flags is not None:
                env = {**job.env, **env_values(step.get("env"))}
                expanded = _toxenv(expand_env(run, env), env.get("TOXENV"))
                for script in _variants(expanded, job.matrix):
                    self.out.steps.append(
                        Step(
                            system=System.GITHUB,
                            path=job.path,
                            line=line_of(step),
                            script=script,
                            script_line=_first_line(run),
                            errexit=flags[0],
                            pipefail=flags[1],
                            no_fail=no_fail,
                        )
                    )
            uses = as_str(step.get("uses"))
            if uses is not None:
                inputs = as_dict(step.get("with")).items()
                with_args = tuple(
                    sorted((str(k), str(v)) for k, v in inputs if isinstance(v, str | int | float))
                )
                self.out.steps.append(
                    Step(
                        system=System.GITHUB,
                        path=job.path,
                        line=line_of(uses) or line_of(step),
                        uses=uses,
                        with_args=with_args,
                        no_fail=no_fail,
                    )
                )
                if follow_local and uses.startswith("./"):
                    self.composite(uses, no_fail)

    def composite(self, uses: str, no_fail: str) -> None:
        """Steps of a local composite action run as part of the calling step."""
        folder = repo_path(uses)
        if folder is None:
            return
        for name in ("action.yml", "action.yaml"):
            path = f"{folder}/{name}"
            if path in self.out.files:
                return  # already read for another step: its steps are counted once
            if self.inventory.has(path):
                runs = as_dict(as_dict(load_mapping(self.inventory, path, self.out)).get("runs"))
                if runs.get("using") == "composite":
                    self.steps(as_list(runs.get("steps")), _Job(path=path, no_fail=no_fail), False)
                return

    def workflow(self, path: str) -> None:
        workflow = load_mapping(self.inventory, path, self.out)
        if workflow is None or not workflow_applies(workflow, self.inventory.scope):
            return
        for raw_job in as_dict(workflow.get("jobs")).values():
            job = as_dict(raw_job)
            no_fail = ""
            if truthy(job.get("continue-on-error")):
                no_fail = "the job has `continue-on-error: true`"
            uses = as_str(job.get("uses"))  # a reusable workflow
            if uses is not None:
                self.out.steps.append(
                    Step(
                        system=System.GITHUB,
                        path=path,
                        line=line_of(uses),
                        uses=uses,
                        no_fail=no_fail,
                    )
                )
            workdir = _default_workdir(job) or _default_workdir(workflow)
            if not folder_applies(workdir, self.inventory.scope):
                continue
            shell = _default_shell(job) or _default_shell(workflow)
            context = _Job(
                path=path,
                shell=shell,
                no_fail=no_fail,
                matrix=_matrix(job),
                env={**env_values(workflow.get("env")), **env_values(job.get("env"))},
                workdir=workdir,
            )
            self.steps(as_list(job.get("steps")), context, True)


def extract(inventory: Inventory, paths: list[str]) -> Extraction:
    reader = _Reader(inventory)
    for path in paths:
        reader.workflow(path)
    return reader.out
