"""The typing score measures evidence, not silence: exact components per situation.

Each fixture is named for the situation it shows; the numbers are the documented formula
(docs/checks/typing.md) applied to counts stated in the fixture.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pyreadiness.checkers.typing import scoring
from pyreadiness.checkers.typing.mypy_config import find_repo_config
from pyreadiness.checkers.typing.strictness import STRICT_FULL, STRICT_PARTIAL, strictness
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Severity
from pyreadiness.score.model import decay
from tests.helpers import FIXTURES
from tests.test_lint_config import make_repo
from tests.test_typing_coverage import run_typing


def parts(result: CheckResult) -> dict[str, tuple[float, float]]:
    return {c.id: (c.weight, c.score) for c in result.components}


def mypy_part(errors: int, lines: int, share: float) -> float:
    # The shared curve (score.model.decay: halved every 5 per KLOC, to one decimal).
    return decay(errors * 1000 / lines, half_at=5.0) * share


def test_weights_and_the_mypy_midpoint_are_pinned() -> None:
    weights = (
        scoring.WEIGHT_FUNCTIONS,
        scoring.WEIGHT_SLOTS,
        scoring.WEIGHT_MYPY,
        scoring.WEIGHT_STRICT,
        scoring.WEIGHT_PY_TYPED,
    )
    assert weights == (35.0, 15.0, 35.0, 10.0, 5.0)
    assert scoring.MYPY_HALF_DENSITY == 5.0
    assert scoring.mypy_score(5, 1000) == (50.0, 5.0)  # the midpoint: 5 errors per KLOC
    assert scoring.mypy_score(10, 1000) == (25.0, 10.0)
    assert (STRICT_FULL, STRICT_PARTIAL) == (100.0, 50.0)


def test_mypy_silence_on_unannotated_code_is_no_evidence(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-unannotated-mypy-silent", cache_dir)
    assert result.metrics["mypy_errors"] == 0
    assert result.metrics["annotation_slot_coverage"] == 0.0
    assert parts(result) == {
        "annotated-functions": (35.0, 0.0),
        "annotated-slots": (15.0, 0.0),
        "mypy": (35.0, 0.0),  # 100 for no error, times 0% of slots filled
        "strict": (10.0, 0.0),
        "py-typed": (5.0, 0.0),
    }
    assert result.score == 0.0


@pytest.mark.slow
def test_pyright_strict_counts_as_strict(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-pyright-strict", cache_dir)
    assert parts(result)["strict"] == (10.0, 100.0)
    strict = {c.id: c for c in result.components}["strict"]
    assert strict.detail == 'pyproject.toml [tool.pyright] sets typeCheckingMode = "strict"'
    assert (result.metrics["strict"], result.metrics["strict_source"]) == (
        True,
        "pyproject.toml [tool.pyright]",
    )
    assert not [f for f in result.findings if f.rule == "typing/not-strict"]
    assert result.score == 100.0


@pytest.mark.slow
def test_pyrightconfig_json_with_comments_in_all_mode_counts_as_strict(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-pyrightconfig-json-strict", cache_dir)
    strict = {c.id: c for c in result.components}["strict"]
    assert (strict.score, strict.detail) == (
        100.0,
        'pyrightconfig.json sets typeCheckingMode = "all"',
    )
    assert result.score == 95.0  # no py.typed: 5 of 100


@pytest.mark.parametrize(
    ("files", "score", "strict"),
    [
        ({"pyproject.toml": '[tool.basedpyright]\ntypeCheckingMode = "strict"\n'}, 100.0, True),
        ({"pyproject.toml": '[tool.basedpyright]\ntypeCheckingMode = "standard"\n'}, 0.0, False),
        ({"pyproject.toml": '[tool.pyright]\nstrict = ["src/core"]\n'}, 50.0, False),
        ({"pyrightconfig.json": '{"typeCheckingMode": "strict"'}, 0.0, False),  # not JSON
        (
            {
                "pyproject.toml": "[tool.mypy]\ndisallow_untyped_defs = true\n"
                '[tool.pyright]\ntypeCheckingMode = "strict"\n'
            },
            100.0,
            True,
        ),
    ],
)
def test_strictness_of_each_contract(
    tmp_path: Path, files: dict[str, str], score: float, strict: bool
) -> None:
    inventory = build_inventory(make_repo(tmp_path, {"pkg/__init__.py": "", **files}))
    found = strictness(inventory, find_repo_config(inventory))
    assert (found.score, found.strict) == (score, strict)


@pytest.mark.slow
def test_untyped_call_is_the_missing_annotation_not_a_second_error(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-untyped-call-counted-once", cache_dir)
    m = result.metrics
    # plain mypy: 5 errors; no-untyped-def once and no-untyped-call twice are one gap,
    # which annotation coverage already charges.
    assert (m["mypy_errors"], m["mypy_annotation_gaps"]) == (2, 3)
    rules = sorted(f.rule for f in result.findings if f.rule.startswith("mypy/"))
    assert rules == ["mypy/no-any-return", "mypy/return-value"]
    assert parts(result)["mypy"][1] == pytest.approx(mypy_part(2, 11, 4 / 6))


def test_a_stubbed_public_api_is_the_typed_surface(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-stubbed-public-api", cache_dir)
    m = result.metrics
    # Measured: surface/__init__.pyi (2 functions, 5 slots, all typed) and the public
    # surface/version.py without a stub (1 function, 1 slot, untyped). Not measured: the
    # private _helpers.py and _impl/ behind the stub.
    assert (m["modules"], m["modules_from_stubs"], m["implementation_modules"]) == (2, 1, 3)
    assert (m["functions"], m["functions_annotated"]) == (3, 2)
    assert (m["annotation_slots"], m["annotation_slots_filled"]) == (6, 5)
    assert (m["mypy_files"], m["mypy_errors"]) == (2, 0)
    assert parts(result) == {
        "annotated-functions": (35.0, pytest.approx(200 / 3)),
        "annotated-slots": (15.0, pytest.approx(500 / 6)),
        "mypy": (35.0, pytest.approx(500 / 6)),
        "strict": (10.0, 0.0),
        "py-typed": (5.0, 100.0),
    }
    unannotated = [f.path for f in result.findings if f.rule == "typing/unannotated"]
    assert unannotated == ["surface/version.py"]


@pytest.mark.slow
def test_the_projects_own_mypy_files_decide_its_scope(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-mypy-files-scope", cache_dir)
    m = result.metrics
    assert m["mypy_scope"] == "the project's files/packages/modules in pyproject.toml"
    assert (m["modules"], m["mypy_files"], m["mypy_errors"]) == (2, 1, 1)
    [error] = [f for f in result.findings if f.rule.startswith("mypy/")]
    assert (error.rule, error.path, error.line) == (
        "mypy/return-value",
        "src/scoped/__init__.py",
        6,
    )


@pytest.mark.parametrize(
    ("mypy", "files", "checked"),
    [
        ('packages = ["pkg.core"]', 1, "pkg/core.py"),
        ('modules = ["tool"]', 1, "tool.py"),
        ('files = "pkg/c*.py"', 1, "pkg/core.py"),
        ('files = ["nowhere"]', 3, None),  # names no shipped module: every module is checked
        ('files = ["/etc"]', 3, None),  # outside the repository: ignored
    ],
)
def test_scope_entries(tmp_path: Path, mypy: str, files: int, checked: str | None) -> None:
    from pyreadiness.checkers.interface import CheckContext
    from pyreadiness.checkers.typing.plan import plan_mypy
    from pyreadiness.tools.cache import Cache

    root = make_repo(
        tmp_path / "repo",
        {
            "pyproject.toml": f"[tool.mypy]\n{mypy}\n",
            "pkg/__init__.py": "",
            "pkg/core.py": "X = 1\n",
            "tool.py": "Y = 2\n",
        },
    )
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(tmp_path / "c"))
    plan = plan_mypy(ctx)
    assert len(plan.mypy_files) == files
    if checked is not None:
        assert plan.mypy_files == (checked,)


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="Python 3.14 parses the fixture")
@pytest.mark.slow
def test_newer_syntax_of_the_target_python_is_an_info_finding(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-newer-syntax-target", cache_dir)
    [newer] = [f for f in result.findings if f.path == "nextpkg/modern.py"]
    assert (newer.rule, newer.severity, newer.line) == ("typing/newer-syntax", Severity.INFO, 4)
    assert "the Python 3.14 the project targets (requires-python '>=3.14' in pyproject.toml)" in (
        newer.message
    )
    assert (result.metrics["files_unparsed"], result.metrics["mypy_files"]) == (1, 1)
