"""Suppressions with reasons: config (ignore, per-path-ignores), inline comments, expiry;
listed in JSON and SARIF, never dropped. Excludes with gitignore semantics."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from pyreadiness.discover.exclude import DEFAULT_EXCLUDE, exclude_paths
from pyreadiness.errors import UsageError
from pyreadiness.model import Finding, Severity
from pyreadiness.suppress.apply import Matcher, apply
from pyreadiness.suppress.model import Source, SuppressionRule
from pyreadiness.suppress.parse import parse_ignore, parse_per_path, parse_vuln_ignores
from tests.helpers import FIXTURES, check_json, run_cli

FIXTURE = FIXTURES / "core-suppressions"
WHERE = "pyproject.toml"


def _bandit(rule: str, path: str, line: int) -> Finding:
    return Finding(
        check="security", rule=rule, severity=Severity.HIGH, message=rule, path=path, line=line
    )


def test_fixture_findings_suppressions_and_warning(cache_dir: Path) -> None:
    code, report = check_json(FIXTURE, "--select", "security", cache_dir=cache_dir)
    assert code == 0
    assert [(f["rule"], f["path"], f["line"]) for f in report["findings"]] == [
        ("B506", "src/acceptpkg/loader.py", 6),  # its suppression expired
        ("discovery/expired-suppression", "pyproject.toml", None),
        ("B404", "scripts/release.py", 1),  # scripts/** accepts B6*, not B4*
    ]
    assert [
        (s["rule"], s["path"], s["line"], s["source"], s["suppressed_by"], s["until"])
        for s in report["suppressions"]
    ] == [
        ("B602", "scripts/release.py", 5, "config", "security/B6*", None),
        ("B324", "src/acceptpkg/hashing.py", 5, "config", "security/B324", "2099-12-31"),
        ("B101", "src/acceptpkg/loader.py", 5, "inline", "security/B101", None),
    ]
    assert report["suppressions"][2]["reason"] == "callers check first"
    assert report["suppressions"][1]["reason"] == "md5 names cache entries, it protects nothing"
    assert "2020-01-31" in report["findings"][1]["message"]
    # security/B105 accepted nothing although security ran: stale. lint/E501 is not judged,
    # lint did not run.
    assert report["warnings"] == [
        "exclude pattern 'generated/' matches no file (gitignore syntax; folders such as "
        ".venv/, build/ and .git/ are always left out)",
        "suppression 'security/B105' in [tool.pyreadiness] ignore accepted no finding: "
        "remove it, or it will accept a future finding unseen",
    ]
    security = report["checks"][0]
    # vendor/ is left out by the default exclude that extend-exclude keeps.
    assert security["metrics"]["files_scanned"] == 4
    # Accepted bandit issues leave the per-issue density (docs/scoring.md): B506 (medium, its
    # suppression expired) and B404 (low, not under the per-path rule) count: 3 + 0.2 over
    # the 1-KLOC floor = 3.2 per KLOC -> 100 x 0.5^(3.2/10) = 80.1; secrets 100; mean 90.0.
    # Counting all five (two high) it would be 59.9.
    m = security["metrics"]
    assert (m["high"], m["medium"], m["low"], m["accepted"], m["per_kloc"]) == (0, 1, 1, 3, 3.2)
    assert [(c["id"], c["score"]) for c in security["components"]] == [
        ("bandit", 80.1),
        ("secrets", 100.0),
    ]
    assert security["score"] == 90.0
    assert security["summary"].endswith("; 3 accepted bandit issues not counted (suppressed)")


def test_sarif_lists_suppressed_results_with_kind_and_justification(
    cache_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.sarif"
    run = run_cli(
        "check",
        FIXTURE,
        "--select",
        "security",
        "--cache-dir",
        cache_dir,
        "-q",
        "-o",
        f"sarif:{out}",
    )
    assert run.code == 0, run.stderr
    import json

    results = json.loads(out.read_text())["runs"][0]["results"]
    suppressed = [(r["ruleId"], r["suppressions"]) for r in results if "suppressions" in r]
    assert suppressed == [
        (
            "security/B602",
            [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": "maintainer-only release script",
                }
            ],
        ),
        (
            "security/B324",
            [
                {
                    "kind": "external",
                    "status": "accepted",
                    "justification": "md5 names cache entries, it protects nothing",
                }
            ],
        ),
        (
            "security/B101",
            [{"kind": "inSource", "status": "accepted", "justification": "callers check first"}],
        ),
    ]
    assert len(results) == 6
    assert "pyreadiness: warning: exclude pattern 'generated/'" in run.stderr


def test_inline_comment_applies_only_to_its_own_line_and_rule(tmp_path: Path) -> None:
    from pyreadiness.discover.inventory import build_inventory

    (tmp_path / "a.py").write_text(
        "x = 1  # pyreadiness: ignore[security/B101, lint/F401] checked\ny = 2\n"
    )
    inv = build_inventory(tmp_path)
    findings = [
        _bandit("B101", "a.py", 1),
        _bandit("B101", "a.py", 2),  # other line
        _bandit("B102", "a.py", 1),  # other rule
        _bandit("B101", "missing.py", 1),  # not in the inventory
    ]
    out = apply(findings, Matcher((), inv, today=datetime.date(2026, 1, 1)))
    assert [(s.finding.line, s.finding.rule, s.source, s.reason) for s in out.suppressed] == [
        (1, "B101", Source.INLINE, "checked")
    ]
    assert len(out.findings) == 3


def test_until_is_inclusive_and_check_id_matches_every_rule(tmp_path: Path) -> None:
    from pyreadiness.discover.inventory import build_inventory

    inv = build_inventory(tmp_path)
    rule = SuppressionRule(rule="security", until=datetime.date(2027, 1, 31), reason="r")
    f = _bandit("B999", "x.py", 3)
    assert len(apply([f], Matcher([rule], inv, today=datetime.date(2027, 1, 31))).suppressed) == 1
    late = apply([f], Matcher([rule], inv, today=datetime.date(2027, 2, 1)))
    assert late.suppressed == ()
    assert [x.rule for x in late.findings] == ["B999", "discovery/expired-suppression"]


def test_ignore_splits_check_ids_from_rule_suppressions() -> None:
    checks, rules = parse_ignore(
        WHERE, ["vulnerabilities", "security/B307", {"rule": "lint", "reason": "legacy"}]
    )
    assert checks == ("vulnerabilities",)
    assert [(r.rule, r.reason) for r in rules] == [("security/B307", ""), ("lint", "legacy")]
    (per_path,) = parse_per_path(WHERE, {"scripts/**": ["lint/*"]})
    assert (per_path.rule, per_path.paths, per_path.key) == (
        "lint/*",
        ("scripts/**",),
        "per-path-ignores.'scripts/**'",
    )
    (vuln,) = parse_vuln_ignores(WHERE, [{"id": "GHSA-x", "until": "2027-01-31"}])
    assert (vuln.rule, vuln.until) == ("GHSA-x", datetime.date(2027, 1, 31))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([{"rule": "lint/E1", "until": "soon"}], "ignore.until: expected a date like 2027-01-31"),
        ([{"rule": "lint/E1", "why": "x"}], "ignore: unknown key 'why'"),
        ([{"reason": "x"}], "ignore: expected a rule id in 'rule'"),
        ([3], "ignore: expected a rule id or {rule, reason, until}"),
    ],
)
def test_bad_suppression_is_a_usage_error_naming_the_key(value: object, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("{", r"\{").replace("}", r"\}")):
        parse_ignore(WHERE, value)


def test_bad_suppression_in_pyproject_exits_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pyreadiness]\nper-path-ignores = {"scripts/**" = "lint/*"}\n'
    )
    run = run_cli("check", tmp_path, "--select", "lint", "-q")
    assert run.code == 2
    assert "per-path-ignores.'scripts/**': expected a list of rules" in run.stderr


def test_excludes_use_gitignore_semantics_and_extend_adds() -> None:
    paths = ["a/vendor/x.py", "docs/b.md", "src/c.py", "src/gen/d.py", "keep.md"]
    default = exclude_paths(paths, DEFAULT_EXCLUDE, ["*.md", "!keep.md", "gen/"])
    assert default.left_out == ("a/vendor/x.py", "docs/b.md", "src/gen/d.py")
    assert default.unmatched == ()  # the defaults are never "unmatched"
    replaced = exclude_paths(paths, ["src/"], ["nothing-here/"])
    assert replaced.left_out == ("src/c.py", "src/gen/d.py")  # vendor/ measured again
    assert replaced.unmatched == ("nothing-here/",)


def test_exclude_replaces_the_default(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    with (root / "pyproject.toml").open("a") as fh:
        fh.write('exclude = ["scripts/"]\n')
    _, report = check_json(root, "--select", "security", cache_dir=cache_dir)
    # vendor/lib/old.py comes back (B403 import pickle, B301 loads); scripts/ goes.
    assert report["checks"][0]["metrics"]["files_scanned"] == 4
    assert {f["path"] for f in report["findings"]} == {
        "src/acceptpkg/loader.py",
        "pyproject.toml",
        "vendor/lib/old.py",
    }


@pytest.mark.parametrize("fmt", ["rich", "markdown"])
def test_text_reports_say_how_many_were_suppressed(fmt: str, cache_dir: Path) -> None:
    run = run_cli(
        "check", FIXTURE, "--select", "security", "--cache-dir", cache_dir, "-q", "--format", fmt
    )
    assert "3 findings suppressed (2 by configuration, 1 inline)" in run.stdout
    assert "exclude pattern 'generated/' matches no file" in run.stdout


@pytest.mark.slow
def test_a_new_suppression_is_not_hidden_by_the_cached_result(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "security-bandit-high", root)
    _, before = check_json(root, "--select", "security", cache_dir=cache_dir)
    with (root / "pyproject.toml").open("a") as fh:
        fh.write('\n[tool.pyreadiness]\nignore = [{ rule = "security/B324", reason = "r" }]\n')
    _, after = check_json(root, "--select", "security", cache_dir=cache_dir)
    assert before["checks"][0]["metrics"]["high"] == 1
    assert after["checks"][0]["metrics"]["high"] == 0  # not the cached result of the first run
    assert after["checks"][0]["metrics"]["accepted"] == 1
    assert after["checks"][0]["score"] > before["checks"][0]["score"]


def test_inline_reasons_are_made_inert(tmp_path: Path, cache_dir: Path) -> None:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "pkg"\nversion = "1"\n')
    (root / "pkg" / "__init__.py").write_text(
        "def f(x: int) -> int:\n"
        "    assert x  # pyreadiness: ignore[security/B101] ok \x1b[2J\x1b]0;owned\x07 really\n"
        "    return x\n"
    )
    _, report = check_json(root, "--select", "security", cache_dir=cache_dir)
    (suppressed,) = report["suppressions"]
    assert suppressed["source"] == "inline"
    assert "\x1b" not in suppressed["reason"] and "\x07" not in suppressed["reason"]
    assert suppressed["reason"].startswith("ok ") and suppressed["reason"].endswith(" really")


def test_file_names_that_are_not_utf8_can_be_excluded() -> None:
    # pathspec picks its re2 backend when google-re2 is installed, which rejects surrogates.
    odd = "legacy/caf\udce9.py"
    assert exclude_paths([odd, "src/a.py"], (), ["legacy/"]).left_out == (odd,)


def test_unused_suppressions_are_judged_only_for_checks_that_ran(tmp_path: Path) -> None:
    from pyreadiness.suppress.apply import unused_suppressions

    rules = [
        SuppressionRule(rule="security/B101"),  # used
        SuppressionRule(rule="security/B999"),  # security ran: unused
        SuppressionRule(rule="security/B6*", paths=("scripts/**",), key="per-path-ignores"),
        SuppressionRule(rule="lint/E501"),  # lint did not run: cannot tell
        SuppressionRule(rule="*/B101"),  # a wildcard check: cannot tell
        SuppressionRule(rule="security/B102", until=datetime.date(2000, 1, 1)),  # expired
    ]
    from pyreadiness.discover.inventory import build_inventory

    (tmp_path / "a.py").write_text("x = 1\n")
    matcher = Matcher(rules, build_inventory(tmp_path), today=datetime.date(2026, 1, 1))
    apply([_bandit("B101", "a.py", 1)], matcher)
    assert unused_suppressions(matcher, ran={"security", "discovery"}) == (
        "suppression 'security/B999' in [tool.pyreadiness] ignore accepted no finding: "
        "remove it, or it will accept a future finding unseen",
        "suppression 'security/B6*' for scripts/** in [tool.pyreadiness] per-path-ignores "
        "accepted no finding: remove it, or it will accept a future finding unseen",
    )
