"""Poetry's ``[tool.poetry]`` dependency tables, with its constraint syntax translated.

Poetry writes constraints in its own syntax; we translate them to PEP 440 so every
declaration compares alike:

* ``*`` or ``""`` -> any version
* ``^1.2.3`` -> ``>=1.2.3,<2.0``; ``^0.2.3`` -> ``>=0.2.3,<0.3``; ``^0.0.3`` -> ``<0.0.4``
  (the left-most non-zero part may not change; all zeros: the last given part)
* ``~1.2.3`` -> ``>=1.2.3,<1.3``; ``~1`` -> ``>=1,<2``
* a bare version ``1.2.3`` -> ``==1.2.3``; ``1.2.*`` -> ``==1.2.*``
* PEP 440 operators pass through; comma-separated parts are joined.
* ``A || B`` (either range) has no PEP 440 spelling: it becomes "any version".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from pyreadiness.discover.dependencies.lines import TomlLines
from pyreadiness.discover.dependencies.model import Declared, DependencyKind, Problem

_OPERATORS = ("===", "==", "!=", "<=", ">=", "~=", "<", ">")


def translate(constraint: str) -> str | None:
    """Poetry constraint -> PEP 440 specifier text; None when it cannot be read."""
    text = constraint.strip()
    if text in ("", "*"):
        return ""
    if "||" in text or "|" in text:
        return ""  # a union of ranges: no PEP 440 spelling, treat as unconstrained
    out: list[str] = []
    for part in text.replace(" ,", ",").split(","):
        spec = _translate_one(part.strip())
        if spec is None:
            return None
        if spec:
            out.append(spec)
    result = ",".join(out)
    try:
        SpecifierSet(result)
    except InvalidSpecifier:
        return None
    return result


def _translate_one(part: str) -> str | None:
    if part in ("", "*"):
        return ""
    if part.startswith("^"):
        return _bounded(part[1:].strip(), caret=True)
    if part.startswith("~") and not part.startswith("~="):
        return _bounded(part[1:].strip(), caret=False)
    if part.startswith(_OPERATORS):
        op = next(o for o in _OPERATORS if part.startswith(o))
        return op + part[len(op) :].strip()
    return "==" + part  # a bare version is exact in Poetry (``1.2.*`` stays a wildcard)


def _bounded(version: str, *, caret: bool) -> str | None:
    try:
        parsed = Version(version)
    except InvalidVersion:
        return None
    release = list(parsed.release)
    if caret:
        bump = next((i for i, p in enumerate(release) if p != 0), len(release) - 1)
    else:
        bump = 1 if len(release) >= 2 else 0
    upper = [*release[:bump], release[bump] + 1]
    while len(upper) < 2:
        upper.append(0)
    return f">={version},<{'.'.join(map(str, upper))}"


def read_poetry(
    poetry: Mapping[str, Any], lines: TomlLines, source_file: str
) -> Iterator[Declared | Problem]:
    """Main dependencies, optional ones (as extras), legacy dev-dependencies and groups."""
    extras_of: dict[str, str] = {}
    extras = poetry.get("extras")
    if isinstance(extras, Mapping):
        for extra, names in extras.items():
            if isinstance(names, list):
                for name in names:
                    if isinstance(name, str):
                        extras_of.setdefault(canonicalize_name(name), str(extra))
    main: tuple[str, ...] = ("tool", "poetry", "dependencies")
    legacy_dev: tuple[str, ...] = ("tool", "poetry", "dev-dependencies")
    tables: list[tuple[tuple[str, ...], Any, str, DependencyKind]] = [
        (main, poetry.get("dependencies"), "main", DependencyKind.RUNTIME),
        (legacy_dev, poetry.get("dev-dependencies"), "dev", DependencyKind.DEVELOPMENT),
    ]
    groups = poetry.get("group")
    if isinstance(groups, Mapping):
        for group, body in sorted(groups.items()):
            deps = body.get("dependencies") if isinstance(body, Mapping) else None
            group_table = ("tool", "poetry", "group", str(group), "dependencies")
            tables.append((group_table, deps, str(group), DependencyKind.DEVELOPMENT))
    for table, deps, group, kind in tables:
        if deps is None:
            continue
        if not isinstance(deps, Mapping):
            where = lines.key_line(table[:-1], table[-1])
            yield wrong_type(
                source_file,
                where,
                f"[{'.'.join(table[:-1])}] {table[-1]}",
                "a table of constraints",
                deps,
                runtime=kind is DependencyKind.RUNTIME,
            )
            continue
        for raw_name, value in deps.items():
            if raw_name.lower() == "python":
                continue  # the interpreter range, not a package
            line = lines.key_line(table, raw_name)
            for spec in value if isinstance(value, list) else [value]:
                yield _declared(raw_name, spec, table, group, kind, extras_of, source_file, line)


#: TOML's names for the Python types tomllib returns.
_TOML_TYPES = {
    bool: "boolean",
    int: "integer",
    float: "float",
    str: "string",
    list: "array",
    dict: "table",
}


def wrong_type(
    source_file: str,
    line: int | None,
    where: str,
    expected: str,
    value: Any,
    *,
    runtime: bool = False,
) -> Problem:
    """A dependency table or array of the wrong TOML type: a finding, never a TypeError."""
    got = _TOML_TYPES.get(type(value), "date or time")
    return Problem(
        rule="wrong-type",
        path=source_file,
        line=line,
        message=f"{where} must be {expected}, not a{'n' if got[0] in 'aeiou' else ''} {got}",
        affects_runtime=runtime,
    )


def _declared(
    raw_name: str,
    value: Any,
    table: tuple[str, ...],
    group: str,
    kind: DependencyKind,
    extras_of: Mapping[str, str],
    source_file: str,
    line: int | None,
) -> Declared | Problem:
    name = canonicalize_name(raw_name)
    constraint: Any = value
    extras: tuple[str, ...] = ()
    marker: str | None = None
    url: str | None = None
    if isinstance(value, Mapping):
        constraint = value.get("version", "*")
        raw_extras = value.get("extras") or []
        if not isinstance(raw_extras, list):
            where = f"[{'.'.join(table)}] {raw_name} extras"
            return wrong_type(source_file, line, where, "an array of strings", raw_extras)
        extras = tuple(sorted(str(e) for e in raw_extras))
        marker = value.get("markers") if isinstance(value.get("markers"), str) else None
        for key in ("git", "path", "url", "file"):
            if isinstance(value.get(key), str):
                url = value[key]
                constraint = "*"
        if value.get("optional") is True and kind is DependencyKind.RUNTIME:
            kind = DependencyKind.OPTIONAL
            group = extras_of.get(name, "optional")
    if not isinstance(constraint, str):
        constraint = "*"
    spec = translate(constraint)
    if spec is None:
        return Problem(
            rule="bad-requirement",
            path=source_file,
            line=line,
            message=f"{'.'.join(table)}: {raw_name} = {constraint!r} is not a version "
            "constraint Poetry understands",
        )
    return Declared(
        name=name,
        specifier=spec,
        extras=extras,
        marker=marker,
        source_file=source_file,
        line=line,
        group=group,
        kind=kind,
        format="poetry",
        url=url,
    )
