"""The one place that finds, loads and validates checker plugins.

Built-in checkers are registered under the same entry-point group as third-party ones
(``pyreadiness.checkers``), so every run proves the plugin path. A plugin that fails to
load is reported in the output, never fatal.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from pyreadiness.checkers.interface import Checker, Pillar

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
class FailedPlugin:
    name: str
    package: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Registry:
    checkers: tuple[LoadedChecker, ...]
    failed: tuple[FailedPlugin, ...]

    def get(self, check_id: str) -> LoadedChecker | None:
        return next((c for c in self.checkers if c.id == check_id), None)


def _dist(ep: EntryPoint) -> tuple[str, str]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "unknown", ""
    return str(dist.metadata["Name"]), str(dist.version)


def _load(ep: EntryPoint) -> LoadedChecker:
    package, version = _dist(ep)
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


def load_registry() -> Registry:
    loaded: dict[str, LoadedChecker] = {}
    failed: list[FailedPlugin] = []
    # Sorted, and de-duplicated by (name, value): an editable install can list one twice.
    seen: set[tuple[str, str]] = set()
    for ep in sorted(entry_points(group=GROUP), key=lambda e: (e.name, e.value)):
        if (ep.name, ep.value) in seen:
            continue
        seen.add((ep.name, ep.value))
        package, _ = _dist(ep)
        try:
            checker = _load(ep)
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
        checkers=tuple(sorted(loaded.values(), key=lambda c: c.id)), failed=tuple(failed)
    )
