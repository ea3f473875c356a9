"""The security checker's own rules: the secret rules and bandit's scan problems (bandit's
own tests carry bandit's name, confidence and link on each finding)."""

from __future__ import annotations

from pyreadiness.checkers.security import secret_rules
from pyreadiness.checkers.security.secrets import LEAK_HELP
from pyreadiness.model import RuleDoc

_SCAN = {
    "syntax-error": RuleDoc(
        title="File bandit cannot parse",
        why="bandit skips a file it cannot parse: it is not scanned for security issues.",
        fix="Fix the syntax, or declare the Python it is written for (requires-python).",
        precision="very-high",
    ),
    "not-scanned": RuleDoc(
        title="File bandit could not scan",
        why="bandit failed on this file: it is not scanned for security issues.",
        fix="Read bandit's reason in the message; make the file readable and parseable.",
    ),
    "newer-syntax": RuleDoc(
        title="File uses syntax newer than bandit's Python",
        why="bandit parses with the Python it runs on; this file targets a newer one, so it "
        "was not scanned.",
        fix="Run pyreadiness under the Python the project targets.",
        precision="very-high",
    ),
}

RULES = _SCAN | {
    rule.id: RuleDoc(
        title=f"Hard-coded {rule.title}",
        why="A credential committed to the repository is readable by everyone with access to "
        "it, forever (it stays in the history).",
        fix=LEAK_HELP,
        precision=secret_rules.precision(rule),
    )
    for rule in secret_rules.ALL_RULES
}
