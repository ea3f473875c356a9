"""Checker options: what a checker declares it accepts, validated like our own keys.

A checker lists its options in ``Checker.options`` (name -> :class:`OptionSpec`). Users set
them under ``[tool.pyreadiness.checks.<id>]`` in the scanned repository's pyproject.toml
(and, for some, on the command line); the engine hands the checker its effective values,
every declared name present, in ``ctx.options``. An unknown name or a wrong type is a usage
error (exit 2) naming the key, as for ``[tool.pyreadiness]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pyreadiness.errors import UsageError

__all__ = ["OptionKind", "OptionSpec", "OptionValue", "resolve_options"]

OptionValue = str | int | float | bool | Path | tuple[str, ...] | None
OptionKind = Literal["string", "integer", "number", "boolean", "strings", "path"]


@dataclass(frozen=True, kw_only=True)
class OptionSpec:
    """One option of a checker."""

    kind: OptionKind
    help: str
    default: OptionValue = None
    #: False: only the command line (or a caller) may set it, never the scanned repository,
    #: for options that would let an untrusted repository choose what judges it (for example
    #: where its vulnerabilities are looked up).
    repository: bool = True


def _converted(spec: OptionSpec, value: Any) -> OptionValue:
    kind = spec.kind
    if value is None:
        return None
    if kind == "boolean" and isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return _wrong(kind, value)
    if kind == "integer" and isinstance(value, int):
        return value
    if kind == "number" and isinstance(value, (int, float)):
        return float(value)
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "path" and isinstance(value, (str, Path)):
        return Path(value)
    if (
        kind == "strings"
        and isinstance(value, (list, tuple))
        and all(isinstance(v, str) for v in value)
    ):
        return tuple(value)
    return _wrong(kind, value)


class _WrongType(Exception):
    pass


def _wrong(kind: str, value: Any) -> OptionValue:
    raise _WrongType(
        f"expected {'a list of strings' if kind == 'strings' else kind}, "
        f"got {type(value).__name__} {value!r}"
    )


def resolve_options(
    check_id: str,
    specs: Mapping[str, OptionSpec],
    repository: Mapping[str, Any] | None = None,
    given: Mapping[str, Any] | None = None,
    *,
    where: str = "pyproject.toml",
) -> dict[str, OptionValue]:
    """Every declared option of ``check_id`` with its effective value: its default, then the
    repository's ``[tool.pyreadiness.checks.<id>]`` (``repository``, from the file ``where``),
    then ``given`` (the command line or a test). Raises :class:`UsageError` naming the key."""
    out: dict[str, OptionValue] = {name: spec.default for name, spec in specs.items()}
    for name, value in (repository or {}).items():
        label = f"{where}: [tool.pyreadiness.checks.{check_id}] {name}"
        spec = _spec(specs, check_id, name, label)
        if not spec.repository:
            raise UsageError(f"{label}: only the command line may set it, not the repository")
        out[name] = _value(spec, value, label)
    for name, value in (given or {}).items():
        label = f"option {name!r} of check {check_id!r}"
        out[name] = _value(_spec(specs, check_id, name, label), value, label)
    return out


def _spec(specs: Mapping[str, OptionSpec], check_id: str, name: str, label: str) -> OptionSpec:
    spec = specs.get(name)
    if spec is None:
        known = ", ".join(sorted(specs)) or "none"
        raise UsageError(f"{label}: unknown option (options of {check_id}: {known})")
    return spec


def _value(spec: OptionSpec, value: Any, label: str) -> OptionValue:
    try:
        return _converted(spec, value)
    except _WrongType as exc:
        raise UsageError(f"{label}: {exc}") from None
