"""The secret rules, one by one: what they catch, what they leave alone, what they show.

Token-shaped values are assembled at run time so this file holds no literal credential.
"""

from __future__ import annotations

import binascii
import json
from pathlib import Path

import pytest

from pyreadiness.checkers.security.secret_files import secret_paths
from pyreadiness.checkers.security.secret_filters import base62
from pyreadiness.checkers.security.secrets import NAMESPACE, SecretScan, scan_secrets
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import Severity
from pyreadiness.tools.cache import Cache

ALNUM = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z" * 4


def checksummed(prefix: str, body: str) -> str:
    """A token of GitHub's / npm's format: 30 random characters and their base62 CRC32."""
    return prefix + body + base62(binascii.crc32(body.encode()))


B64 = "MIIEpAIBAAKCAQEAx9" + "Zq8Lr2Vb" * 8


def scan(tmp_path: Path, files: dict[str, str], cache: Cache | None = None) -> SecretScan:
    root = tmp_path / "repo"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    inventory = build_inventory(root)
    return scan_secrets(inventory, secret_paths(inventory), cache)


TOKENS = {
    "aws-access-key-id": "AKIA" + "Q7RZ2MXK4PLA9WND",
    "github-token": checksummed("ghp_", ALNUM[:30]),
    "gitlab-token": "glpat-" + ALNUM[:20],
    "slack-token": "xoxb-" + "1234567890-" + ALNUM[:24],
    "slack-webhook": "https://hooks.slack.com/services/" + "T0ABCDEFG/B0ABCDEFG/" + ALNUM[:24],
    "google-api-key": "AIza" + ALNUM[:35],
    "stripe-secret-key": "sk_" + "live_" + ALNUM[:24],
    "pypi-token": "pypi-" + "AgEIcHlwaS5vcmc" + ALNUM[:60],
    "npm-token": checksummed("npm_", ALNUM[2:32]),
    "sendgrid-key": "SG." + ALNUM[:22] + "." + ALNUM[:43],
    "openai-key": "sk-" + ALNUM[:20] + "T3BlbkFJ" + ALNUM[:20],
}


@pytest.mark.parametrize("rule", sorted(TOKENS))
def test_format_rules_catch_and_mask(tmp_path: Path, rule: str) -> None:
    token = TOKENS[rule]
    result = scan(tmp_path, {"src/pkg/conf.py": f'\n\nVALUE = "{token}"\n'})
    assert [(h.rule.id, h.line) for h in result.hits] == [(rule, 3)]
    finding = result.hits[0].finding("security")
    # An access key ID names a key; the secret half is the certain leak.
    expected = Severity.HIGH if rule == "aws-access-key-id" else Severity.CRITICAL
    assert finding.severity is expected
    assert token not in finding.message
    assert token[len(result.hits[0].shown) :] not in finding.message
    assert f"({len(token)} characters" in finding.message


def test_aws_secret_key_and_azure_key_show_nothing(tmp_path: Path) -> None:
    aws = ("wJalr" + ALNUM)[:40]
    azure = (ALNUM * 3)[:86] + "=="
    result = scan(
        tmp_path,
        {
            "deploy/app.ini": f"[aws]\naws_secret_access_key = {aws}\n",
            "deploy/app.conf": f"conn=DefaultEndpointsProtocol=https;AccountKey={azure};\n",
        },
    )
    assert [(h.rule.id, h.path, h.line) for h in result.hits] == [
        ("azure-storage-key", "deploy/app.conf", 1),
        ("aws-secret-access-key", "deploy/app.ini", 2),
    ]
    for hit in result.hits:
        message = hit.finding("security").message
        assert hit.shown == ""
        assert aws not in message
        assert azure[:20] not in message


