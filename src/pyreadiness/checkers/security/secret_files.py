"""Which files the secret scan reads, and which of them hold ``key = value`` settings.

Test code and test data are left out (fake keys are what tests are made of), and so is
documentation (it quotes example keys).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from pyreadiness.discover.classify import FileKind, is_test_path
from pyreadiness.discover.inventory import Inventory

_SCANNED_KINDS = (FileKind.SOURCE, FileKind.AUX, FileKind.CONFIG)
_CREDENTIAL_SUFFIXES = frozenset(
    {
        ".env",
        ".json",
        ".properties",
        ".conf",
        ".pem",
        ".key",
        ".sh",
        ".bash",
        ".zsh",
        ".tf",
        ".tfvars",
        ".ipynb",
    }
)
_CREDENTIAL_NAMES = frozenset(
    {
        ".env",
        ".netrc",
        ".pypirc",
        ".npmrc",
        "id_rsa",
        "id_dsa",
        "id_ecdsa",
        "id_ed25519",
        "Dockerfile",
    }
)
# Files whose lines are "key = value" settings: the keyword rule applies to them only
# (in Python, bandit's B105-B107 judge password literals with the code's structure).
_SETTINGS_SUFFIXES = frozenset(
    {
        ".env",
        ".json",
        ".properties",
        ".conf",
        ".toml",
        ".cfg",
        ".ini",
        ".yml",
        ".yaml",
        ".tf",
        ".tfvars",
        ".ipynb",  # bandit does not read notebooks: their password literals are ours
    }
)
_SETTINGS_NAMES = frozenset({".env", ".netrc", ".pypirc", ".npmrc"})


def secret_paths(inventory: Inventory) -> tuple[str, ...]:
    """The files the secret scan reads, sorted."""
    out = []
    for f in inventory.files:
        path = PurePosixPath(f.path)
        if is_test_path(path):
            continue
        if f.kind in _SCANNED_KINDS or (
            f.kind is FileKind.OTHER
            and (
                path.suffix in _CREDENTIAL_SUFFIXES
                or path.name in _CREDENTIAL_NAMES
                or path.name.startswith(".env.")
            )
        ):
            out.append(f.path)
    return tuple(sorted(out))


def is_settings_file(rel: str) -> bool:
    path = PurePosixPath(rel)
    return (
        path.suffix in _SETTINGS_SUFFIXES
        or path.name in _SETTINGS_NAMES
        or path.name.startswith(".env.")
    )
