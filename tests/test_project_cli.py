"""The project checker through the command line: explain, a JSON report, a warm run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, check_json, check_result, run_cli


@pytest.mark.slow
def test_explain_project_documents_every_component() -> None:
    run = run_cli("explain", "project")
    assert run.code == 0
    assert run.stdout.startswith("project: ")
    assert "pillar: governance" in run.stdout
    text = " ".join(run.stdout.split())
    for component in ("licence 30", "readme 15", "packaging-metadata 15", "docstrings 10"):
        assert component in text


def test_check_select_project_reports_and_caches(cache_dir: Path) -> None:
    fixture = FIXTURES / "project-no-licence"
    code, report = check_json(fixture, "--offline", "--select", "project", cache_dir=cache_dir)
    assert code == 0  # no gate configured for the fixture
    result = check_result(report, "project")
    assert (result["status"], result["score"]) == ("failed", 68.3)
    ours = [f["rule"] for f in report["findings"] if f["check"] == "project"]
    assert ours == ["licence-missing", "metadata-incomplete", "security-policy-missing"]
    assert [p["id"] for p in report["pillars"] if p["score"] is not None] == ["governance"]
    _, again = check_json(fixture, "--offline", "--select", "project", cache_dir=cache_dir)
    assert again["timings"]["checks"]["project"]["cached"] is True
    assert check_result(again, "project")["score"] == 68.3