def test_private_key_needs_key_material(tmp_path: Path) -> None:
    header = "-----BEGIN " + "EC PRIVATE KEY-----"
    result = scan(
        tmp_path,
        {
            "src/pkg/keys.py": f'KEY = "{header}\\n{B64}\\n-----END EC PRIVATE KEY-----"\n',
            "src/pkg/check.py": f'def is_key(text):\n    return text.startswith("{header}")\n',
            "certs/server.key": f"{header}\n{B64}\n",
            "certs/pgp.asc.conf": "-----BEGIN PGP PRIVATE KEY BLOCK-----\n"
            f"Version: GnuPG v2\n\n{B64}\n",
        },
    )
    assert [(h.path, h.line, h.shown) for h in result.hits] == [
        ("certs/pgp.asc.conf", 1, "-----BEGIN PGP PRIVATE KEY BLOCK-----"),
        ("certs/server.key", 1, header),
        ("src/pkg/keys.py", 1, header),
    ]


def test_config_credentials_and_what_is_left_alone(tmp_path: Path) -> None:
    config = "\n".join(
        [
            "db_password: Tr0ub4dor-and-3",  # 1: found
            "password_file: /run/secrets/db",  # key is not a credential
            "api_token: ${API_TOKEN}",  # reference
            'token: "{{ vault_token }}"',  # template
            "password: changeme",  # placeholder
            "secret: your-secret-here",  # placeholder
            "token_ttl: 3600",  # key is not a credential
            "access_token: 3600",  # a number, not a secret
            "password: null",  # not a value
            "password:",  # a mapping follows
            '  "clientSecret": "q8Zr2Lb-77Xw",',  # 11: found (JSON style, camelCase)
            "export API_KEY=abc123xyz987  # pragma: allowlist secret",  # 12: allowlisted
            "password: short",  # under 6 characters
            "passphrase = correct-horse-battery",  # 14: found
        ]
    )
    result = scan(tmp_path, {"deploy/settings.yaml": config + "\n"})
    assert [(h.rule.id, h.line, h.context) for h in result.hits] == [
        ("hardcoded-credential", 1, "db_password"),
        ("hardcoded-credential", 11, "clientSecret"),
        ("hardcoded-credential", 14, "passphrase"),
    ]
    assert result.suppressed == 1
    assert all(h.rule.severity is Severity.HIGH for h in result.hits)


def test_keyword_rule_is_for_config_files_only(tmp_path: Path) -> None:
    # In Python, bandit's B105-B107 judge password literals; the keyword rule stays out.
    result = scan(tmp_path, {"src/pkg/db.py": 'password = "Tr0ub4dor-and-3"\n'})
    assert result.hits == ()


def test_url_credentials(tmp_path: Path) -> None:
    text = "\n".join(
        [
            'DSN = "postgresql://app:Zr8-Lb2q-Xw@db.prod.internal:5432/app"',  # found
            'LOCAL = "postgresql://app:Zr8-Lb2q-Xw@localhost/app"',  # developer machine
            'TEMPLATE = "postgresql://%s:%s@%s/app"',  # formatting
            'FSTRING = f"redis://user:{password}@{host}"',  # interpolation
            'GIT = "ssh://git@github.com/org/repo"',  # no password
            'BOTH = ["http://a:Zr8-Lb2q-Xw@127.0.0.1", "amqp://q:Zr8-Lb2q-Xw@mq.internal"]',
        ]
    )
    result = scan(tmp_path, {"src/pkg/db.py": text + "\n"})
    assert [(h.rule.id, h.line, h.context) for h in result.hits] == [
        ("url-credentials", 1, "for host db.prod.internal"),
        ("url-credentials", 6, "for host mq.internal"),
    ]
    assert "Zr8-Lb2q-Xw" not in result.hits[0].finding("security").message


def test_most_specific_rule_wins_on_a_line(tmp_path: Path) -> None:
    aws = ("wJalr" + ALNUM)[:40]
    result = scan(tmp_path, {"deploy/env.yaml": f"aws_secret_access_key: {aws}\n"})
    assert [h.rule.id for h in result.hits] == ["aws-secret-access-key"]


