"""Which of a monorepo's CI jobs run for one sub-project (docs/monorepo.md, "CI").

A sub-project sees its repository's root CI (discover/subproject.py); a job counts for it
unless it evidently works on another project:

- a GitHub workflow whose ``push``/``pull_request`` triggers all carry ``paths:`` filters,
  none of which can match a file of the project, never runs for the project's changes;
- a job or step whose ``working-directory`` (``defaults.run`` of the workflow or job, or the
  step's own) is inside another project runs for that project only;
- a script that starts with ``cd FOLDER`` (``cd backend && pytest``), FOLDER inside another
  project, runs for that project only (every CI system, and Makefile recipe lines).

Everything else (a job at the root, ``ruff check .``) covers every project: it does run on
their files. Unclear cases count for the project: attribution only removes evidence that
plainly belongs elsewhere.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from fnmatch import fnmatchcase
from typing import Any

from pyreadiness.checkers.ci.yamlload import as_dict, as_list, as_str
from pyreadiness.discover.inventory import ProjectScope

_CHANGE_EVENTS = ("push", "pull_request", "pull_request_target", "merge_group")
_LEADING_CD = re.compile(r"\A\s*cd\s+([^\s;&|]+)")


def _normal(folder: str) -> str:
    cleaned = posixpath.normpath(folder.strip().strip("\"'").removeprefix("./"))
    return "." if cleaned in ("", ".") else cleaned


def _inside(folder: str, project: str) -> bool:
    return project != "." and (folder == project or folder.startswith(project + "/"))


def folder_applies(folder: str | None, scope: ProjectScope | None) -> bool:
    """Work in ``folder`` (repository-relative) counts for the scoped project."""
    if scope is None or folder is None or "${{" in folder:
        return True
    where = _normal(folder)
    if _inside(where, scope.path):
        return True
    return not any(_inside(where, other) for other in scope.others)


def script_applies(script: str | None, scope: ProjectScope | None, cwd: str | None) -> bool:
    """A script starting with ``cd FOLDER`` counts for the project FOLDER is in."""
    if scope is None or script is None:
        return True
    match = _LEADING_CD.match(script)
    if match is None:
        return True
    try:
        target = shlex.split(match.group(1))[0]
    except (ValueError, IndexError):
        return True
    if target.startswith(("/", "~", "$")):
        return True
    return folder_applies(posixpath.join(cwd or ".", target), scope)


def workflow_applies(workflow: dict[Any, Any], scope: ProjectScope | None) -> bool:
    """False when every change trigger's ``paths:`` filter leaves the project out."""
    if scope is None:
        return True
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    if not isinstance(triggers, dict):
        return True  # `on: push` or a list of events: no filters
    events = [e for e in _CHANGE_EVENTS if e in triggers]
    if not events:
        return True
    for event in events:
        globs = [as_str(p) for p in as_list(as_dict(triggers[event]).get("paths"))]
        if not globs or any(g is not None and _glob_reaches(g, scope.path) for g in globs):
            return True
    return False


def _glob_reaches(glob: str, project: str) -> bool:
    """Whether a ``paths:`` glob can match a file inside ``project`` (``!`` negations and
    root-level globs cannot)."""
    if glob.startswith("!"):
        return False
    if project == ".":
        return True
    pattern = glob.removeprefix("./").split("/")
    folder = project.split("/")
    for index, part in enumerate(folder):
        if index >= len(pattern):
            return False
        if "**" in pattern[index]:
            return True  # crosses folders (`**`, `**.py`): can reach into the project
        if index == len(pattern) - 1:
            return False  # the glob's last part names a file at this level
        if not fnmatchcase(part, pattern[index]):
            return False
    return True
