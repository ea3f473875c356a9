"""What makes a match not a leaked secret: a placeholder, a failed checksum, a file that
holds development or template values.

Each filter is a reason a reviewer would give: ``.env.example`` documents which settings
exist, ``docker-compose.yml`` starts a throw-away database on the developer's machine, a CI
workflow's ``SECRET_KEY`` signs nothing but test sessions, and a ``ghp_`` string whose
checksum fails can authenticate nowhere. Format-anchored provider tokens are still reported
in every file: a real token is a leak wherever it is committed.
"""

from __future__ import annotations

import binascii
from itertools import pairwise
from pathlib import PurePosixPath

#: Words that make a value a placeholder, in values of either kind of rule.
PLACEHOLDER_WORDS = (
    "example",
    "changeme",
    "change_me",
    "change-me",
    "changethis",
    "change_this",
    "change-this",
    "placeholder",
    "your",
    "dummy",
    "sample",
    "redacted",
    "not-a-real",
    "not_a_real",
    "notreal",
    "fake",
    "xxx",
    "****",
    "fixme",
    "todo",
    "here",
    "insecure",
    "mock",
)
#: A token this many identical characters in a row is a pattern, not randomness
#: (``T00000000``, ``XXXXXXXX``): 4 in a row happens by chance about once in 7,000
#: 36-character base62 tokens.
_REPEAT_RUN = 4

#: Files whose values are templates: the keyword rules do not apply.
TEMPLATE_SUFFIXES = frozenset({".example", ".sample", ".template", ".tpl", ".dist", ".defaults"})
#: Words in a file's name or folders that make it development, test or CI configuration.
NON_PRODUCTION_WORDS = frozenset(
    {
        "test",
        "tests",
        "testing",
        "ci",
        "dev",
        "development",
        "devcontainer",  # .devcontainer/: a development container's settings
        "example",
        "examples",
        "sample",
        "template",
        "templates",
        "fixture",
        "fixtures",
        "mock",
        "mocks",
    }
)
_COMPOSE_PREFIXES = ("docker-compose", "compose")
_CI_FOLDERS = frozenset({".github", ".gitlab", ".circleci", ".buildkite", ".woodpecker"})
_CI_NAMES = frozenset(
    {
        ".gitlab-ci.yml",
        ".travis.yml",
        "azure-pipelines.yml",
        "bitbucket-pipelines.yml",
        "appveyor.yml",
        ".appveyor.yml",
        ".drone.yml",
        "tox.ini",
        "noxfile.py",
        "cloudbuild.yaml",
        "cloudbuild.yml",
    }
)


def is_placeholder(value: str) -> bool:
    low = value.lower()
    if any(word in low for word in PLACEHOLDER_WORDS):
        return True
    run = 1
    for before, char in pairwise(value):
        run = run + 1 if char == before else 1
        if run >= _REPEAT_RUN and char.isalnum():
            return True
    return False


def names_itself(key: str, value: str) -> bool:
    """A value that says what it stands for (``apiToken: mocked-api-token``,
    ``api_token: my-explicitly-set-api_token``) is a placeholder: a real credential is
    random, it does not spell out its own setting's name."""
    norm_value = "".join(ch for ch in value.lower() if ch.isalnum())
    norm_key = "".join(ch for ch in key.lower() if ch.isalnum())
    return any(word in norm_value for word in SELF_NAMES if norm_key.endswith(word))


#: The credential words a self-describing value repeats (the end of its key).
SELF_NAMES = ("password", "passwd", "passphrase", "secret", "token", "apikey", "key")


def development_values_file(rel: str) -> str | None:
    """Why a file's ``key = value`` settings and URL passwords are development or template
    values (the keyword rules skip it), or None for a file that may hold real ones."""
    path = PurePosixPath(rel)
    name = path.name.lower()
    if path.suffix.lower() in TEMPLATE_SUFFIXES:
        return "a template of settings"
    if name.startswith(_COMPOSE_PREFIXES) and path.suffix in (".yml", ".yaml"):
        return "Docker Compose configuration for local containers"
    if name in _CI_NAMES or (path.parts and path.parts[0] in _CI_FOLDERS):
        return "CI configuration: test services and test keys"
    stem = name.split(".", 1)[0] if not name.startswith(".") else name[1:]
    words = {*_words(stem), *_words(name.removeprefix(".env"))}
    for folder in path.parts[:-1]:
        words.update(_words(folder.lower()))
    if words & NON_PRODUCTION_WORDS:
        return "development, test or example configuration"
    return None


def _words(text: str) -> set[str]:
    out: set[str] = set()
    word = ""
    for char in text:
        if char.isalnum():
            word += char
        else:
            if word:
                out.add(word)
            word = ""
    if word:
        out.add(word)
    return out


_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(number: int, width: int = 6) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 62)
        digits = _BASE62[rest] + digits
    return digits.rjust(width, "0")


def checksum_valid(token: str) -> bool:
    """GitHub's ``gh?_`` and npm's ``npm_`` tokens end with the base62 CRC32 of the 30
    random characters before it (github.blog, 2021-04-05 and 2021-09-23): a string that
    fails it was typed by hand and authenticates nowhere."""
    body, check = token[4:-6], token[-6:]
    return len(body) == 30 and base62(binascii.crc32(body.encode("ascii"))) == check