def test_tests_docs_and_test_data_are_not_scanned(tmp_path: Path) -> None:
    token = TOKENS["aws-access-key-id"]
    result = scan(
        tmp_path,
        {
            "tests/test_conf.py": f'KEY = "{token}"\n',
            "tests/data/creds.yaml": f"key: {token}\n",
            "src/pkg/conf_test.py": f'KEY = "{token}"\n',
            "docs/setup.md": f"export AWS_ACCESS_KEY_ID={token}\n",
            "notes.txt": f"{token}\n",
            ".env.production": f"AWS_ACCESS_KEY_ID={token}\n",
            "scripts/deploy.sh": f"export AWS_ACCESS_KEY_ID={token}\n",
        },
    )
    assert [h.path for h in result.hits] == [".env.production", "scripts/deploy.sh"]
    assert result.files == 2


def test_nosec_marks_a_known_false_positive(tmp_path: Path) -> None:
    token = TOKENS["google-api-key"]
    result = scan(tmp_path, {"src/pkg/maps.py": f'KEY = "{token}"  # nosec - public key\n'})
    assert (result.hits, result.suppressed) == ((), 1)


def test_results_are_cached_per_file_without_the_secret(tmp_path: Path) -> None:
    token = TOKENS["github-token"]
    cache = Cache(tmp_path / "cache")
    first = scan(tmp_path, {"src/pkg/ci.py": f'TOKEN = "{token}"\n'}, cache)
    cache.flush()
    # Every byte the cache holds on disk (database and write-ahead log): no secret.
    stored = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert b"ghp_" in stored
    assert token.encode() not in stored
    assert [h.line for h in first.hits] == [1]
    # Prove the second scan reads the entry: doctor it, and see the doctored line come back.
    ((key, value),) = cache.entries(NAMESPACE)
    doctored = json.dumps(value).replace('"github-token", 1,', '"github-token", 99,')
    assert doctored != json.dumps(value)
    cache.put(NAMESPACE, key, json.loads(doctored))
    second = scan(tmp_path, {"src/pkg/ci.py": f'TOKEN = "{token}"\n'}, cache)
    assert [(h.rule.id, h.line) for h in second.hits] == [("github-token", 99)]


def test_url_credentials_in_docstrings_and_documentation_hosts_are_examples(
    tmp_path: Path,
) -> None:
    # Found on encode/httpx: docstrings that show how URLs with credentials are parsed.
    text = '''class URL:
    """
    url = URL("HTTPS://jo%40email.com:a%20secret@m\u00fcller.de:1234/pa%20th")
    """


def parse(url: str) -> str:
    """Parse it.

    >>> parse("https://user:Zr8-Lb2q-Xw@db.prod.internal")
    """
    return url


DOCS = "postgresql://app:Zr8-Lb2q-Xw@db.example.com/app"
TESTHOST = "amqp://q:Zr8-Lb2q-Xw@broker.test"
REAL = "postgresql://app:Zr8-Lb2q-Xw@m\u00fcller-db.de/app"
'''
    result = scan(tmp_path, {"src/pkg/urls.py": text})
    assert [(h.rule.id, h.line, h.context) for h in result.hits] == [
        ("url-credentials", 17, "for host m\u00fcller-db.de"),
    ]


def test_docstrings_are_found_in_every_kind_of_block(tmp_path: Path) -> None:
    url = "postgresql://app:Zr8-Lb2q-Xw@db.prod.internal/app"
    text = f'''"""{url}"""
try:
    import fast
except ImportError:
    class Slow:
        """{url}"""

        async def get(self) -> None:
            """{url}"""
            if fast:
                def inner() -> None:
                    """{url}"""
match fast:
    case None:
        def fallback() -> None:
            """{url}"""
REAL = "{url}"
'''
    result = scan(tmp_path, {"src/pkg/urls.py": text})
    assert [(h.rule.id, h.line) for h in result.hits] == [("url-credentials", 17)]
