"""The one place that finds, loads and validates checker plugins.

Built-in checkers are registered under the same entry-point group as third-party ones
(``pyreadiness.checkers``), so every run proves the plugin path. A plugin that fails to
load is reported in the output, never fatal.

Entry points are listed from the installed metadata without importing anything, and only
the checkers a run needs are imported: a pre-commit ``check --select lint`` neither pays for
the other checkers' imports (yaml, packaging, ...) nor can be broken by another plugin.
"""

from __future__ import annotations

import inspect
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyreadiness.checkers.interface import Checker
from pyreadiness.model import FailedPlugin, Pillar

__all__ = ["GROUP", "LoadedChecker", "Registry", "installed_ids", "load_registry"]

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "pyreadiness.checkers"


@dataclass(frozen=True, kw_only=True)
class LoadedChecker:
    id: str
    pillar: Pillar
    title: str
    package: str  # the distribution that provides it
    package_version: str
    cls: type[Checker]

    @property
    def description(self) -> str:
        return inspect.cleandoc(self.cls.__doc__ or self.title)


@dataclass(frozen=True, kw_only=True)
class Registry:
    checkers: tuple[LoadedChecker, ...]
    failed: tuple[FailedPlugin, ...]
    # Every installed entry-point name, loaded or not: the ids a user may name.
    installed: frozenset[str]

    def get(self, check_id: str) -> LoadedChecker | None:
        return next((c for c in self.checkers if c.id == check_id), None)


def _dist(ep: EntryPoint) -> tuple[str, str]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "unknown", ""
    metadata = dist.metadata  # parsed on each access: once is enough
    return str(metadata["Name"]), str(metadata["Version"])


def _load(ep: EntryPoint, package: str, version: str) -> LoadedChecker:
    obj = ep.load()
    if not (inspect.isclass(obj) and issubclass(obj, Checker)):
        raise TypeError(f"{ep.value} is not a pyreadiness Checker subclass")
    if inspect.isabstract(obj):
        raise TypeError(f"{ep.value} does not implement run()")
    for attr in ("id", "pillar", "title"):
        if not hasattr(obj, attr):
            raise TypeError(f"{ep.value} does not declare {attr!r}")
    if obj.id != ep.name:
        raise TypeError(f"entry point {ep.name!r} declares id {obj.id!r}: they must match")
    return LoadedChecker(
        id=obj.id,
        pillar=Pillar(obj.pillar),
        title=obj.title,
        package=package,
        package_version=version,
        cls=obj,
    )


def _entry_points() -> dict[tuple[str, str], EntryPoint]:
    # Imported here: `--help` needs no metadata.
    from importlib.metadata import entry_points

    # De-duplicated by (name, value): an editable install can list one twice.
    eps: dict[tuple[str, str], EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        eps.setdefault((ep.name, ep.value), ep)
    return eps


def installed_ids() -> frozenset[str]:
    """Every installed checker id, from the metadata alone: nothing is imported."""
    return frozenset(name for name, _ in _entry_points())


def load_registry(*, select: Collection[str] = (), ignore: Collection[str] = ()) -> Registry:
    """Every installed checker; with ``select``/``ignore``, only those a run will use.

    A checker left out is not imported, so neither its load failure nor its id mismatch is
    reported; ``installed`` still names it.
    """
    loaded: dict[str, LoadedChecker] = {}
    failed: list[FailedPlugin] = []
    eps = _entry_points()
    for key in sorted(eps):
        ep = eps[key]
        if (select and ep.name not in select) or ep.name in ignore:
            continue
        package, version = _dist(ep)
        try:
            checker = _load(ep, package, version)
        except Exception as exc:  # noqa: BLE001 - any plugin failure is reported, not fatal
            failed.append(
                FailedPlugin(name=ep.name, package=package, reason=f"{type(exc).__name__}: {exc}")
            )
            continue
        if checker.id in loaded:
            failed.append(
                FailedPlugin(
                    name=ep.name,
                    package=package,
                    reason=f"duplicate check id {checker.id!r} "
                    f"(already provided by {loaded[checker.id].package})",
                )
            )
            continue
        loaded[checker.id] = checker
    return Registry(
        checkers=tuple(sorted(loaded.values(), key=lambda c: c.id)),
        failed=tuple(failed),
        installed=frozenset(name for name, _ in eps),
    )
