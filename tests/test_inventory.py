"""The inventory reads each file once per run, however many parts of the pipeline ask."""

from __future__ import annotations

from pathlib import Path

from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import build_inventory
from tests.helpers import write_tree


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


_BUILD_TREE = dict.fromkeys(
    [
        "doc/build/conf.py",  # sqlalchemy keeps its Sphinx sources in doc/build/
        "doc/build/index.rst",
        "build/lib/pkg/mod.py",  # setuptools output at the root
        "build/notes.txt",
        "packages/core/build/lib/core/mod.py",  # a member's setuptools output
        "packages/core/build/bdist.linux-x86_64/x.py",
        "packages/core/build/temp.linux-x86_64-cpython-312/y.py",
        "pkg/mod.py",
    ],
    "x = 1\n",
)


def test_only_build_output_folders_are_skipped_in_a_walked_tree(tmp_path: Path) -> None:
    """Bug: every folder named build was dropped, so sqlalchemy's doc/build/conf.py (its
    Sphinx configuration) was never seen and the project check said it had no docs build."""
    write_tree(tmp_path, _BUILD_TREE)
    inventory = build_inventory(tmp_path)
    assert inventory.listed_by == "walk"
    assert sorted(f.path for f in inventory.files) == [
        "doc/build/conf.py",
        "doc/build/index.rst",
        "pkg/mod.py",
    ]


def test_only_build_output_folders_are_set_aside_in_a_git_listing(tmp_path: Path) -> None:
    import subprocess

    write_tree(tmp_path, _BUILD_TREE)
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "-A", "-f"], cwd=tmp_path, check=True)
    inventory = build_inventory(tmp_path)
    assert inventory.listed_by == "git"
    assert sorted(f.path for f in inventory.files) == [
        "doc/build/conf.py",
        "doc/build/index.rst",
        "pkg/mod.py",
    ]
    assert sorted(inventory.set_aside) == [
        "build/lib/pkg/mod.py",
        "build/notes.txt",
        "packages/core/build/bdist.linux-x86_64/x.py",
        "packages/core/build/lib/core/mod.py",
        "packages/core/build/temp.linux-x86_64-cpython-312/y.py",
    ]
