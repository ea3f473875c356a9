"""The project's packaging metadata, read statically from wherever it is declared.

One reader for the three modules that need it (licence, packaging, Python versions):
``[project]`` (PEP 621), ``[tool.poetry]`` (Poetry 1), ``setup.cfg [metadata]`` and a
``setup.py`` whose ``setup(...)`` call is read with ``ast`` (literal arguments only; the file
is never run). The first source that declares a name wins, in that order.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pysource import parse_python

#: The fields a published package is expected to declare (docs/checks/project.md).
EXPECTED_FIELDS = (
    "name",
    "version",
    "description",
    "readme",
    "requires-python",
    "license",
    "classifiers",
    "urls",
)


@dataclass(frozen=True, kw_only=True)
class ProjectMeta:
    source: str  # e.g. "pyproject.toml [project]"
    path: str  # the file holding it
    text: str | None  # its text, for line numbers
    present: frozenset[str]  # EXPECTED_FIELDS declared (or listed as dynamic)
    license_expression: str | None = None  # a PEP 639 expression (a string ``license``)
    license_text: str | None = None  # legacy free text: ``license = {text}``, setup.cfg...
    license_file: str | None = None  # legacy ``license = {file}``
    license_files: tuple[str, ...] | None = None  # PEP 639 / setuptools globs
    classifiers: tuple[str, ...] = ()
    requires_python: str | None = None
    readme: str | None = None  # the file the metadata names as its long description
    header: str | None = None  # the table header line, to find lines below it


@dataclass(frozen=True, kw_only=True)
class PyprojectState:
    """pyproject.toml as parsed, or why it could not be."""

    data: dict[str, Any] | None
    error: str | None = None
    line: int | None = None
    build_backend: str | None = None
    exists: bool = False


def read_pyproject(inv: Inventory) -> PyprojectState:
    doc = inv.toml("pyproject.toml")
    if doc is None:
        return PyprojectState(data=None)
    if doc.data is None:
        return PyprojectState(data=None, error=doc.error, line=doc.line, exists=True)
    build = doc.data.get("build-system")
    backend = build.get("build-backend") if isinstance(build, dict) else None
    return PyprojectState(
        data=doc.data, build_backend=backend if isinstance(backend, str) else None, exists=True
    )


def read_metadata(inv: Inventory, pyproject: PyprojectState) -> ProjectMeta | None:
    data = pyproject.data or {}
    project = data.get("project")
    if isinstance(project, dict):
        return _from_pep621(inv, project)
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    if isinstance(poetry, dict) and "name" in poetry:
        return _from_poetry(inv, poetry)
    cfg = _from_setup_cfg(inv)
    if cfg is not None:
        return cfg
    return _from_setup_py(inv)


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _from_pep621(inv: Inventory, project: dict[str, Any]) -> ProjectMeta:
    dynamic = set(_strings(project.get("dynamic")))
    present = {name for name in EXPECTED_FIELDS if name in project or name in dynamic}
    lic = project.get("license")
    files = project.get("license-files")
    return ProjectMeta(
        source="pyproject.toml [project]",
        path="pyproject.toml",
        text=inv.read_text("pyproject.toml"),
        header="[project]",
        present=frozenset(present),
        license_expression=lic if isinstance(lic, str) else None,
        license_text=lic.get("text") if isinstance(lic, dict) else None,
        license_file=lic.get("file") if isinstance(lic, dict) else None,
        license_files=_strings(files) if isinstance(files, list) else None,
        classifiers=_strings(project.get("classifiers")),
        requires_python=_str(project.get("requires-python")),
        readme=_readme_file(project.get("readme")),
    )


def _readme_file(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("file")
    return value if isinstance(value, str) else None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _from_poetry(inv: Inventory, poetry: dict[str, Any]) -> ProjectMeta:
    deps = poetry.get("dependencies")
    python = _str(deps.get("python")) if isinstance(deps, dict) else None
    present: set[str] = {k for k in ("name", "version", "description", "readme") if k in poetry}
    if python:
        present.add("requires-python")
    if "license" in poetry:
        present.add("license")
    if "classifiers" in poetry:
        present.add("classifiers")
    if any(k in poetry for k in ("homepage", "repository", "documentation", "urls")):
        present.add("urls")
    lic = _str(poetry.get("license"))
    return ProjectMeta(
        source="pyproject.toml [tool.poetry]",
        path="pyproject.toml",
        text=inv.read_text("pyproject.toml"),
        header="[tool.poetry]",
        present=frozenset(present),
        license_text=lic,
        classifiers=_strings(poetry.get("classifiers")),
        requires_python=_poetry_python(python),
    )


def _poetry_python(spec: str | None) -> str | None:
    """Poetry's ``^3.9`` / ``~3.9`` as a PEP 440 floor; other forms are PEP 440 already."""
    if spec is None:
        return None
    spec = spec.strip()
    if spec.startswith(("^", "~")) and not spec.startswith("~="):
        return ">=" + spec.lstrip("^~")
    return spec


