"""The dependencies checker on every fixture: exact score, metrics and findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pyreadiness.checkers.dependencies import DependenciesChecker
from pyreadiness.checkers.interface import CheckContext
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Status
from pyreadiness.testing import run_checker
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES

NO_TOOL = ("no-update-tool", "pyproject.toml", None)


def _ctx(root: Path, cache: Path) -> CheckContext:
    return CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache))


def _run(root: Path, cache: Path) -> CheckResult:
    return run_checker(DependenciesChecker, root, cache_dir=cache)


def _findings(result: CheckResult) -> list[tuple[str, str | None, int | None]]:
    return [(f.rule.removeprefix("dependencies/"), f.path, f.line) for f in result.findings]


def _metrics(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "library", "declared": 0, "pinned": 0, "hashed": 0, "locked": 0, "capped": 0,
        "stale": 0, "lock_files": [], "update_tool": None, "development": 0,
        "development_pinned": 0, "from_folders": [],
    }  # fmt: skip
    base.update(overrides)
    return base


CASES: list[tuple[str, float, dict[str, Any], list[tuple[str, str | None, int | None]]]] = [
    (
        "deps-pep621-uv-lock", 85.7,
        _metrics(declared=2, pinned=2, hashed=2, locked=6, lock_files=["uv.lock"],
                 development=1, development_pinned=1),
        [NO_TOOL],
    ),
    (
        "deps-poetry-lock", 85.7,
        _metrics(declared=1, pinned=1, hashed=1, locked=6, capped=1, lock_files=["poetry.lock"],
                 development=1, development_pinned=1),
        [NO_TOOL],
    ),
    (
        "deps-pdm-lock", 85.7,
        _metrics(declared=1, pinned=1, hashed=1, locked=3, lock_files=["pdm.lock"],
                 development=1, development_pinned=1),
        [NO_TOOL],
    ),
    (
        "deps-pipfile-lock", 82.4,
        _metrics(kind="application", declared=2, pinned=2, hashed=2, locked=3,
                 lock_files=["Pipfile.lock"]),
        [("no-update-tool", "Pipfile", None)],
    ),
    (
        "deps-pylock", 85.7,
        _metrics(declared=1, pinned=1, hashed=1, locked=1, lock_files=["pylock.toml"]),
        [NO_TOOL],
    ),
    (
        "deps-pip-tools-hashes", 82.4,
        _metrics(kind="application", declared=2, pinned=2, hashed=2, locked=5,
                 lock_files=["requirements.txt"]),
        [("no-update-tool", "requirements.in", None)],
    ),
    (
        "deps-requirements-includes", 43.6,
        _metrics(kind="application", declared=3, pinned=2),
        [("no-update-tool", "requirements.txt", None), ("unpinned", "requirements.txt", 3)],
    ),
    (
        "deps-setup-cfg", 64.7,
        _metrics(declared=2, capped=1, development=1),
        [("no-update-tool", "setup.cfg", None)],
    ),
    (
        "deps-setup-py", 47.1,
        _metrics(declared=2),
        [("no-dev-env", "setup.py", None), ("no-update-tool", "setup.py", None)],
    ),
    (
        "deps-hatch-envs", 64.7,
        _metrics(declared=1, development=4),
        [NO_TOOL],
    ),
    (
        "deps-pep735-groups", 64.7,
        _metrics(declared=1, development=2),
        [NO_TOOL],
    ),
    (
        "deps-stale-lock", 79.4,
        _metrics(declared=3, pinned=2, hashed=2, locked=2, stale=1, lock_files=["uv.lock"]),
        [NO_TOOL, ("stale-lock", "pyproject.toml", 11)],
    ),
    (
        "deps-library-caps", 35.3,
        _metrics(declared=4, pinned=1, capped=3),
        [("no-dev-env", "pyproject.toml", None), NO_TOOL, ("exact-pin", "pyproject.toml", 12)],
    ),
    (
        "deps-dependabot", 88.5,
        _metrics(kind="application", declared=2, pinned=2, update_tool="dependabot"),
        [],
    ),
    (
        "deps-dependabot-actions-only", 65.4,
        _metrics(kind="application", declared=2, pinned=2),
        [("update-tool-not-python", ".github/dependabot.yaml", 3)],
    ),
    (
        "deps-renovate", 88.5,
        _metrics(kind="application", declared=2, pinned=2, update_tool="renovate"),
        [],
    ),
    ("deps-zero-deps", 57.1, _metrics(), [("no-dev-env", "pyproject.toml", None)]),
    (
        "deps-undeclared-imports", 0.0,
        _metrics(kind="application"),
        [("undeclared", "tool/main.py", 3)],
    ),
    (
        "deps-malformed-toml", 65.4,
        _metrics(kind="application", declared=1, pinned=1),
        [("malformed-toml", "pyproject.toml", 5), ("no-update-tool", "requirements.txt", None)],
    ),
    (
        "deps-bad-requirement-line", 65.4,
        _metrics(kind="application", declared=2, pinned=2),
        [("no-update-tool", "requirements.txt", None),
         ("bad-requirement", "requirements.txt", 2), ("bad-requirement", "requirements.txt", 3)],
    ),
    (
        "deps-include-cycle", 65.4,
        _metrics(kind="application", declared=3, pinned=3),
        [("no-update-tool", "requirements.txt", None),
         ("include-cycle", "requirements/b.txt", 1)],
    ),
    (
        "deps-include-outside", 65.4,
        _metrics(kind="application", declared=1, pinned=1),
        [("no-update-tool", "requirements.txt", None),
         ("include-outside", "requirements.txt", 1), ("include-outside", "requirements.txt", 2),
         ("include-missing", "requirements.txt", 3)],
    ),
    (
        "deps-foreign-lock", 38.1,
        _metrics(declared=2, lock_files=["poetry.lock", "uv.lock"]),
        [("foreign-lock", "poetry.lock", None), ("no-dev-env", "pyproject.toml", None), NO_TOOL,
         ("foreign-lock", "uv.lock", None)],
    ),
    (
        "deps-pipfile-lock-not-json", 65.4,
        _metrics(kind="application", declared=1, pinned=1),
        [("no-update-tool", "Pipfile", None), ("malformed-lock", "Pipfile.lock", 1)],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fixture", "score", "metrics", "findings"), CASES, ids=[c[0] for c in CASES]
)
def test_fixture(
    fixture: str,
    score: float,
    metrics: dict[str, Any],
    findings: list[tuple[str, str | None, int | None]],
    cache_dir: Path,
) -> None:
    result = _run(FIXTURES / fixture, cache_dir)
    assert result.score == score, [(c.id, c.score, c.detail) for c in result.components]
    assert result.status is (Status.PASSED if score >= 70 else Status.FAILED)
    assert dict(result.metrics) == metrics
    assert _findings(result) == findings


def test_every_lost_point_has_a_component_detail(cache_dir: Path) -> None:
    result = _run(FIXTURES / "deps-stale-lock", cache_dir)
    assert [(c.id, c.weight, c.score) for c in result.components] == [
        ("ranges", 40.0, 100.0),
        ("dev-env", 30.0, 100.0),
        ("lock-fresh", 20.0, 66.7),
        ("update-tool", 15.0, 0.0),
    ]
    assert result.components[2].detail == "uv.lock: 2/3 declared dependencies locked"
    stale = result.findings[1]
    assert stale.message == "attrs>=23 is declared but missing from uv.lock: the lock is stale"


def test_application_is_not_scored_on_caps(cache_dir: Path) -> None:
    result = _run(FIXTURES / "deps-pipfile-lock", cache_dir)
    assert [c.id for c in result.components] == ["reproducible", "lock-fresh", "update-tool"]


def test_malformed_pyproject_says_the_score_is_partial(cache_dir: Path) -> None:
    result = _run(FIXTURES / "deps-malformed-toml", cache_dir)
    assert result.reason == "pyproject.toml could not be read; scored on what could be read"
    assert result.findings[0].severity.value == "high"


def test_unreadable_only_declaration_scores_zero_not_full_marks(
    tmp_path: Path, cache_dir: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'x'\n")
    result = _run(tmp_path, cache_dir)
    reproducible = result.components[0]
    assert (reproducible.id, reproducible.score) == ("reproducible", 0.0)
    assert reproducible.detail == "runtime dependencies unknown: pyproject.toml could not be read"


def test_no_python_and_no_dependency_files_is_skipped(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "README.md").write_text("# nothing here\n")
    result = _run(tmp_path, cache_dir)
    assert result.status is Status.SKIPPED
    assert result.score is None
    assert "no Python" in result.reason


def test_package_mode_false_makes_an_application(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
        '[tool.poetry]\nname = "svc"\npackage-mode = false\n'
        '[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "^2"\n'
    )
    result = _run(tmp_path, cache_dir)
    assert result.metrics["kind"] == "application"
    assert result.metrics["capped"] == 1  # counted, but an application is not scored on it
    assert "no-caps" not in [c.id for c in result.components]


def test_cache_inputs_name_every_dependency_file(cache_dir: Path) -> None:
    root = FIXTURES / "deps-requirements-includes"
    ctx = _ctx(root, cache_dir)
    assert DependenciesChecker().cache_inputs(ctx) == [
        "constraints.txt", "requirements-dev.txt", "requirements.txt", "requirements/base.txt",
    ]  # fmt: skip
    root = FIXTURES / "deps-undeclared-imports"
    ctx = _ctx(root, cache_dir)
    assert DependenciesChecker().cache_inputs(ctx) == ["tool/main.py", "tool/util.py"]


def _repo(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content)
    return root


def test_pip_compile_lock_missing_an_input_requirement_is_stale(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = _repo(
        tmp_path,
        {
            "requirements.in": "django\ncelery\n",
            "requirements.txt": "# autogenerated by pip-compile\n#    pip-compile\ndjango==5.1\n",
        },
    )
    result = _run(root, cache_dir)
    assert result.metrics["stale"] == 1
    assert _findings(result)[-1] == ("stale-lock", "requirements.in", 2)


@pytest.mark.parametrize(
    ("files", "score", "rule", "line"),
    [
        (
            {"renovate.json": '{"enabledManagers": ["npm", "dockerfile"]}'},
            0.0, "update-tool-not-python", None,
        ),
        ({".github/dependabot.yml": "updates:\n  - [unclosed\n"}, 0.0, "malformed-yaml", 3),
        ({"package.json": '{"name": "x", "renovate": {"extends": ["config:base"]}}'}, 100.0,
         None, None),
    ],
)  # fmt: skip
def test_update_tool_variants(
    tmp_path: Path,
    cache_dir: Path,
    files: dict[str, str],
    score: float,
    rule: str | None,
    line: int | None,
) -> None:
    root = _repo(tmp_path, {"requirements.txt": "x==1\n", **files})
    result = _run(root, cache_dir)
    component = result.components[-1]
    assert (component.id, component.score) == ("update-tool", score)
    found = [f for f in _findings(result) if f[0] != "no-update-tool"]
    assert found == ([(rule, next(iter(files)), line)] if rule else [])


def test_empty_lock_is_one_stale_finding_at_the_lock(tmp_path: Path, cache_dir: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "pyproject.toml": (
                '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                '[project]\nname = "p"\ndependencies = ["a", "b"]\n'
            ),
            "uv.lock": "version = 1\nrevision = 3\n",
        },
    )
    result = _run(root, cache_dir)
    assert result.metrics["stale"] == 2
    assert [f for f in _findings(result) if f[0] == "stale-lock"] == [
        ("stale-lock", "uv.lock", None)
    ]
    assert result.components[2].score == 0.0
