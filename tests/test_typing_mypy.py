"""mypy under the repository's own configuration: exact counts, config handling, no writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pyreadiness.model import Status
from tests.helpers import FIXTURES, tree_digest
from tests.test_typing_coverage import run_typing


def mypy_by_hand(repo: Path, cache: Path, *targets: str) -> list[dict[str, object]]:
    """mypy as a user runs it in the repository (its own config), minus site-packages."""
    proc = subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "mypy",
            "--no-site-packages",
            "--cache-dir",
            str(cache),
            "--output",
            "json",
            "--no-error-summary",
            *targets,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode in (0, 1), proc.stderr
    return [
        item
        for line in proc.stdout.splitlines()
        if (item := json.loads(line))["severity"] == "error"
    ]


def test_third_party_imports_cost_nothing_and_the_rest_is_counted(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-mypy-errors", cache_dir)
    m = result.metrics
    assert m["mypy_errors"] == 4
    assert m["mypy_ignored_imports"] == 3  # nonexistent_vendor_lib (twice), yaml
    assert m["mypy_config"] == "pyproject.toml"
    mypy_findings = [f for f in result.findings if f.rule.startswith("mypy/")]
    assert [(f.rule, f.path, f.line) for f in mypy_findings] == [
        ("mypy/import-not-found", "errpkg/ops.py", 5),  # the project's own errpkg.ghost
        ("mypy/operator", "errpkg/ops.py", 9),
        ("mypy/return-value", "errpkg/ops.py", 13),
        ("mypy/list-item", "errpkg/ops.py", 17),
    ]
    assert mypy_findings[1].help == "https://mypy.readthedocs.io/en/stable/_refs.html#code-operator"
    assert result.reason == ""
    mypy_part = next(c for c in result.components if c.id == "mypy")
    assert mypy_part.detail.startswith("4 mypy errors in ")


@pytest.mark.slow
def test_the_counts_equal_mypy_run_by_hand(cache_dir: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "typing-mypy-errors", repo)
    by_hand = mypy_by_hand(repo, tmp_path / "hand-cache", "errpkg")
    third_party = [
        e
        for e in by_hand
        if str(e["code"]).startswith("import") and '"errpkg' not in str(e["message"])
    ]
    assert (len(by_hand), len(third_party)) == (7, 3)
    result = run_typing(repo, cache_dir)
    assert result.metrics["mypy_errors"] == len(by_hand) - len(third_party)
    assert result.metrics["mypy_ignored_imports"] == len(third_party)
    ours = {(f.path, f.line, f.rule) for f in result.findings if f.rule.startswith("mypy/")}
    theirs = {(e["file"], e["line"], f"mypy/{e['code']}") for e in by_hand if e not in third_party}
    assert ours == theirs


@pytest.mark.slow
def test_strict_configuration_and_its_overrides_are_obeyed(cache_dir: Path, tmp_path: Path) -> None:
    result = run_typing(FIXTURES / "typing-strict-py-typed", cache_dir)
    m = result.metrics
    assert (m["strict"], m["py_typed"], m["mypy_errors"]) == (True, True, 0)
    assert m["mypy_relaxed_checks"] == []  # no third-party import: the config as written
    assert (m["functions"], m["functions_annotated"]) == (5, 4)
    assert {c.id: c.score for c in result.components}["strict"] == 100.0

    # Without the override exempting strictpkg.legacy, strict mypy flags its function:
    # proof that both the strict flag and the override reached mypy.
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "typing-strict-py-typed", repo)
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().split("[[tool.mypy.overrides]]")[0])
    again = run_typing(repo, cache_dir)
    # mypy reports the gap as no-untyped-def; annotation coverage scores it, so it is
    # counted apart, not as a mypy error.
    assert again.metrics["mypy_annotation_gaps"] == 1
    assert again.metrics["mypy_errors"] == 0


def test_src_layout_with_an_ini_configuration(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-src-layout", cache_dir)
    m = result.metrics
    assert m["mypy_config"] == "setup.cfg"
    # generated.py: ignore_errors; vendored_json.py: excluded; mod.py:5 lacks annotations
    assert (m["mypy_errors"], m["mypy_annotation_gaps"]) == (0, 1)
    assert m["mypy_files"] == 3
    assert (m["functions"], m["functions_annotated"]) == (6, 4)
    assert m["packages"] == ["src/srcpkg"]
    parts = {c.id: c for c in result.components}
    assert parts["strict"].score == 50.0  # disallow_untyped_defs without strict
    assert parts["strict"].detail == "setup.cfg sets disallow_untyped_defs but not strict"
    errors = [(f.rule, f.path, f.line) for f in result.findings if f.rule.startswith("mypy/")]
    assert errors == []


@pytest.mark.slow
def test_unparseable_files_are_findings_and_the_rest_is_measured(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-syntax-error", cache_dir)
    m = result.metrics
    newer_parses = sys.version_info >= (3, 12)
    unparsed = {f.path for f in result.findings if f.rule == "typing/syntax-error"}
    assert unparsed == {"synpkg/broken.py"} | (set() if newer_parses else {"synpkg/newer.py"})
    assert m["files_unparsed"] == len(unparsed)
    assert m["functions"] == (5 if newer_parses else 4)  # good.py 3, latin.py 1, newer.py 1
    # good.py imports the broken module, yet mypy is not stopped by its syntax error.
    assert m["mypy_errors"] == 1
    assert result.reason == ""
    broken = next(f for f in result.findings if f.path == "synpkg/broken.py")
    assert broken.line == 1
    assert f"cannot be parsed by Python {sys.version_info[0]}.{sys.version_info[1]}" in (
        broken.message
    )


@pytest.mark.slow
def test_mypy_reads_the_first_config_file_in_its_own_order(cache_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("def f(x: int) -> int:\n    return x\n")
    (tmp_path / "pyproject.toml").write_text("[tool.mypy]\nwarn_unreachable = true\n")
    (tmp_path / "mypy.ini").write_text("[mypy]\nstrict = True\n")
    m = run_typing(tmp_path, cache_dir).metrics
    assert (m["mypy_config"], m["strict"]) == ("mypy.ini", True)

    # A mypy.ini mypy cannot parse is skipped, as mypy does, and reported.
    (tmp_path / "mypy.ini").write_text("[mypy\nstrict = True\n")
    result = run_typing(tmp_path, cache_dir)
    assert (result.metrics["mypy_config"], result.metrics["strict"]) == ("pyproject.toml", False)
    invalid = [f for f in result.findings if f.rule == "typing/mypy-config-invalid"]
    assert [(f.path, f.line) for f in invalid] == [("mypy.ini", 1)]


def test_a_config_mypy_refuses_is_a_finding_and_a_partial_score(
    cache_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("def f(x: int) -> int:\n    return x\n")
    (tmp_path / "pyproject.toml").write_text('[tool.mypy]\npython_version = "2.7"\n')
    result = run_typing(tmp_path, cache_dir)
    assert result.status is Status.PASSED  # annotation coverage still measured: 1 of 1
    assert result.metrics["mypy_errors"] is None
    assert "mypy" not in {c.id for c in result.components}
    assert result.reason.startswith("partial score: mypy part left out (mypy could not run: ")
    assert "Python 2" in result.reason
    config = [f for f in result.findings if f.rule == "typing/mypy-config"]
    assert len(config) == 1
    assert config[0].path == "pyproject.toml"


@pytest.mark.slow
def test_unknown_options_are_reported_against_the_repository_file(
    cache_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "mod.py").write_text("def f(x: int) -> int:\n    return x\n")
    (tmp_path / "pyproject.toml").write_text("[tool.mypy]\nnot_an_option = true\n")
    result = run_typing(tmp_path, cache_dir)
    notes = [f for f in result.findings if f.rule == "typing/mypy-config"]
    assert len(notes) == 1
    assert notes[0].path == "pyproject.toml"
    assert "Unrecognized option: not_an_option" in notes[0].message
    assert notes[0].message.startswith("pyproject.toml: ")  # not our copy's path
    assert result.metrics["mypy_errors"] == 0


STRICT_WITH_MISSING_LIBRARY = """\
from libmissing import Base, deco, make


