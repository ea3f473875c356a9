"""Names of settings that hold secrets, and values that are clearly not one."""

from __future__ import annotations

import re

_SECRET_WORD = re.compile(
    r"(?:^|_)(?:PASSWORD|PASSWD|SECRET|SECRET_KEY|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY"
    r"|AUTH_?KEY|CREDENTIALS?)(?:$|_)",
    re.IGNORECASE,
)
#: A name ending like these holds where a secret is, or something about it, not the secret.
_NOT_A_SECRET = re.compile(
    r"_(?:FILE|PATH|DIR|URL|URI|NAME|HEADER|LENGTH|ENDPOINT|EXPIRES?|EXPIRY|TTL|ID|TYPE|"
    r"ALGORITHM|REF|ARN|KEY_ID)$",
    re.IGNORECASE,
)


def is_secret_name(name: str) -> bool:
    name = name.strip()
    return bool(_SECRET_WORD.search(name)) and not _NOT_A_SECRET.search(name)


#: A value written like a variable name (GOOGLE_API_KEY_VAL, REPLACE_ME) is a placeholder
#: that a script substitutes; real keys have no underscores between capitals (AKIA...).
_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")


def is_literal(value: object) -> bool:
    """A written value, not a reference to the environment, a template or a placeholder."""
    if isinstance(value, bool) or value is None:
        return False
    text = str(value).strip()
    return bool(text) and not text.startswith(("$", "{{", "<")) and not _PLACEHOLDER.match(text)
