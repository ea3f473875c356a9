"""Recognise a licence family from its text, with key phrases (no network, no database).

Each rule is a licence's SPDX id and the phrases its text always contains, after
lowercasing and collapsing whitespace and comment marks. Order matters: the lesser and Affero
GPLs quote the GPL's name, and BSD-3 contains every BSD-2 phrase, so the more specific rule
comes first. A text no rule matches is "unrecognised", never guessed.
"""

from __future__ import annotations

import re

#: (SPDX id, phrases that must all occur), most specific first.
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AGPL-3.0", ("gnu affero general public license", "version 3")),
    ("LGPL-3.0", ("gnu lesser general public license", "version 3")),
    ("LGPL-2.1", ("gnu lesser general public license", "version 2.1")),
    ("LGPL-2.0", ("gnu library general public license", "version 2")),
    ("GPL-3.0", ("gnu general public license", "version 3")),
    ("GPL-2.0", ("gnu general public license", "version 2")),
    ("Apache-2.0", ("apache license", "version 2.0")),
    ("MPL-2.0", ("mozilla public license", "2.0")),
    ("EUPL-1.2", ("european union public licence", "v. 1.2")),
    ("BSL-1.0", ("boost software license",)),
    ("PSF-2.0", ("python software foundation", "license agreement")),
    ("Unlicense", ("free and unencumbered software released into the public domain",)),
    ("CC0-1.0", ("cc0 1.0 universal",)),
    (
        "ISC",
        (
            "permission to use, copy, modify, and/or distribute this software for any purpose",
            "provided that the above copyright notice",
        ),
    ),
    ("MIT", ("permission is hereby granted, free of charge", "the above copyright notice")),
    ("0BSD", ("permission to use, copy, modify, and/or distribute this software for any",)),
    (
        "BSD-3-Clause",
        (
            "redistribution and use in source and binary forms",
            "endorse or promote products derived from this software",
        ),
    ),
    ("BSD-2-Clause", ("redistribution and use in source and binary forms",)),
)

#: A notice that reserves rights without granting any: a proprietary licence.
PROPRIETARY = "LicenseRef-Proprietary"
_PROPRIETARY_PHRASES = ("all rights reserved", "proprietary and confidential", "proprietary")
_GRANTS = ("permission", "redistribution", "licensed under", "license")

_MARKS = re.compile(r"[\s#*>|]+")
#: Only the start of a licence file is read: every rule's phrases are in its first pages.
HEAD_CHARS = 20_000


def normalise(text: str) -> str:
    return _MARKS.sub(" ", text[:HEAD_CHARS].lower()).replace("\u2019", "'").strip()


def recognise(text: str) -> str | None:
    """The SPDX id (family) of a licence text, PROPRIETARY, or None when unrecognised."""
    flat = normalise(text)
    for spdx, phrases in RULES:
        if all(p in flat for p in phrases):
            return spdx
    if any(p in flat for p in _PROPRIETARY_PHRASES) and not any(g in flat for g in _GRANTS[:3]):
        return PROPRIETARY
    return None