_CFG_FIELDS = {
    "name": "name",
    "version": "version",
    "description": "description",
    "long_description": "readme",
    "license": "license",
    "license_files": "license",
    "classifiers": "classifiers",
    "url": "urls",
    "project_urls": "urls",
}


def _lines(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.replace(",", "\n").splitlines() if item.strip())


def _from_setup_cfg(inv: Inventory) -> ProjectMeta | None:
    cfg = inv.ini("setup.cfg")
    if cfg is None or not cfg.has_section("metadata") or not cfg.has_option("metadata", "name"):
        return None
    meta = cfg["metadata"]
    present = {target for key, target in _CFG_FIELDS.items() if meta.get(key, "").strip()}
    requires = cfg.get("options", "python_requires", fallback="").strip() or None
    if requires:
        present.add("requires-python")
    files = meta.get("license_files", "").strip()
    return ProjectMeta(
        source="setup.cfg [metadata]",
        path="setup.cfg",
        text=inv.read_text("setup.cfg"),
        header="[metadata]",
        present=frozenset(present),
        license_text=meta.get("license", "").strip() or None,
        license_files=_lines(files) if files else None,
        classifiers=tuple(c for c in meta.get("classifiers", "").splitlines() if c.strip()),
        requires_python=requires,
    )


_PY_FIELDS = {
    "name": "name",
    "version": "version",
    "description": "description",
    "long_description": "readme",
    "license": "license",
    "license_expression": "license",
    "license_files": "license",
    "classifiers": "classifiers",
    "url": "urls",
    "project_urls": "urls",
    "python_requires": "requires-python",
}


def _setup_call(tree: ast.Module) -> ast.Call | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "setup":
                return node
    return None


def _from_setup_py(inv: Inventory) -> ProjectMeta | None:
    if not inv.has("setup.py"):
        return None
    text = inv.read_text("setup.py")
    if text is None:
        return None
    try:
        call = _setup_call(parse_python(text, "setup.py"))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if call is None:
        return None
    present: set[str] = set()
    literal: dict[str, Any] = {}
    for kw in call.keywords:
        if kw.arg in _PY_FIELDS:
            present.add(_PY_FIELDS[kw.arg])  # declared, perhaps computed: it is there
            try:
                literal[kw.arg] = ast.literal_eval(kw.value)
            except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                continue
    if "name" not in present:
        return None
    files = literal.get("license_files")
    return ProjectMeta(
        source="setup.py setup()",
        path="setup.py",
        text=text,
        present=frozenset(present),
        license_expression=_str(literal.get("license_expression")),
        license_text=_str(literal.get("license")),
        license_files=_strings(files) if isinstance(files, list | tuple) else None,
        classifiers=_strings(literal.get("classifiers")),
        requires_python=_str(literal.get("python_requires")),
    )
