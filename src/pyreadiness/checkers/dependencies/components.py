"""The four score components of the dependencies check, each with its findings."""

from __future__ import annotations

from collections.abc import Sequence

from pyreadiness.checkers.dependencies.findings import (
    CHECK,
    about_the_set,
    at,
    requirement_text,
)
from pyreadiness.checkers.dependencies.imports import ThirdPartyImport
from pyreadiness.checkers.dependencies.resolution import Resolution
from pyreadiness.checkers.dependencies.update_tools import UpdateTool
from pyreadiness.model import Finding, ScoreComponent, Severity

WEIGHT_REPRODUCIBLE = 50.0
WEIGHT_LOCK_FRESH = 20.0
WEIGHT_UPDATE_TOOL = 15.0
#: Share of the reproducibility score earned by exact versions; the rest needs hashes.
PIN_SHARE = 85.0
HASH_SHARE = 15.0

Scored = tuple[ScoreComponent, list[Finding]]
_RELOCK = (
    "Re-run the lock command (uv lock, poetry lock, pdm lock, pipenv lock, pip-compile) "
    "and commit the result."
)


def reproducibility(res: Resolution, *, unknown: str | None) -> Scored:
    n = len(res.runtime)
    if n == 0:
        if unknown is not None:
            detail = f"runtime dependencies unknown: {unknown}"
            return component("reproducible", WEIGHT_REPRODUCIBLE, 0.0, detail), []
        detail = "no runtime dependencies declared: nothing to resolve"
        return component("reproducible", WEIGHT_REPRODUCIBLE, 100.0, detail), []
    pinned, hashed = len(res.resolved), len(res.hashed)
    score = PIN_SHARE * pinned / n + HASH_SHARE * hashed / n
    detail = (
        f"{pinned} of {n} runtime dependencies resolve to one exact version (lock or == pin), "
        f"{hashed} with artifact hashes ({PIN_SHARE:g} points for pins, {HASH_SHARE:g} for hashes)"
    )
    if unknown is not None:
        detail += f"; {unknown}, so its declarations are not counted"
    stale = {d.name for fit in res.fits for d in fit.missing}
    unresolved = [d for d in res.runtime if d.name not in res.resolved and d.name not in stale]
    findings: list[Finding] = []
    if unresolved and not res.resolved and not any(f.foreign_reason is None for f in res.fits):
        first = min(unresolved, key=lambda d: (d.source_file, d.line or 0))
        findings.append(
            at(
                first,
                "not-reproducible",
                Severity.MEDIUM,
                f"{_none_of(n)} resolves to an exact version: no lock file of this project "
                "and no == pins, so every install may get different versions",
                "Commit a lock file (uv lock, poetry lock, pdm lock, pip-compile "
                "--generate-hashes) or pin exact versions in a requirements/constraints file.",
            )
        )
    else:
        for dep in unresolved:
            why = (
                "installs from a path, URL or editable checkout: no version pins it"
                if dep.url is not None
                else "is not pinned to one version and no lock file lists it"
            )
            findings.append(
                at(
                    dep,
                    "unpinned",
                    Severity.LOW,
                    f"{requirement_text(dep)} {why}",
                    "Pin it (==) or lock it, so every install gets the same version.",
                )
            )
    return component("reproducible", WEIGHT_REPRODUCIBLE, score, detail), findings


def _none_of(n: int) -> str:
    return "the one runtime dependency" if n == 1 else f"none of the {n} runtime dependencies"


def undeclared(imports: Sequence[ThirdPartyImport]) -> Scored:
    modules = ", ".join(i.module for i in imports)
    detail = (
        f"no dependency declared, yet {len(imports)} third-party modules are imported ({modules})"
    )
    first = min(imports, key=lambda i: (i.path, i.line))
    finding = Finding(
        check=CHECK,
        rule=f"{CHECK}/undeclared",
        severity=Severity.MEDIUM,
        message=f"imports {modules} but declares no dependency anywhere",
        path=first.path,
        line=first.line,
        grouped=True,
        help="Declare the dependencies in pyproject.toml [project] dependencies (or a "
        "requirements file) and lock them.",
    )
    return component("reproducible", WEIGHT_REPRODUCIBLE, 0.0, detail), [finding]


def lock_freshness(res: Resolution) -> Scored:
    parts: list[str] = []
    findings: list[Finding] = []
    for fit in res.fits:
        path = fit.lock.path
        if fit.foreign_reason is not None:
            parts.append(f"{path}: made for another project")
            findings.append(
                Finding(
                    check=CHECK,
                    rule=f"{CHECK}/foreign-lock",
                    severity=Severity.MEDIUM,
                    message=fit.foreign_reason,
                    path=path,
                    line=None,
                    grouped=True,  # the reason counts declarations
                    help="Delete the stray lock file or regenerate it from this project's "
                    "declarations.",
                )
            )
            continue
        got = len(fit.expected) - len(fit.missing)
        parts.append(f"{path}: {got}/{len(fit.expected)} declared dependencies locked")
        if fit.missing and not fit.lock.packages:
            # One finding for an empty lock, not one per declaration.
            findings.append(
                Finding(
                    check=CHECK,
                    rule=f"{CHECK}/stale-lock",
                    severity=Severity.MEDIUM,
                    message=f"{path} lists no packages: none of the {len(fit.missing)} "
                    "declared dependencies is locked",
                    path=path,
                    line=None,
                    grouped=True,
                    help=_RELOCK,
                )
            )
            continue
        for dep in fit.missing:
            findings.append(
                at(
                    dep,
                    "stale-lock",
                    Severity.MEDIUM,
                    f"{requirement_text(dep)} is declared but missing from {path}: the lock "
                    "is stale",
                    _RELOCK,
                )
            )
    score = sum(fit.score for fit in res.fits) / len(res.fits)
    return component("lock-fresh", WEIGHT_LOCK_FRESH, score, "; ".join(parts)), findings


def update_tool(tools: Sequence[UpdateTool], anchor: str | None) -> Scored:
    python = [t for t in tools if t.python]
    if python:
        detail = "; ".join(t.detail for t in python)
        return component("update-tool", WEIGHT_UPDATE_TOOL, 100.0, detail), []
    findings: list[Finding] = []
    for tool in tools:
        rule = "malformed-yaml" if tool.broken else "update-tool-not-python"
        findings.append(
            Finding(
                check=CHECK,
                rule=f"{CHECK}/{rule}",
                severity=Severity.MEDIUM if tool.broken else Severity.LOW,
                message=tool.detail,
                path=tool.path,
                line=tool.line,
                help="Add a 'pip' (or 'uv') package-ecosystem entry to Dependabot, or let "
                "Renovate's Python managers run.",
            )
        )
    if not tools:
        findings.append(
            about_the_set(
                "no-update-tool",
                Severity.LOW,
                "no dependency update tool (Dependabot, Renovate) is configured: "
                "pinned versions will age silently",
                anchor,
                "Add .github/dependabot.yml with a 'pip' or 'uv' package-ecosystem "
                "entry, or a renovate.json.",
            )
        )
    detail = "; ".join(t.detail for t in tools) or "no Dependabot or Renovate configuration"
    return component("update-tool", WEIGHT_UPDATE_TOOL, 0.0, detail), findings


def component(id_: str, weight: float, score: float, detail: str) -> ScoreComponent:
    return ScoreComponent(id=id_, weight=weight, score=round(score, 1), detail=detail)
