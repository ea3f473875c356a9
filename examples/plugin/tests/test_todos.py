"""The todos check on small folders, through pyreadiness.testing (as any plugin's tests)."""

from __future__ import annotations

from pathlib import Path

from pyreadiness_todos import TodoChecker

from pyreadiness.testing import assert_result, run_checker


def _repo(root: Path, source: str) -> Path:
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text(source)
    (root / "pyproject.toml").write_text("[project]\nname = 'pkg'\nversion = '1'\n")
    return root


def test_markers_in_comments_are_findings(tmp_path: Path) -> None:
    # 10 lines, 1 marker: 100 per KLOC; at half-at 100 that is exactly half marks.
    source = "# TODO: one\n" + "X = 1\n" * 8 + 'Y = "FIXME in a string"\n'
    result = run_checker(TodoChecker, _repo(tmp_path / "repo", source), options={"half-at": 100})
    assert_result(
        result,
        status="failed",
        score=50.0,
        findings={"todos/marker": 1},
        components={"marker-density": 50.0},
    )


def test_no_markers_full_marks(tmp_path: Path) -> None:
    result = run_checker(TodoChecker, _repo(tmp_path / "repo", "X = 1\n"))
    assert_result(result, status="passed", score=100.0, findings={})


def test_no_source_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    result = run_checker(TodoChecker, tmp_path / "repo")
    assert_result(result, status="skipped", reason="no shipped Python source")
