"""Packaging metadata: the expected fields, a declared build backend, and a pyproject.toml
that validate-pyproject accepts with classifiers trove-classifiers knows.

validate-pyproject runs with its built-in plugins only (setuptools and distutils tables),
whose schemas ship inside it: no schema is fetched. The project is never built or imported.
"""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import dataclass
from typing import Any

from pyreadiness.checkers.project.metadata import EXPECTED_FIELDS, ProjectMeta, PyprojectState
from pyreadiness.checkers.project.rules import finding, library_versions, line_of, remembered
from pyreadiness.model import Finding, Severity
from pyreadiness.tools.cache import Cache, make_key


@dataclass(frozen=True, kw_only=True)
class Packaging:
    fields_present: int
    fields_expected: int
    schema_error: str | None
    classifiers: int
    classifiers_known: int
    findings: tuple[Finding, ...]


@functools.cache
def _validator() -> Any:
    from validate_pyproject import api

    return api.Validator()  # built-in plugins; no ``--tool`` remote schemas


def schema_error(data: dict[str, Any]) -> str | None:
    """validate-pyproject's first complaint (one line), or None. Classifiers and a string
    ``license`` are taken out first: they are judged one by one, with their own findings."""
    from validate_pyproject import errors

    doc = copy.deepcopy(data)
    project = doc.get("project")
    if isinstance(project, dict):
        if isinstance(project.get("classifiers"), list):
            project.pop("classifiers")
        if isinstance(project.get("license"), str):
            project.pop("license")
    try:
        _validator()(doc)
    except errors.ValidationError as exc:
        return str(exc.message).strip().splitlines()[0][:300]
    except Exception as exc:  # noqa: BLE001 - a validator crash must not hide the rest
        return f"could not be validated ({type(exc).__name__})"
    return None


def assess_packaging(
    meta: ProjectMeta | None, pyproject: PyprojectState, cache: Cache
) -> Packaging:
    out: list[Finding] = []
    if pyproject.exists and pyproject.data is None:
        out.append(
            finding(
                "pyproject-invalid",
                Severity.HIGH,
                f"pyproject.toml is not valid TOML: {pyproject.error}",
                path="pyproject.toml",
                line=pyproject.line,
                help="Fix the syntax: no tool can build or install the project as it is.",
            )
        )
    error = None
    if pyproject.data is not None:
        data = pyproject.data
        key = make_key("schema", library_versions(), json.dumps(data, sort_keys=True, default=str))
        error = remembered(cache, key, lambda: schema_error(data))
        if error is not None:
            out.append(
                finding(
                    "pyproject-invalid",
                    Severity.MEDIUM,
                    f"pyproject.toml does not follow its specification: {error}",
                    path="pyproject.toml",
                    help="Run validate-pyproject pyproject.toml and fix what it reports.",
                )
            )
        if pyproject.build_backend is None:
            out.append(
                finding(
                    "build-backend-missing",
                    Severity.MEDIUM,
                    "pyproject.toml declares no [build-system] build-backend: pip falls back "
                    "to legacy setuptools behaviour",
                    path="pyproject.toml",
                    help='Add [build-system] requires = [...] and build-backend = "...".',
                )
            )
    if not pyproject.exists and meta is not None:
        out.append(
            finding(
                "build-backend-missing",
                Severity.LOW,
                f"no pyproject.toml [build-system]: {meta.path} is built by legacy setuptools "
                "behaviour, which pip is phasing out",
                path=meta.path,
                help="Add pyproject.toml with a [build-system] table (build-backend).",
            )
        )
    if meta is None:
        out.append(
            finding(
                "metadata-missing",
                Severity.MEDIUM,
                "no packaging metadata ([project], [tool.poetry], setup.cfg or setup.py)",
                path="pyproject.toml" if pyproject.exists else None,
                help="Declare the project in pyproject.toml [project] (PEP 621).",
            )
        )
        return Packaging(
            fields_present=0,
            fields_expected=len(EXPECTED_FIELDS) + 1,
            schema_error=error,
            classifiers=0,
            classifiers_known=0,
            findings=tuple(out),
        )
    missing = [name for name in EXPECTED_FIELDS if name not in meta.present]
    if missing:
        out.append(
            finding(
                "metadata-incomplete",
                Severity.LOW,
                f"{meta.source} lacks {', '.join(missing)}",
                path=meta.path,
                line=line_of(meta.text, meta.header) if meta.header else None,
                help="Package indexes and dependency tools show these fields; declare them.",
            )
        )
    known = _check_classifiers(meta, out)
    present = len(EXPECTED_FIELDS) - len(missing) + int(pyproject.build_backend is not None)
    return Packaging(
        fields_present=present,
        fields_expected=len(EXPECTED_FIELDS) + 1,
        schema_error=error,
        classifiers=len(meta.classifiers),
        classifiers_known=known,
        findings=tuple(out),
    )


def _check_classifiers(meta: ProjectMeta, out: list[Finding]) -> int:
    from trove_classifiers import classifiers as known
    from trove_classifiers import deprecated_classifiers

    good = 0
    for value in meta.classifiers:
        line = line_of(meta.text, value)
        if value in deprecated_classifiers:
            instead = ", ".join(deprecated_classifiers[value]) or "nothing (drop it)"
            out.append(
                finding(
                    "classifier-deprecated",
                    Severity.LOW,
                    f"deprecated classifier {value!r}; use {instead}",
                    path=meta.path,
                    line=line,
                    help="PyPI rejects uploads with deprecated classifiers.",
                )
            )
        elif value not in known and not value.startswith("Private :: "):
            out.append(
                finding(
                    "classifier-unknown",
                    Severity.LOW,
                    f"unknown classifier {value!r}",
                    path=meta.path,
                    line=line,
                    help="PyPI rejects unknown classifiers: pick one from pypi.org/classifiers.",
                )
            )
        else:
            good += 1
    return good
