"""The inventory reads each file once per run, however many parts of the pipeline ask."""

from __future__ import annotations

from pathlib import Path

from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import build_inventory


def test_configuration_read_for_classification_is_not_read_again(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npython_files = ["check_*.py"]\n'
    )
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "check_math.py").write_text("def test_add() -> None:\n    pass\n")
    inventory = build_inventory(tmp_path)
    # the repository's python_files made check_math.py a test file...
    assert inventory.get("pkg/check_math.py").kind is FileKind.TEST  # type: ignore[union-attr]
    # ...and the pyproject.toml parsed to learn that is served from memory afterwards:
    (tmp_path / "pyproject.toml").write_text("this is no longer TOML [")
    doc = inventory.toml("pyproject.toml")
    assert doc is not None and doc.error is None
    assert doc.data == {"tool": {"pytest": {"ini_options": {"python_files": ["check_*.py"]}}}}
