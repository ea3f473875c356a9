"""Regular expressions never backtrack without bound: the repository's and our own."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pyreadiness.checkers.security import secret_rules
from pyreadiness.discover.repo_regex import UnsafePattern, compile_repo_regex
from tests.hostile.harness import check, minimal_repo, status_of

#: Lines built to make a backtracking matcher work quadratically or worse on each rule.
ADVERSARIAL = {
    "spaces": "password = x" + " " * 50_000 + "y",
    "tabs": "token: a" + "\t " * 25_000 + "!",
    "sk-run": "sk-" * 17_000,
    "sk-long": "sk-" + "a" * 50_000,
    "xox": "xoxb-" + "a" * 25_000 + "-" * 25_000,
    "begin": "-----BEGIN " + "A " * 25_000,
    "key-lines": "-----BEGIN RSA PRIVATE KEY-----" + "\\n " * 16_000,
    "url": "https://" + "a" * 60 + ":" + "b:" * 25_000,
    "scheme": ("a" * 20 + "://") * 2_000,
    "akia": "AKIA" * 12_500,
    "equals": "=" * 50_000,
    "quotes": "'\"" * 25_000,
    "assign-chain": "a=" * 25_000,
    "slack": "https://hooks.slack.com/services/T" + "A" * 50_000,
    "azure": "AccountKey=" + "A" * 50_000,
    "pypi": "pypi-AgEIcHlwaS5vcmc" * 2_500,
    "mixed": "x = '" + "ab1+/=" * 8_000 + "'",
}
RULES = {
    rule.id: rule.pattern
    for rule in (*secret_rules.FORMAT_RULES, secret_rules.URL_CREDENTIALS, secret_rules.ASSIGNMENT)
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_our_secret_patterns_are_linear_on_adversarial_lines(rule: str) -> None:
    pattern = RULES[rule]
    for name, line in ADVERSARIAL.items():
        started = time.process_time()
        pattern.search(line)
        spent = time.process_time() - started
        # Linear: ~50 kB in well under a millisecond each; quadratic: seconds.
        assert spent < 0.25, f"{rule} on {name}: {spent:.2f} s of CPU for {len(line)} characters"


def test_repository_patterns_run_in_linear_time() -> None:
    search = compile_repo_regex("(a+)+$")
    started = time.process_time()
    assert not search("a" * 5_000 + "!")
    assert time.process_time() - started < 0.25
    with pytest.raises(UnsafePattern):
        compile_repo_regex("(a)\\1")  # backreferences need backtracking: refused
    with pytest.raises(UnsafePattern):
        compile_repo_regex("x" * 5_000)


def test_a_catastrophic_mypy_exclude_does_not_hang_the_run(tmp_path: Path) -> None:
    deep = "/".join(["a" * 30] * 8)
    repo = minimal_repo(
        tmp_path / "repo",
        {
            f"src/victim/{deep}/mod.py": "X = 1\n",
            "mypy.ini": "[mypy]\nexclude = (a|aa|a*)+(x|b)$\n",
        },
    )
    outcome = check(repo, tmp_path / "cache", "--select", "typing", time_limit=60)
    assert status_of(outcome.json(), "typing") in ("passed", "failed")


def test_verbose_patterns_as_mypy_documents_them_still_apply() -> None:
    search = compile_repo_regex("(?x)(\n    ^src/pkg/vendored_  # vendored\n  | ^build/\n)")
    assert search("src/pkg/vendored_json.py")
    assert search("build/x.py")
    assert not search("src/pkg/mod.py")


@pytest.mark.parametrize(
    "line",
    [
        "from " + "a" * 50_000 + "!",
        "from " + "a." * 25_000 + "!",
        "from a" + " " * 50_000 + "!",
        "import " + "a, " * 16_000 + "(",
        "from a." + "b" * 50_000 + " !",
    ],
    ids=["from-name", "from-dots", "from-spaces", "import-list", "from-dotted"],
)
def test_reading_a_test_modules_imports_is_linear(line: str) -> None:
    """Bug: a monorepo member's tests are found by reading the imports of the root's test
    modules (discover/subproject.py); the first pattern backtracked quadratically on a
    long `from` line (20,000 characters: 2.6 s; a 5 MiB file: hours)."""
    from pyreadiness.discover.subproject import imported_tops

    started = time.process_time()
    imported_tops(line + "\n" + line)
    spent = time.process_time() - started
    assert spent < 0.25, f"{spent:.2f} s of CPU for {len(line)} characters"
