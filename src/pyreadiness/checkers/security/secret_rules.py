"""The hard-coded secret rules: precise, format-anchored patterns plus two keyword rules.

Provider tokens and private keys have a documented shape (a fixed prefix, a fixed length,
a fixed alphabet), so a match is a credential by construction: those rules are CRITICAL.
Two looser rules (a literal value given to a password-like key in a configuration file,
and a password inside a URL) are HIGH and filter out references and placeholders.

Every rule names how many leading characters of a match are public format (``AKIA``,
``ghp_``): the only part of a secret a message may show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyreadiness.checkers.security.secret_filters import is_placeholder
from pyreadiness.model import Severity

#: Bump when a rule changes, so cached whole results are not reused.
RULES_VERSION = "2"


@dataclass(frozen=True, kw_only=True)
class SecretRule:
    id: str
    title: str
    severity: Severity
    pattern: re.Pattern[str]
    anchors: tuple[str, ...]  # one must occur in the text (in the lower-cased line: ASSIGNMENT)
    shown: int = 0  # leading characters of the secret that are public format (WHOLE: all)
    group: int = 0  # the group holding the secret value


def _rule(
    rule_id: str,
    title: str,
    regex: str,
    anchors: tuple[str, ...],
    *,
    shown: int = 0,
    group: int = 0,
    flags: int = 0,
    severity: Severity = Severity.CRITICAL,
) -> SecretRule:
    return SecretRule(
        id=rule_id,
        title=title,
        severity=severity,
        pattern=re.compile(regex, flags),
        anchors=anchors,
        shown=shown,
        group=group,
    )


_B64 = "[A-Za-z0-9+/=]"
#: ``shown`` of a rule whose whole match is format, never secret (a PEM header).
WHOLE = -1

#: Format-anchored rules, most specific first: on one line the first rule that matches wins.
FORMAT_RULES: tuple[SecretRule, ...] = (
    _rule(
        "private-key",
        "private key block",
        # The header must be followed by key material (possibly through "\n" escapes or
        # string quotes), so code that merely compares against the header is not flagged.
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
        # A header's value ends on a character no other branch matches, so the repetition
        # has one way to split a run of blanks or quotes: linear time (no backtracking).
        r"(?=(?:\\[rn]|[\s\"'+]|(?:Proc-Type|DEK-Info|Comment|Version):"
        r"(?:[^\n\\]*[^\s\\\"'+])?)*" + _B64 + "{24})",
        ("PRIVATE KEY",),
        shown=WHOLE,
    ),
    _rule(
        "aws-access-key-id",
        "AWS access key ID",
        r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])",
        ("AKIA", "ASIA", "ABIA", "ACCA"),
        shown=4,
        # An access key ID names a key, it is not the secret half: HIGH (likely), not
        # CRITICAL; the secret access key next to it is the certain leak.
        severity=Severity.HIGH,
    ),
    _rule(
        "aws-secret-access-key",
        "AWS secret access key",
        r"aws_?secret_?access_?key[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
        ("secret", "SECRET", "Secret"),
        flags=re.IGNORECASE,
        group=1,
    ),
    _rule(
        "github-token",
        "GitHub token",
        r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})"
        r"(?![A-Za-z0-9_])",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        shown=4,
    ),
    _rule(
        "gitlab-token",
        "GitLab personal access token",
        r"(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])",
        ("glpat-",),
        shown=6,
    ),
    _rule(
        "slack-token",
        "Slack token",
        r"(?<![A-Za-z0-9])xox[abposr]-[0-9A-Za-z]{8,64}-[0-9A-Za-z-]{8,255}",
        ("xox",),
        shown=5,
    ),
    _rule(
        "slack-webhook",
        "Slack incoming webhook URL",
        r"https://hooks\.slack\.com/services/T[A-Z0-9]{8,16}/B[A-Z0-9]{8,16}/[A-Za-z0-9]{20,64}",
        ("hooks.slack.com",),
        shown=33,
    ),
    _rule(
        "google-api-key",
        "Google API key",
        r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])",
        ("AIza",),
        shown=4,
    ),
    _rule(
        "stripe-secret-key",
        "Stripe live secret key",
        r"(?<![A-Za-z0-9_])(?:sk|rk)_live_[0-9A-Za-z]{24,247}",
        ("_live_",),
        shown=8,
    ),
    _rule(
        "pypi-token",
        "PyPI API token",
        r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1024}",
        ("pypi-AgEIcHlwaS5vcmc",),
        shown=5,
    ),
    _rule(
        "npm-token",
        "npm access token",
        r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])",
        ("npm_",),
        shown=4,
    ),
    _rule(
        "sendgrid-key",
        "SendGrid API key",
        r"(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])",
        ("SG.",),
        shown=3,
    ),
    _rule(
        "openai-key",
        "OpenAI API key",
        # "T3BlbkFJ" is "OpenAI" in base64: present in every OpenAI secret key format.
        r"(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{16,128}T3BlbkFJ[A-Za-z0-9_-]{16,128}",
        ("T3BlbkFJ",),
        shown=3,
    ),
    _rule(
        "azure-storage-key",
        "Azure storage account key",
        r"AccountKey=([A-Za-z0-9+/]{86}==)",
        ("AccountKey=",),
        group=1,
    ),
)

#: ``scheme://user:password@host``: a password inside a connection URL.
URL_CREDENTIALS = _rule(
    "url-credentials",
    "password in a URL",
    r"\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s:/@'\"<>]{1,64}:([^\s:/@'\"<>]{1,128})@"
    r"(\[[0-9A-Fa-f:.]{2,45}\]|[^\s:/?#@'\"<>\[\]]{1,253})",  # any host name, internationalised too
    ("://",),
    group=1,
    severity=Severity.HIGH,
)

#: ``key = value`` / ``key: value`` lines of configuration files (YAML, TOML, INI, .env,
#: properties, JSON); the key decides whether the value is a credential.
ASSIGNMENT = _rule(
    "hardcoded-credential",
    "credential in configuration",
    r"^[ \t]*(?:-[ \t]+|export[ \t]+)?[\"']?([A-Za-z][A-Za-z0-9_.-]{0,80})[\"']?[ \t]*[:=][ \t]*"
    r"(\S[^\n]*)",  # trailing blanks are stripped by config_value (no backtracking here)
    ("pass", "pwd", "secret", "token", "key"),
    flags=re.MULTILINE,
    group=2,
    severity=Severity.HIGH,
)

#: A key is a credential when, lower-cased without ``_.-``, it ends with one of these.
CREDENTIAL_KEYS = (
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "secret",
    "secretkey",
    "apikey",
    "accesskey",
    "privatekey",
    "token",
)

#: Hosts whose credentials only ever reach the developer's own machine.
# Only compared with hosts found in URLs: nothing binds to them.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "[::1]"})  # noqa: S104  # nosec B104

#: Names reserved for documentation and testing (RFC 2606, RFC 6761): credentials for them are
#: examples by definition.
EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
EXAMPLE_TLDS = (".example", ".test", ".invalid", ".localhost")


def is_example_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host in LOCAL_HOSTS or host in EXAMPLE_DOMAINS or host.endswith(EXAMPLE_TLDS):
        return True
    return any(host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


_REFERENCE_STARTS = (
    "$",
    "{",
    "<",
    "!",
    "%",
    "@",
    "[",
    "(",
    "/",
    "./",
    "../",
    "~/",
    "\\",
    # Terraform expressions: var.x, local.x, module.x.y, data.x.y, each.value
    "var.",
    "local.",
    "module.",
    "data.",
    "each.",
)
#: A password *hash* (Django's ``algorithm$...``, passlib's): nothing to revoke, and what a
#: fixture of demo users holds. ``$2b$...``-style hashes already start like a reference.
_HASH_STARTS = ("pbkdf2_", "pbkdf2$", "argon2", "bcrypt", "scrypt", "sha1$", "md5$", "crypt$")
_REFERENCE_PARTS = ("${", "{{", "$(", "%(", "%s", "://", "(", ")", "secrets.", "vault:", "env:")
_NOT_VALUES = frozenset(
    {
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
        "null",
        "none",
        "nil",
        "~",
        "required",
        "optional",
        "password",
        "passwd",
        "secret",
        "token",
        "empty",
        "string",
        "str",
    }
)


def is_credential_key(key: str) -> bool:
    norm = key.lower().replace("_", "").replace("-", "").replace(".", "")
    return norm.endswith(CREDENTIAL_KEYS)


def config_value(raw: str) -> str:
    """The literal value of a config line's right-hand side: unquoted, comment dropped."""
    value = raw.strip().rstrip(",").rstrip()
    if value[:1] not in ("'", '"'):
        # "KEY=value", inside a quoted list item (pytest-env's env = ["SECRET_KEY=x"]).
        value = value.rstrip("'\"")
    if value[:1] in ("'", '"'):
        end = value.find(value[0], 1)
        return value[1:end] if end > 0 else ""
    return re.split(r"\s[#;]", value, maxsplit=1)[0].strip()


def looks_like_literal_secret(value: str) -> bool:
    """False for references (``${X}``, ``{{ x }}``), placeholders, paths, flags, numbers."""
    low = value.lower()
    if len(value) < 6 or any(ch.isspace() for ch in value):
        return False
    if low in _NOT_VALUES or value.isdigit() or len(set(low)) < 3:
        return False
    if value.startswith(_REFERENCE_STARTS) or any(part in low for part in _REFERENCE_PARTS):
        return False
    if low.startswith(_HASH_STARTS):
        return False
    return not is_placeholder(value)


def precision(rule: SecretRule) -> str:
    """SARIF precision: a documented token format matches credentials by construction
    ("very-high"); the keyword rules judge a value by its key and shape ("medium")."""
    return "medium" if rule in (URL_CREDENTIALS, ASSIGNMENT) else "very-high"


#: Every rule, in the order they are tried.
ALL_RULES: tuple[SecretRule, ...] = (*FORMAT_RULES, URL_CREDENTIALS, ASSIGNMENT)
