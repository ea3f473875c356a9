"""The project checker on one fixture per situation: exact findings and component scores.

Every fixture is a small library (src layout, pyproject.toml, CI matrix, docs/conf.py) that
is in order except for the one situation its name gives, so each test shows what that one
situation costs. End of life is judged on a fixed day (2026-12-06), so results never age.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.project import ProjectChecker, docstrings
from pyreadiness.checkers.project import checker as project_checker
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.discover.profile import detect_profile
from pyreadiness.model import CheckResult, Profile, Status
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES

#: Components of a library that is in order (security-policy, contributing and codeowners
#: only appear when present).
IN_ORDER = {
    "licence": 100.0,
    "readme": 100.0,
    "changelog": 100.0,
    "packaging-metadata": 100.0,
    "python-versions": 100.0,
    "artifacts": 100.0,
    "docs-build": 100.0,
    "docstrings": 100.0,
}
NO_SECURITY_POLICY = ("security-policy-missing", "info", None, None)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """End of life is judged on one fixed day, so these results never age."""
    monkeypatch.setattr(project_checker, "today", lambda: dt.date(2026, 12, 6))


def run_project(name: str, cache_dir: Path) -> CheckResult:
    root = FIXTURES / name
    inventory = build_inventory(root)
    profile = detect_profile(inventory)
    assert profile.profile is Profile.LIBRARY
    ctx = CheckContext(root=root, inventory=inventory, cache=Cache(cache_dir), profile=profile)
    return ProjectChecker().run(ctx)


def components(result: CheckResult) -> dict[str, float]:
    return {c.id: c.score for c in result.components}


def findings(result: CheckResult) -> list[tuple[str, str, str | None, int | None]]:
    return [(f.rule, f.severity.value, f.path, f.line) for f in result.findings]


def test_no_licence_is_high_and_caps_the_overall_score(cache_dir: Path) -> None:
    result = run_project("project-no-licence", cache_dir)
    assert components(result) == {**IN_ORDER, "licence": 0.0, "packaging-metadata": 88.9}
    assert findings(result) == [
        ("licence-missing", "high", None, None),
        NO_SECURITY_POLICY,
        ("metadata-incomplete", "low", "pyproject.toml", 5),
    ]
    # (0 x 30 + 88.9 x 15 + 100 x 55) / 100
    assert result.score == 68.3
    assert result.status is Status.FAILED
    assert [(c.id, c.limit) for c in result.caps] == [("no-licence", 60.0)]
    assert result.metrics["licence_files"] == []


def test_licence_text_and_metadata_disagree(cache_dir: Path) -> None:
    result = run_project("project-licence-mismatch", cache_dir)
    assert components(result) == {**IN_ORDER, "licence": 30.0}
    assert findings(result) == [
        ("licence-mismatch", "medium", "pyproject.toml", 11),
        NO_SECURITY_POLICY,
    ]
    assert "LICENSE is MIT" in result.findings[0].message
    assert result.metrics["licence_ids"] == ["MIT"]
    assert result.metrics["licence_declared"] == ["Apache"]
    assert result.score == 79.0
    assert result.caps == ()


def test_pep639_expression_with_two_licence_files_is_full_marks(cache_dir: Path) -> None:
    result = run_project("project-pep639-expression", cache_dir)
    assert components(result) == {**IN_ORDER, "security-policy": 100.0}
    assert findings(result) == []
    assert result.metrics["licence_files"] == ["LICENSE-APACHE", "LICENSE-MIT"]
    assert result.metrics["licence_ids"] == ["Apache-2.0", "MIT"]
    assert result.metrics["licence_declared"] == ["Apache", "MIT"]
    assert result.score == 100.0


def test_end_of_life_python_claimed(cache_dir: Path) -> None:
    result = run_project("project-eol-python", cache_dir)
    assert components(result) == {**IN_ORDER, "python-versions": 60.0}
    assert findings(result) == [
        NO_SECURITY_POLICY,
        ("python-eol", "medium", "pyproject.toml", 10),  # requires-python >=3.7
        ("python-eol", "low", "pyproject.toml", 14),  # the 3.8 classifier
    ]
    assert "end of life since 2023-06-27" in result.findings[1].message
    assert result.metrics["python_eol"] == ["3.7", "3.8"]
    assert result.score == 96.0


def test_python_claimed_but_untested(cache_dir: Path) -> None:
    result = run_project("project-python-untested", cache_dir)
    assert components(result) == {**IN_ORDER, "python-versions": 85.0}
    assert findings(result) == [
        NO_SECURITY_POLICY,
        ("python-untested", "low", "pyproject.toml", 13),
    ]
    assert result.metrics["python_claimed"] == ["3.11", "3.12", "3.13"]
    assert result.metrics["python_tested"] == ["3.12", "3.13"]
    assert result.score == 98.5


def test_committed_bytecode_and_database(cache_dir: Path) -> None:
    result = run_project("project-committed-artifacts", cache_dir)
    # decay(2 artifacts, half at 2) = 50
    assert components(result) == {**IN_ORDER, "artifacts": 50.0}
    assert findings(result) == [
        NO_SECURITY_POLICY,
        ("artifact-database", "medium", "data/app.sqlite3", None),
        ("artifact-bytecode", "medium", "src/artifacts/helpers.cpython-312.pyc", None),
    ]
    assert result.score == 95.0


def test_readme_of_one_line(cache_dir: Path) -> None:
    result = run_project("project-readme-one-line", cache_dir)
    assert components(result) == {**IN_ORDER, "readme": 20.0}
    assert findings(result) == [("readme-thin", "medium", "README.md", None), NO_SECURITY_POLICY]
    assert result.score == 88.0


def test_codeowners_with_a_missing_path_and_a_bad_owner(cache_dir: Path) -> None:
    result = run_project("project-codeowners-missing-path", cache_dir)
    # 3 of 6 rules route reviews: *, /src/owners/, /docs/
    assert components(result) == {**IN_ORDER, "codeowners": 50.0}
    assert findings(result) == [
        NO_SECURITY_POLICY,
        ("codeowners-unknown-path", "low", ".github/CODEOWNERS", 5),
        ("codeowners-unknown-path", "low", ".github/CODEOWNERS", 6),
        ("codeowners-invalid", "low", ".github/CODEOWNERS", 7),
    ]
    # (100 x 100 + 50 x 2) / 102
    assert result.score == 99.0


def test_docstring_coverage_known_exactly(cache_dir: Path) -> None:
    result = run_project("project-docstring-coverage", cache_dir)
    # Counted: the modules __init__.py, core.py and _internal.py, Engine, start, stop, the
    # name getter, run, parse's implementation: 5 of 9 documented. Not counted: __main__.py,
    # __init__, _private, the setter, the @overload variants, nested(), the private helpers.
    assert result.metrics["docstrings_documented"] == 5
    assert result.metrics["docstrings_total"] == 9
    assert components(result) == {**IN_ORDER, "docstrings": 69.4}  # linear(55.6%, 0, 80)
    assert findings(result) == [NO_SECURITY_POLICY]
    assert result.score == 96.9


def test_a_second_run_parses_no_module(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run_project("project-docstring-coverage", cache_dir)

    def no_parse(data: bytes, path: str) -> object:
        raise AssertionError(f"{path} parsed again despite an unchanged content")

    monkeypatch.setattr(docstrings, "_analyse_bytes", no_parse)
    assert run_project("project-docstring-coverage", cache_dir) == first
