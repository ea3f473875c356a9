"""The workflow examples in the docs are the files .ci/run lints (actionlint, zizmor).

Each ``<!-- example: PATH -->`` marker in a doc is followed by a fenced block that must be
that file's text exactly, so what users copy is what was linted.
"""

from __future__ import annotations

import re

from tests.helpers import ROOT

_EXAMPLE = re.compile(r"<!-- example: (\S+)[^>]*-->\n```\w*\n(.*?)```\n", re.DOTALL)
EXAMPLES = ROOT / "docs" / "examples"


def test_docs_show_the_linted_example_files_verbatim() -> None:
    shown: dict[str, str] = {}
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for path, block in _EXAMPLE.findall(doc.read_text(encoding="utf-8")):
            shown[path] = block
            assert block == (ROOT / path).read_text(encoding="utf-8"), f"{doc.name}: {path}"
    files = {p.relative_to(ROOT).as_posix() for p in EXAMPLES.glob("*.yml")}
    assert files == set(shown), "every example file is shown in a doc, and only those"


def test_every_workflow_we_publish_is_linted_in_ci() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "zizmor --offline" in run
    assert "actionlint" in run
    for target in ("action.yml", ".github/workflows/*.yml", "docs/examples/*.yml"):
        assert target in run, target
