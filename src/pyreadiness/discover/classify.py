"""Classify a repository path once, in one place, so every checker agrees on what is what."""

from __future__ import annotations

import enum
import re
from fnmatch import fnmatch
from pathlib import PurePosixPath

__all__ = [
    "SKIPPED_DIRS",
    "FileKind",
    "classify",
    "in_skipped_dir",
    "is_skipped_dir",
    "is_test_path",
]


class FileKind(str, enum.Enum):
    SOURCE = "source"  # shipped Python code
    TEST = "test"  # test code and test helpers (conftest.py)
    STUB = "stub"  # .pyi type stubs
    AUX = "aux"  # Python that is not shipped: docs, examples, benchmarks, build scripts
    CONFIG = "config"  # pyproject.toml, setup.cfg, tox.ini, requirements, lock files, CI
    DOCS = "docs"
    OTHER = "other"


# Folders whose Python code is never part of the shipped package.
_AUX_DIRS = frozenset(
    {
        "docs",
        "doc",
        "examples",
        "example",
        "benchmarks",
        "benchmark",
        "bench",
        "asv_bench",
        ".github",
        ".gitlab",
        ".circleci",
        "ci",
        ".ci",
    }
)
_TEST_DIRS = frozenset({"tests", "test", "testing", "unittests", "unit_tests", "integration_tests"})
# Sample inputs for tests (whole packages or repositories a test runs a tool on): neither
# shipped code nor tests themselves.
_TEST_DATA_DIRS = frozenset({"fixtures", "testdata", "test_data", "test-data"})
# Top-level scripts that build or drive the project rather than ship in it.
_AUX_FILES = frozenset(
    {"setup.py", "noxfile.py", "fabfile.py", "tasks.py", "dodo.py", "conftest.py", "manage.py"}
)
_CONFIG_NAMES = frozenset(
    {
        "pyproject.toml",
        "setup.cfg",
        "tox.ini",
        "pytest.ini",
        ".pre-commit-config.yaml",
        "mypy.ini",
        ".mypy.ini",
        ".bandit",
        "ruff.toml",
        ".ruff.toml",
        "Pipfile",
        "Pipfile.lock",
        "uv.lock",
        "poetry.lock",
        "pdm.lock",
        "pylock.toml",
        "Makefile",
        "Jenkinsfile",
        ".travis.yml",
        ".gitlab-ci.yml",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
        ".flake8",
        "noxfile.py",
        "renovate.json",
        ".renovaterc",
        ".renovaterc.json",
        "environment.yml",
    }
)
_DOC_SUFFIXES = frozenset({".md", ".rst", ".txt", ".adoc"})

#: Folders never descended into when walking a non-git tree, and dropped from git listings:
#: virtualenvs, build output and caches are not the repository's own work. Vendored code
#: is left out by the default ``exclude`` instead (discover/exclude.py): replaceable.
#: ``build`` is not here: only some folders of that name are output (``in_skipped_dir``).
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".env",
        "env",
        ".tox",
        ".nox",
        "dist",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
        ".eggs",
        "node_modules",
        "site-packages",
        "htmlcov",
        ".idea",
        ".vscode",
    }
)


def is_skipped_dir(name: str) -> bool:
    return name in SKIPPED_DIRS or name.endswith(".egg-info")


#: What setuptools writes inside a ``build`` folder: ``lib``, ``lib.linux-x86_64-cpython-312``,
#: ``bdist.linux-x86_64``, ``temp.linux-x86_64-cpython-312``, ``scripts-3.12``.
_BUILD_OUTPUT = re.compile(r"^(?:lib(?:\.|$)|bdist\.|temp\.|scripts-)")


def in_skipped_dir(rel: str) -> bool:
    """Whether the file lies in a folder that is not the repository's own work: a skipped
    folder anywhere, a ``build`` folder at the root, or setuptools' output in any ``build``
    folder. Any other ``build`` folder is source: sqlalchemy keeps its Sphinx tree in
    ``doc/build/``."""
    parts = rel.split("/")[:-1]
    for i, part in enumerate(parts):
        if is_skipped_dir(part):
            return True
        if part == "build" and (
            i == 0 or (i + 1 < len(parts) and _BUILD_OUTPUT.match(parts[i + 1]))
        ):
            return True
    return False


def is_test_path(path: PurePosixPath) -> bool:
    """pytest's default file patterns, plus conventional test folders."""
    name = path.name
    if name == "conftest.py":
        return True
    if name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py")):
        return True
    return any(_is_test_dir(part) for part in path.parts[:-1])


def _is_test_dir(name: str) -> bool:
    # typing_tests/, integration_tests/, tests_e2e/: qualified test folders are test code too.
    return name in _TEST_DIRS or name.endswith("_tests") or name.startswith("tests_")


def in_test_material(rel: str) -> bool:
    """Under a test folder or a folder of test inputs (``fixtures/``, ``testdata/``...)."""
    return any(_is_test_dir(p) or p in _TEST_DATA_DIRS for p in rel.split("/")[:-1])


def classify(rel: str, extra_test_globs: tuple[str, ...] = ()) -> FileKind:
    path = PurePosixPath(rel)
    name = path.name
    suffix = path.suffix
    if suffix == ".pyi":
        return FileKind.STUB
    if suffix == ".py":
        if is_test_path(path) or any(fnmatch(rel, g) for g in extra_test_globs):
            return FileKind.TEST
        if len(path.parts) == 1 and name in _AUX_FILES:
            return FileKind.AUX
        if any(part in _AUX_DIRS or part in _TEST_DATA_DIRS for part in path.parts[:-1]):
            return FileKind.AUX
        return FileKind.SOURCE
    if name in _CONFIG_NAMES or path.parts[0] in {".github", ".gitlab", ".circleci"}:
        return FileKind.CONFIG
    if (name.startswith("requirements") or path.parts[0] == "requirements") and suffix in {
        ".txt",
        ".in",
    }:
        return FileKind.CONFIG
    if suffix in {".toml", ".cfg", ".ini", ".yml", ".yaml"}:
        return FileKind.CONFIG
    if suffix in _DOC_SUFFIXES or path.parts[0] in {"docs", "doc"}:
        return FileKind.DOCS
    return FileKind.OTHER
