"""Fingerprints, baseline files and the baseline gate, on hand-built reports."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pyreadiness.baseline.compare import adopt, compare, with_baseline_gate
from pyreadiness.baseline.fingerprint import (
    SourceLines,
    fingerprint,
    normalize_message,
    occurrence_keys,
)
from pyreadiness.baseline.model import (
    baseline_from_report,
    baseline_to_dict,
    read_baseline,
    write_baseline,
)
from pyreadiness.errors import UsageError
from pyreadiness.model import Finding, Pillar, Severity
from pyreadiness.score.aggregate import PillarScore
from pyreadiness.score.gate import GateOutcome, GateThresholds
from tests.report_samples import FINDINGS, sample_report, write_tree

F401 = FINDINGS[0]


def test_message_normalisation_blanks_line_references_only() -> None:
    assert normalize_message("2 of 4 functions: run (line 7), load (line 11)") == (
        "2 of 4 functions: run (line N), load (line N)"
    )
    assert normalize_message("defined at src/app.py:12:5 and  lines 3-7") == (
        "defined at src/app.py:N and lines N"
    )
    assert normalize_message("python:3.12 image, CVE-2024-1234") == (
        "python:3.12 image, CVE-2024-1234"
    )


def test_fingerprint_ignores_line_numbers_and_indentation_not_content() -> None:
    moved = replace(F401, line=40)
    assert fingerprint(F401, "import os") == fingerprint(moved, "    import  os")
    assert fingerprint(F401, "import os") != fingerprint(F401, "import sys")
    assert fingerprint(F401, "import os") != fingerprint(replace(F401, path="b.py"), "import os")
    assert fingerprint(F401, "import os") != fingerprint(replace(F401, rule="F811"), "import os")
    assert len(fingerprint(F401, "")) == 32


def test_source_lines_never_leave_the_root(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "repo")
    (tmp_path / "secret.txt").write_text("outside\n", encoding="utf-8")
    lines = SourceLines(root)
    assert lines.line("pkg/app.py", 5) == "    return eval(command)"
    assert lines.line("../secret.txt", 1) == ""
    assert lines.line(str(tmp_path / "secret.txt"), 1) == ""
    assert lines.line("pkg/app.py", 99) == ""
    assert lines.line("missing.py", 1) == ""


def test_occurrence_keys_number_identical_findings_in_line_order() -> None:
    a, b, c = replace(F401, line=9), replace(F401, line=2), replace(F401, path="x.py")
    keys = occurrence_keys([a, b, c], ["p", "p", "q"])
    assert keys == ["p:2", "p:1", "q:1"]


def test_baseline_file_round_trip_is_deterministic(tmp_path: Path) -> None:
    report = sample_report(write_tree(tmp_path / "repo"))
    out = tmp_path / "base.json"
    write_baseline(baseline_from_report(report), out)
    text = out.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["schema_version"] == "1"
    assert data["score"] == 61.5
    assert data["pillars"] == {"maintainability": 55.0, "security": 60.0, "testing": None}
    assert data["checks"]["lint"] == 55.0
    assert len(data["findings"]) == len(FINDINGS)
    assert str(tmp_path) not in text  # no absolute paths
    again = read_baseline(out)
    assert baseline_to_dict(again) == data


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("not json", "is not valid JSON"),
        ("[]", "must hold a JSON object"),
        ('{"schema_version": "9"}', "schema_version '9' is not supported"),
        ('{"schema_version": "1", "fingerprint_version": "0"}', "fingerprint recipe '0'"),
        (
            '{"schema_version": "1", "fingerprint_version": "2", "findings": [{}]}',
            "findings[0].fingerprint must be a string",
        ),
        (
            '{"schema_version": "1", "fingerprint_version": "2", "score": "high", "findings": []}',
            "score must be a number or null",
        ),
    ],
)
def test_malformed_baseline_is_a_usage_error(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "base.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=r"not a pyreadiness baseline|not valid JSON") as err:
        read_baseline(path)
    assert says in str(err.value)


def test_missing_baseline_names_the_command_that_makes_one(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="pyreadiness baseline"):
        read_baseline(tmp_path / "nope.json")


def test_unchanged_report_passes(tmp_path: Path) -> None:
    report = sample_report(write_tree(tmp_path))
    comparison = compare(report, baseline_from_report(report))
    assert comparison.passed
    assert (comparison.new, comparison.fixed, comparison.unchanged) == ((), (), len(FINDINGS))
    gated = with_baseline_gate(report, comparison)
    assert gated.gate == GateOutcome(
        passed=True,
        reasons=("no new findings and no score drop beyond 2 points against the baseline",),
    )


def test_new_fixed_and_duplicate_findings_are_counted_as_a_multiset(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    baseline = baseline_from_report(sample_report(root))
    twice = (*FINDINGS[1:], replace(F401, line=1), replace(F401, line=1))  # one more F401
    comparison = compare(sample_report(root, findings=twice), baseline)
    assert comparison.new == (F401,)
    assert comparison.fixed == ()
    fixed = compare(sample_report(root, findings=FINDINGS[1:]), baseline)
    assert [b.rule for b in fixed.fixed] == ["F401"]
    assert fixed.passed


def test_score_drops_beyond_the_tolerance_fail(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    before = sample_report(root)
    baseline = baseline_from_report(before)
    lower = replace(
        before,
        score=59.5,  # -2.0: within the default tolerance
        pillars=(
            PillarScore(
                pillar=Pillar.MAINTAINABILITY, score=52.9, grade="F", weight=20, checks=("lint",)
            ),  # -2.1: beyond it
        ),
    )
    comparison = compare(lower, baseline)
    assert comparison.regressions == (
        "pillar maintainability score 52.9 dropped 2.1 points below the baseline 55 (tolerance 2)",
        "pillar security could not be measured (baseline 60)",
    )
    assert compare(lower, baseline, tolerance=5).regressions == (
        "pillar security could not be measured (baseline 60)",
    )
    unmeasured = compare(replace(before, score=None), baseline)
    assert unmeasured.regressions == ("overall could not be measured (baseline 61.5)",)


def test_thresholds_still_apply_with_a_baseline(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    failing = sample_report(
        root, gate=GateOutcome(passed=False, reasons=("overall score 61.5 is below 70",))
    )
    failing = replace(failing, thresholds=GateThresholds(fail_under=70))
    gated = adopt(failing, baseline=baseline_from_report(failing))
    assert gated.comparison is not None and gated.comparison.passed
    assert gated.gate == GateOutcome(passed=False, reasons=("overall score 61.5 is below 70",))


def test_new_findings_are_named_in_the_gate(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    baseline = baseline_from_report(sample_report(root, findings=FINDINGS[1:]))
    gated = adopt(sample_report(root), baseline=baseline)
    assert not gated.gate.passed
    assert gated.gate.reasons == (
        "1 new finding(s) not in the baseline",
        "new: F401 at pkg/app.py:1: `os` imported but unused",
    )


def test_findings_outside_the_scope_are_neither_new_nor_fixed(tmp_path: Path) -> None:
    root = write_tree(tmp_path)
    baseline = baseline_from_report(sample_report(root, findings=FINDINGS[1:]))
    extra = Finding(
        check="lint", rule="E999", severity=Severity.HIGH, message="x", path="pkg/app.py", line=4
    )
    report = sample_report(root, findings=(*FINDINGS, extra))
    comparison = compare(report, baseline, in_scope=lambda f: f.line == 4)
    assert comparison.new == (extra,)  # F401 on line 1 is new but outside the changed lines
    assert comparison.fixed == ()
