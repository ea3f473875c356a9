"""Grouped findings (one per file, with a count in the message) keep their identity.

"1 of 2 functions lack complete annotations" becomes "2 of 3 ..." when one more
unannotated function is added: the baseline must call that the same finding, not one
new finding plus one fixed.
"""

from __future__ import annotations

from pathlib import Path

from pyreadiness.baseline.fingerprint import fingerprint
from pyreadiness.model import Finding, Severity
from tests.helpers import run_cli

MODULE = '''"""A module."""


def typed(x: int) -> int:
    return x


def untyped(x):
    return x
'''


def _grouped(message: str, line: int) -> Finding:
    return Finding(
        check="typing",
        rule="typing/unannotated",
        severity=Severity.LOW,
        message=message,
        path="pkg/mod.py",
        line=line,
        grouped=True,
    )


def test_grouped_fingerprint_ignores_counts_examples_and_line() -> None:
    before = _grouped("1 of 2 functions lack complete annotations: untyped (line 8)", 8)
    after = _grouped("2 of 3 functions lack complete annotations: new (line 4), untyped", 4)
    assert fingerprint(before, "def untyped(x):") == fingerprint(after, "def new(y):")


def test_ungrouped_fingerprint_still_reads_the_message() -> None:
    one = Finding(check="lint", rule="F401", severity=Severity.LOW, message="`os` unused")
    other = Finding(check="lint", rule="F401", severity=Severity.LOW, message="`sys` unused")
    assert fingerprint(one, "import os") != fingerprint(other, "import os")


def test_one_more_unannotated_function_is_no_new_finding(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[project]\nname = "pkg"\nversion = "1"\n', "utf-8")
    (repo / "pkg" / "__init__.py").write_text("", "utf-8")
    mod = repo / "pkg" / "mod.py"
    mod.write_text(MODULE, "utf-8")
    base = tmp_path / "base.json"
    cache = tmp_path / "cache"
    common = ("-q", "--select", "typing", "--cache-dir", cache)
    made = run_cli("baseline", repo, "-o", base, *common)
    assert made.code == 0, made.stderr

    mod.write_text(MODULE + "\n\ndef another(y):\n    return y\n", "utf-8")
    run = run_cli("check", repo, "-f", "json", "--baseline", base, *common)
    report = run.json()
    grouped = [f for f in report["findings"] if f["rule"] == "typing/unannotated"]
    assert [f["message"].split(":")[0] for f in grouped] == [
        "2 of 3 functions lack complete annotations"
    ]
    assert report["baseline"]["new"] == []
    assert report["baseline"]["fixed"] == []
