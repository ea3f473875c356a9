"""Every secret pattern runs in linear time: adversarial input of a few kB, a time limit.

A pattern with nested or overlapping quantifiers can take seconds on one crafted line; the
repository is untrusted, so each pattern is run on inputs built to make it backtrack.
"""

from __future__ import annotations

import time

import pytest

from pyreadiness.checkers.security import secret_rules as rules
from pyreadiness.checkers.security.secrets import _ALLOWLIST

SIZE = 8000
#: Generous for a few kB on a loaded machine; a quadratic pattern takes seconds here.
LIMIT = 0.5

ADVERSARIAL = {
    "spaces": " " * SIZE + "!",
    "letters": "a" * SIZE,
    "blank-run-in-value": "password = a" + " " * SIZE + "b",
    "colons": "x://" + "a:" * (SIZE // 2),
    "url-without-at": "postgres://user:" + "p" * SIZE,
    "key-header-then-blanks": "-----BEGIN RSA PRIVATE KEY-----Proc-Type: x" + " " * SIZE + "!",
    "key-header-quotes": "-----BEGIN RSA PRIVATE KEY-----Comment: x" + '"' * SIZE + "!",
    "key-header-words": "-----BEGIN RSA PRIVATE KEY-----Version: " + "a " * (SIZE // 2) + "!",
    "key-header-escapes": "-----BEGIN RSA PRIVATE KEY-----" + "\\n " * (SIZE // 3) + "!",
    "slack-dashes": "xoxb-aaaaaaaa-" + "a-" * (SIZE // 2),
    "repeated-prefixes": "sk_live_" * (SIZE // 8),
    "openai-without-marker": "sk-" + "A" * SIZE,
    "assignment-keys": "a" * 81 + "=" * SIZE,
    "nosec-comments": "# " * (SIZE // 2) + "nose",
}
PATTERNS = {
    **{rule.id: rule.pattern for rule in rules.FORMAT_RULES},
    rules.URL_CREDENTIALS.id: rules.URL_CREDENTIALS.pattern,
    rules.ASSIGNMENT.id: rules.ASSIGNMENT.pattern,
    "allowlist": _ALLOWLIST,
}


@pytest.mark.parametrize("pattern_id", sorted(PATTERNS))
def test_pattern_is_linear_on_adversarial_input(pattern_id: str) -> None:
    pattern = PATTERNS[pattern_id]
    for name, text in ADVERSARIAL.items():
        start = time.perf_counter()
        for _ in pattern.finditer(text):
            pass
        elapsed = time.perf_counter() - start
        assert elapsed < LIMIT, f"{pattern_id} on {name}: {elapsed:.2f}s"


def test_config_value_is_linear_on_a_run_of_blanks() -> None:
    start = time.perf_counter()
    rules.config_value("a" + " " * SIZE + "b")
    assert time.perf_counter() - start < LIMIT
