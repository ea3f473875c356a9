"""The components of a library's (or a CLI's) dependencies: ranges outside, pins inside.

A library is installed next to other code, so its runtime metadata declares ranges: an
exact pin there forces every user onto that one release and breaks co-installation. What
a library can make reproducible is its own development and CI environment: a lock file,
or dev/test requirements or constraints pinned with ``==``.
"""

from __future__ import annotations

from pyreadiness.checkers.dependencies.components import Scored, component
from pyreadiness.checkers.dependencies.findings import about_the_set, at, requirement_text
from pyreadiness.checkers.dependencies.resolution import Resolution
from pyreadiness.model import Severity

#: Ranged runtime metadata is what a library owes its users: most of the pillar.
WEIGHT_RANGES = 40.0
#: A locked or pinned development environment: reproducible CI and releases.
WEIGHT_DEV_ENV = 30.0
#: A development environment declared in a file (groups, dev requirements) but not pinned
#: is half the way: everyone installs the same set, not yet the same versions.
DEV_DECLARED_BASE = 50.0


def ranges(res: Resolution) -> Scored:
    n = len(res.runtime)
    exact = [d for d in res.runtime if d.pinned_version is not None]
    if n == 0:
        detail = "no runtime dependency: nothing pinned on the library's users"
        return component("ranges", WEIGHT_RANGES, 100.0, detail), []
    score = 100.0 * (n - len(exact)) / n
    detail = (
        f"{n - len(exact)} of {n} runtime dependencies of the library are ranges; "
        f"{len(exact)} pinned to one version (==) forces it on every user"
    )
    findings = [
        at(
            dep,
            "exact-pin",
            Severity.LOW,
            f"{requirement_text(dep)} pins a library dependency to one version: users "
            "cannot install the library next to anything needing another release",
            "Declare a range (a lower bound) in the metadata; keep exact pins in a lock or "
            "constraints file for your own environments.",
        )
        for dep in exact
    ]
    return component("ranges", WEIGHT_RANGES, score, detail), findings


def dev_env(res: Resolution, anchor: str | None) -> Scored:
    locks = sorted(fit.lock.path for fit in res.fits if fit.foreign_reason is None)
    if locks:
        detail = f"the development environment is locked ({', '.join(locks)})"
        return component("dev-env", WEIGHT_DEV_ENV, 100.0, detail), []
    n = len(res.development)
    pinned = len(res.development_resolved)
    if n == 0:
        finding = about_the_set(
            "no-dev-env",
            Severity.LOW,
            "no development environment is declared or locked: what CI and releases are "
            "built with is whatever resolves that day",
            anchor,
            "Declare dependency groups (PEP 735) and lock them (uv lock, pdm lock, poetry "
            "lock), or pin dev/test requirements with ==.",
        )
        detail = "no development environment declared, no lock file"
        return component("dev-env", WEIGHT_DEV_ENV, 0.0, detail), [finding]
    score = 100.0 if pinned == n else DEV_DECLARED_BASE + (100.0 - DEV_DECLARED_BASE) * pinned / n
    detail = (
        f"{pinned} of {n} development dependencies pinned (==, constraints) and no lock "
        f"file: {DEV_DECLARED_BASE:g} for declaring them, the rest in proportion to pins"
    )
    if pinned == n:
        detail = f"all {n} development dependencies pinned with =="
    return component("dev-env", WEIGHT_DEV_ENV, score, detail), []
