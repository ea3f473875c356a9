"""Committed files that carry secrets by their nature: keys, credentials, ``.env`` values.

The point is the process, not the content: a private key or a ``.pypirc`` in the history is
leaked whatever its value, and ``.gitignore`` should have kept it out. (The ``security``
checker scans the content of text files for secrets; build output, ``.pyc`` files and
databases are the ``project`` checker's.) Recognised:

- private keys: ``id_rsa``/``id_dsa``/``id_ecdsa``/``id_ed25519`` (not ``.pub``), a ``.pem``
  or ``.key`` file holding a ``PRIVATE KEY`` block, key stores (``.p12``, ``.pfx``,
  ``.jks``, ``.keystore``);
- credential files: ``.pypirc`` or ``.netrc`` with a password, ``.git-credentials``,
  ``.npmrc`` with a literal ``_authToken``;
- ``.env`` files (``.env``, ``.env.production``...) that give a secret-looking variable
  (``*SECRET*``, ``*TOKEN*``, ``*PASSWORD*``, ``*API_KEY*``...) a value, or hold a URL with
  credentials; templates (``.env.example``, ``.sample``, ``.template``, ``.dist``, ``.defaults``)
  are meant to be committed and are not counted.

Files under test folders (``tests/``, ``testdata/``, ``fixtures/``...) are test material
(TLS test certificates, fake credentials): reported as info, never scored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_KEY_NAMES = frozenset({"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"})
_KEY_STORES = (".p12", ".pfx", ".jks", ".keystore")
_PEM_SUFFIXES = (".pem", ".key")
_PRIVATE_BLOCK = b"PRIVATE KEY-----"
_TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist", ".defaults", ".tmpl")
_TEST_FOLDERS = frozenset(
    {"tests", "test", "testing", "testdata", "test_data", "fixtures", "fixture"}
)
_PASSWORD = re.compile(r"^\s*password\b", re.MULTILINE | re.IGNORECASE)
_NETRC_PASSWORD = re.compile(r"\bpassword\s+\S", re.IGNORECASE)
_NPM_TOKEN = re.compile(r"_authToken\s*=\s*(?!\$\{)\S", re.IGNORECASE)
# A .env assignment that carries a secret: a secret-looking name with a non-empty value, or
# any value with credentials in a URL (postgres://user:password@host). A .env of plain
# settings (DEBUG=1, DATA_FILE=x.pkl) is configuration, not a leak.
_SECRET_WORDS = (
    "SECRET", "TOKEN", "PASSW", "PWD", "APIKEY", "API_KEY", "PRIVATE", "CREDENTIAL", "AUTH",
    "ACCESS_KEY", "ACCESSKEY",
)  # fmt: skip
_URL_CREDENTIALS = re.compile(r"://[^/\s:@]+:[^@\s/]+@")
#: Longer lines are no assignment a person wrote: skipped, so a hostile file costs nothing.
_MAX_LINE = 4096
#: How many bytes of a .pem/.key file are read to find its PRIVATE KEY block.
_HEAD = 8192


@dataclass(frozen=True, kw_only=True)
class SecretFile:
    path: str
    kind: str  # "private key", "credentials", "environment file"
    in_tests: bool


def _env_secret(text: str) -> bool:
    for line in text.splitlines():
        if len(line) > _MAX_LINE:
            continue
        name, eq, value = line.strip().removeprefix("export ").partition("=")
        value = value.strip().strip("\"'").strip()
        if not eq or not value or not name.strip().isidentifier():
            continue
        if any(word in name.upper() for word in _SECRET_WORDS) or _URL_CREDENTIALS.search(value):
            return True
    return False


def _kind(inv: Inventory, rel: str) -> str | None:
    name = PurePosixPath(rel).name
    lowered = name.lower()
    if lowered in _KEY_NAMES or lowered.endswith(_KEY_STORES):
        return "private key"
    if lowered.endswith(_PEM_SUFFIXES):
        data = inv.read_bytes(rel)
        return "private key" if data and _PRIVATE_BLOCK in data[:_HEAD] else None
    if lowered == ".git-credentials":
        return "credentials"
    if lowered in (".pypirc", ".netrc", "_netrc", ".npmrc"):
        text = inv.read_text(rel) or ""
        pattern = {".pypirc": _PASSWORD, ".npmrc": _NPM_TOKEN}.get(lowered, _NETRC_PASSWORD)
        return "credentials" if pattern.search(text) else None
    if lowered == ".env" or (
        lowered.startswith(".env.") and not lowered.endswith(_TEMPLATE_SUFFIXES)
    ):
        text = inv.read_text(rel) or ""
        return "environment file" if _env_secret(text) else None
    return None


def _candidate(name: str) -> bool:
    lowered = name.lower()
    return (
        lowered in _KEY_NAMES
        or lowered.endswith((*_KEY_STORES, *_PEM_SUFFIXES))
        or lowered in (".git-credentials", ".pypirc", ".netrc", "_netrc", ".npmrc", ".env")
        or lowered.startswith(".env.")
    )


def candidates(inv: Inventory) -> list[str]:
    """Files whose name may make them secret-bearing (their content decides some)."""
    return sorted(f.path for f in inv.files if _candidate(PurePosixPath(f.path).name))


def secret_files(inv: Inventory) -> list[SecretFile]:
    out: list[SecretFile] = []
    for rel in candidates(inv):
        kind = _kind(inv, rel)
        if kind is not None:
            folders = set(PurePosixPath(rel).parts[:-1])
            out.append(SecretFile(path=rel, kind=kind, in_tests=bool(folders & _TEST_FOLDERS)))
    return out
