"""Shallow clones over file://: a ref, a re-fetch into the same folder, the size limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.fleet.clone import CloneError, CloneLimits, clone_folder, shallow_clone
from pyreadiness.store.gitinfo import read_git_info
from tests.fleet_tools import git, git_repository


def test_a_tag_then_the_default_branch_refetched(tmp_path: Path) -> None:
    origin = git_repository(tmp_path)
    git("tag", "v1", cwd=origin)
    tagged = git("rev-parse", "HEAD", cwd=origin)
    (origin / "NEW.md").write_text("new\n")
    git("add", "NEW.md", cwd=origin)
    git("commit", "-qm", "second", cwd=origin)
    url, clones = f"file://{origin}", tmp_path / "clones"

    at_tag = shallow_clone(url, "v1", clones, CloneLimits())
    assert read_git_info(at_tag).commit == tagged
    assert not (at_tag / "NEW.md").exists()
    assert git("rev-list", "--count", "HEAD", cwd=at_tag) == "1"  # shallow

    head = shallow_clone(url, None, clones, CloneLimits())
    assert head == clone_folder(clones, url, None) != at_tag
    assert (head / "NEW.md").exists()
    (origin / "NEW.md").write_text("changed\n")
    git("commit", "-qam", "third", cwd=origin)
    again = shallow_clone(url, None, clones, CloneLimits())  # the same folder, fetched anew
    assert again == head
    assert (again / "NEW.md").read_text() == "changed\n"
    assert read_git_info(again).commit == git("rev-parse", "HEAD", cwd=origin)


def test_a_clone_over_the_size_limit_is_removed(tmp_path: Path) -> None:
    origin = git_repository(tmp_path)
    url, clones = f"file://{origin}", tmp_path / "clones"
    with pytest.raises(CloneError, match="larger than the clone limit"):
        shallow_clone(url, None, clones, CloneLimits(max_bytes=1))
    assert not clone_folder(clones, url, None).exists()


def test_a_missing_ref_is_a_clone_error(tmp_path: Path) -> None:
    origin = git_repository(tmp_path)
    with pytest.raises(CloneError, match=r"cannot clone file://.*couldn't find remote ref"):
        shallow_clone(f"file://{origin}", "no-such-branch", tmp_path / "c", CloneLimits())
