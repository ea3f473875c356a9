"""Systems without a pipeline file of their own: pre-commit.ci, and legacy services.

* pre-commit.ci runs ``.pre-commit-config.yaml``'s hooks on every pull request when the
  repository installed the app. Evidence that it did: a ``ci:`` section in that file (only
  pre-commit.ci reads it), or its badge (``results.pre-commit.ci``) in the README. Hooks
  listed under ``ci: skip`` are not run there.
* AppVeyor (``appveyor.yml``, ``.appveyor.yml``) is legacy (see ``LEGACY_SYSTEMS``): its
  file is read only to report it; nothing in it is counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyreadiness.checkers.ci.actions import PRE_COMMIT_CI_USES
from pyreadiness.checkers.ci.model import Step, System
from pyreadiness.checkers.ci.systems.common import Extraction, load_mapping
from pyreadiness.checkers.ci.yamlload import as_dict, as_list, line_of, load_yaml

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"

_BADGE = "results.pre-commit.ci"
_READMES = ("README.md", "README.rst", "README", "README.txt", "README.markdown")
APPVEYOR_FILES = ("appveyor.yml", ".appveyor.yml")


def uses_pre_commit_ci(inventory: Inventory) -> bool:
    if not inventory.has(PRE_COMMIT_CONFIG):
        return False
    config = as_dict(load_yaml(inventory, PRE_COMMIT_CONFIG).data)
    if "ci" in config:
        return True
    return any(_BADGE in (inventory.read_text(name) or "") for name in _READMES)


def extract_pre_commit_ci(inventory: Inventory, paths: list[str]) -> Extraction:
    out = Extraction(system=System.PRECOMMIT_CI)
    for path in paths:
        config = load_mapping(inventory, path, out)
        if config is None:
            continue
        skipped = [str(s) for s in as_list(as_dict(config.get("ci")).get("skip"))]
        out.steps.append(
            Step(
                system=System.PRECOMMIT_CI,
                path=path,
                line=line_of(config.get("ci")) or 1,
                uses=PRE_COMMIT_CI_USES,
                with_args=(("skip", ",".join(skipped)),),
            )
        )
    return out


def extract_appveyor(inventory: Inventory, paths: list[str]) -> Extraction:
    out = Extraction(system=System.APPVEYOR)
    for path in paths:
        load_mapping(inventory, path, out)
    return out
