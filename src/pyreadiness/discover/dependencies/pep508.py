"""Turn one PEP 508 requirement string into a :class:`Declared` (or a :class:`Problem`)."""

from __future__ import annotations

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from pyreadiness.discover.dependencies.model import Declared, DependencyKind, Problem


def parse_requirement(
    text: str,
    *,
    source_file: str,
    line: int | None,
    group: str,
    kind: DependencyKind,
    format: str,
    hashed: bool = False,
) -> Declared | Problem:
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        return Problem(
            rule="bad-requirement",
            path=source_file,
            line=line,
            message=f"not a valid requirement: {text!r} ({_first_line(str(exc))})",
        )
    return Declared(
        name=canonicalize_name(req.name),
        specifier=str(req.specifier),
        extras=tuple(sorted(req.extras)),
        marker=str(req.marker) if req.marker is not None else None,
        source_file=source_file,
        line=line,
        group=group,
        kind=kind,
        format=format,
        url=req.url,
        hashed=hashed,
    )


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "invalid"
