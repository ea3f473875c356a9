"""A missing annotation costs points once: in annotation coverage, not again as a mypy error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, check_json, check_result


@pytest.mark.slow
def test_no_untyped_def_errors_are_not_counted_twice(cache_dir: Path) -> None:
    _, report = check_json(
        FIXTURES / "typing-untyped-defs-counted-once", "--select", "typing", cache_dir=cache_dir
    )
    metrics = check_result(report, "typing")["metrics"]
    # plain `mypy gappkg` here says "Found 3 errors": 2 no-untyped-def + 1 return-value
    assert metrics["mypy_errors"] == 1
    assert metrics["mypy_annotation_gaps"] == 2
    assert metrics["functions"] == 3
    assert metrics["functions_annotated"] == 1
    rules = sorted(f["rule"] for f in report["findings"] if f["rule"].startswith("mypy/"))
    assert rules == ["mypy/return-value"]
