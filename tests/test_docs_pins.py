"""The docs pin pyreadiness the way they tell users to: by commit, never by a tag that does
not exist, and never by the bare PyPI name (which is not this project's)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.helpers import ROOT

DOCS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
    *sorted((ROOT / "docs").rglob("*.yml")),
    ROOT / "ci" / "gitlab" / "pyreadiness.gitlab-ci.yml",
]
# OWNER/pyreadiness@REF, .../OWNER/pyreadiness/REF/..., and the pre-commit rev after its repo.
_ACTION_REF = re.compile(r"OWNER/pyreadiness[@/]([^/\s\"']+)")
_PRECOMMIT_REV = re.compile(
    r"repo: https://github\.com/OWNER/pyreadiness\S*\s*(?:#.*)?\n\s*rev: (\S+)"
)
_SHA = re.compile(r"[0-9a-f]{40}")


def _tags() -> set[str]:
    out = subprocess.run(
        ["git", "-C", str(ROOT), "tag"], capture_output=True, text=True, check=False
    )
    return set(out.stdout.split())


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_pin_of_pyreadiness_is_a_commit_or_an_existing_tag(doc: object) -> None:
    from pathlib import Path

    assert isinstance(doc, Path)
    text = doc.read_text(encoding="utf-8")
    refs = _ACTION_REF.findall(text) + _PRECOMMIT_REV.findall(text)
    tags = _tags()
    bad = [
        r
        for r in refs
        if r not in ("ci", "blob", "tree") and not _SHA.fullmatch(r) and r not in tags
    ]
    assert bad == []


def test_no_doc_installs_the_bare_pypi_name() -> None:
    bare = re.compile(
        r"pip install (?:-\S+ )*pyreadiness(?:[=<>~!\[ ]|$)|PIP_SPEC: \"pyreadiness", re.MULTILINE
    )
    offenders = [
        p.relative_to(ROOT).as_posix() for p in DOCS if bare.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
