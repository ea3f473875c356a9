"""The project's target Python, read once for every checker that parses its code."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.discover.inventory import build_inventory
from pyreadiness.discover.target_python import TargetPython, lower_bound, target_python
from tests.test_lint_config import make_repo


def target_of(tmp_path: Path, files: dict[str, str]) -> TargetPython:
    return target_python(build_inventory(make_repo(tmp_path, files)))


@pytest.mark.parametrize(
    ("files", "minimum", "source", "evidence"),
    [
        (
            {"pyproject.toml": '[project]\nrequires-python = ">=3.10"\n'},
            (3, 10),
            "pyproject.toml",
            "requires-python '>=3.10'",
        ),
        (
            {"setup.cfg": "[options]\npython_requires = >=3.9\n"},
            (3, 9),
            "setup.cfg",
            "python_requires '>=3.9'",
        ),
        (
            {"pyproject.toml": '[tool.ruff]\ntarget-version = "py312"\n'},
            (3, 12),
            "pyproject.toml",
            "ruff target-version 'py312'",
        ),
        (
            {"ruff.toml": 'target-version = "py313"\n'},
            (3, 13),
            "ruff.toml",
            "ruff target-version 'py313'",
        ),
        (
            {".python-version": "3.14.0\n3.12\n"},
            (3, 14),
            ".python-version",
            ".python-version '3.14.0'",
        ),
        # requires-python outranks the others: it is the range the project promises.
        (
            {
                "pyproject.toml": (
                    '[project]\nrequires-python = ">=3.9"\n[tool.ruff]\ntarget-version = "py312"\n'
                ),
                ".python-version": "3.13\n",
            },
            (3, 9),
            "pyproject.toml",
            "requires-python '>=3.9'",
        ),
        # No lower bound in requires-python: the next evidence decides.
        (
            {"pyproject.toml": '[project]\nrequires-python = "<4"\n', ".python-version": "3.12\n"},
            (3, 12),
            ".python-version",
            ".python-version '3.12'",
        ),
        ({".python-version": "system\n"}, None, None, "no target Python declared"),
        ({".python-version": "pypy3.10\n"}, None, None, "no target Python declared"),
        ({"pkg/__init__.py": ""}, None, None, "no target Python declared"),
        ({"pyproject.toml": "[project\n"}, None, None, "no target Python declared"),
    ],
)
def test_evidence_in_order(
    tmp_path: Path,
    files: dict[str, str],
    minimum: tuple[int, int] | None,
    source: str | None,
    evidence: str,
) -> None:
    found = target_of(tmp_path, files)
    assert (found.minimum, found.source, found.evidence) == (minimum, source, evidence)


@pytest.mark.parametrize(
    ("spec", "bound"),
    [
        (">=3.9", (3, 9)),
        ("~=3.12", (3, 12)),
        ("==3.11.*", (3, 11)),
        (">=3.9,>=3.10", (3, 10)),
        (">3.8", (3, 8)),
        ("<4", None),
        ("!=3.0.*", None),
        ("three", None),
    ],
)
def test_lower_bound_of_requires_python(spec: str, bound: tuple[int, int] | None) -> None:
    assert lower_bound(spec) == bound


def test_newer_than_running_compares_with_our_interpreter() -> None:
    assert TargetPython(minimum=(3, 99), source="x", evidence="").newer_than_running
    assert not TargetPython(minimum=(3, 8), source="x", evidence="").newer_than_running
    assert not TargetPython(minimum=None, source=None, evidence="").newer_than_running
    assert TargetPython(minimum=(3, 14), source="x", evidence="").label == "3.14"