@deco
def a(x: int) -> int:
    return x


class K(Base):
    pass


def c() -> int:
    return make()


def d() -> int:
    import json

    return json.loads("1")  # type: ignore[no-any-return]
"""


def test_strict_checks_that_only_fire_on_missing_packages_are_relaxed(
    cache_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "app.py").write_text(STRICT_WITH_MISSING_LIBRARY)
    (tmp_path / "pyproject.toml").write_text("[tool.mypy]\nstrict = true\n")
    result = run_typing(tmp_path, cache_dir)
    m = result.metrics
    # In the repository's environment libmissing is installed and typed: none of the
    # untyped-decorator, subclass-Any, no-any-return or unused-ignore errors exist there.
    assert (m["mypy_errors"], m["mypy_ignored_imports"]) == (0, 1)
    assert m["mypy_relaxed_checks"] == [
        "disallow_subclassing_any",
        "disallow_untyped_decorators",
        "warn_return_any",
        "warn_unused_ignores",
    ]


@pytest.mark.slow
def test_without_third_party_imports_strict_applies_in_full(
    cache_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "app.py").write_text(
        "def deco(f):\n    return f\n\n\n@deco\ndef a(x: int) -> int:\n    return x\n"
    )
    (tmp_path / "pyproject.toml").write_text("[tool.mypy]\nstrict = true\n")
    result = run_typing(tmp_path, cache_dir)
    assert result.metrics["mypy_relaxed_checks"] == []
    codes = sorted(f.rule for f in result.findings if f.rule.startswith("mypy/"))
    assert codes == ["mypy/untyped-decorator"]
    assert result.metrics["mypy_annotation_gaps"] == 1


@pytest.mark.slow
def test_two_files_claiming_one_module_name_do_not_stop_mypy(
    cache_dir: Path, tmp_path: Path
) -> None:
    for folder in ("scripts", "tools"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "utils.py").write_text("def f() -> int:\n    return 'x'\n")
    result = run_typing(tmp_path, cache_dir)
    assert result.reason == ""
    assert result.metrics["mypy_files"] == 1
    assert result.metrics["mypy_errors"] == 1
    assert result.metrics["functions"] == 2  # both are still measured


@pytest.mark.slow
def test_mypy_writes_nothing_in_the_repository_and_caches_in_ours(
    cache_dir: Path, tmp_path: Path
) -> None:
    repos = []
    for name in ("one", "two"):
        repo = tmp_path / name
        shutil.copytree(FIXTURES / "typing-mypy-errors", repo)
        before = tree_digest(repo)
        assert run_typing(repo, cache_dir).metrics["mypy_errors"] == 4
        assert tree_digest(repo) == before
        assert not list(repo.rglob(".mypy_cache"))
        repos.append(repo)
    # One incremental cache folder per repository root, so they never evict each other.
    folders = sorted(p for p in (cache_dir / "tools" / "mypy").iterdir() if p.is_dir())
    assert len(folders) == 2
    for folder in folders:
        assert any((folder / "cache").rglob("*"))
        configs = list(folder.glob("mypy-*.toml"))
        assert len(configs) == 1
        assert "errpkg/ops.py" in configs[0].read_text()


def test_errors_in_vendored_code_mypy_follows_into_are_not_counted(
    cache_dir: Path, tmp_path: Path
) -> None:
    vendor = tmp_path / "pkg" / "_vendor"
    vendor.mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text(
        "from pkg._vendor.lib import helper\n\n\ndef f() -> int:\n    return 'x'\n"
    )
    (vendor / "__init__.py").write_text("")
    (vendor / "lib.py").write_text("def helper() -> int:\n    return 'not mine'\n")
    m = run_typing(tmp_path, cache_dir).metrics
    assert (m["mypy_errors"], m["mypy_errors_elsewhere"], m["mypy_files"]) == (1, 1, 1)
