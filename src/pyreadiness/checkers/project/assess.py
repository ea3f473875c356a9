"""Gather everything the project checker judges, once, from the inventory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from pyreadiness.checkers.project import pyclaims
from pyreadiness.checkers.project.artifacts import Artifacts, find_artifacts
from pyreadiness.checkers.project.docstrings import FileDocs, docstring_coverage, is_counted_module
from pyreadiness.checkers.project.governance import (
    Codeowners,
    assess_codeowners,
    community_file,
    find_changelog,
    find_codeowners,
)
from pyreadiness.checkers.project.licence import Licence, assess_licence, licence_paths
from pyreadiness.checkers.project.metadata import read_metadata, read_pyproject
from pyreadiness.checkers.project.packaging import Packaging, assess_packaging
from pyreadiness.checkers.project.pyversions import Claims, PyVersions, assess_versions
from pyreadiness.checkers.project.readme import Readme, assess_readme
from pyreadiness.checkers.project.rules import finding
from pyreadiness.checkers.project.scoring import SHARED, weight
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.python_eol import calendar
from pyreadiness.model import Finding, MetricValue, Profile, Severity
from pyreadiness.tools.cache import Cache

_DOCS_CONFIGS = (
    "docs/conf.py",
    "doc/conf.py",
    "docs/source/conf.py",
    "doc/source/conf.py",
    "mkdocs.yml",
    "mkdocs.yaml",
    ".readthedocs.yaml",
    ".readthedocs.yml",
    "readthedocs.yml",
    "docs/_config.yml",
    "zensical.toml",
)
#: Docstring coverage under this share (of public names) is reported as a finding.
SPARSE_DOCSTRINGS = 50.0


@dataclass(frozen=True, kw_only=True)
class Assessment:
    profile: Profile
    licence: Licence
    readme: Readme
    changelog: str | None
    security: str | None
    contributing: str | None
    codeowners: Codeowners | None
    packaging: Packaging
    versions: PyVersions
    artifacts: Artifacts
    docs_config: str | None
    docstrings: tuple[FileDocs, ...]
    extra: tuple[Finding, ...]  # absences, in the order reported

    def findings(self) -> tuple[Finding, ...]:
        parts = [
            self.licence.findings,
            self.readme.findings,
            self.extra,
            self.codeowners.findings if self.codeowners else (),
            self.packaging.findings if weight("packaging-metadata", self.profile) else (),
            self.versions.findings,
            self.artifacts.findings,
        ]
        return tuple(f for part in parts for f in part)

    def metrics(self) -> dict[str, MetricValue]:
        counted = [f for f in self.docstrings if not f.error]
        return {
            "licence_files": [f.path for f in self.licence.files],
            "licence_ids": sorted({f.spdx for f in self.licence.files if f.spdx}),
            "licence_declared": sorted(self.licence.declared),
            "readme": self.readme.path,
            "changelog": self.changelog,
            "security_policy": self.security,
            "contributing": self.contributing,
            "codeowners": self.codeowners.path if self.codeowners else None,
            "requires_python": self.versions.requires_python,
            "python_claimed": list(self.versions.claimed),
            "python_tested": list(self.versions.tested),
            "python_eol": list(self.versions.eol),
            "artifacts": self.artifacts.count,
            "docs_config": self.docs_config,
            "docstrings_documented": sum(f.documented for f in counted),
            "docstrings_total": sum(f.total for f in counted),
            "eol_calendar": calendar().as_of,
        }


def counted_modules(inv: Inventory) -> tuple[str, ...]:
    return tuple(p for p in inv.paths(FileKind.SOURCE) if is_counted_module(p))


def input_paths(inv: Inventory) -> list[str]:
    """Every file whose content may change the result (a superset)."""
    wanted = []
    for f in inv.files:
        path = f.path
        if (
            "/" not in path
            or path.startswith(
                (".github/", ".gitlab/", ".azure-pipelines/", ".circleci/", "LICENSES/")
            )
            or (path.startswith(("docs/", "doc/")) and path.count("/") <= 2)
            or "dockerfile" in path.lower()
            or "containerfile" in path.lower()
        ):
            wanted.append(path)
    doc_meta = read_metadata(inv, read_pyproject(inv))
    wanted.extend(licence_paths(inv, doc_meta))
    wanted.extend(counted_modules(inv))
    return sorted(set(wanted))


def assess(inv: Inventory, cache: Cache, profile: Profile, today: dt.date) -> Assessment:
    shared = profile in SHARED
    pyproject = read_pyproject(inv)
    meta = read_metadata(inv, pyproject)
    ci, unquoted = pyclaims.ci_claims(inv)
    claims = Claims(
        ci=tuple(ci + pyclaims.tox_claims(inv) + pyclaims.nox_claims(inv)),
        runtime=tuple(pyclaims.runtime_claims(inv)),
        targets=tuple(pyclaims.target_claims(inv)),
        unquoted=tuple(unquoted),
    )
    codeowners_path = find_codeowners(inv)
    docs = counted_modules(inv) if weight("docstrings", profile) else ()
    found = Assessment(
        profile=profile,
        licence=assess_licence(inv, meta, cache, shared=shared),
        readme=assess_readme(inv, meta.readme if meta else None),
        changelog=find_changelog(inv),
        security=community_file(inv, "SECURITY")
        or (".well-known/security.txt" if inv.has(".well-known/security.txt") else None),
        contributing=community_file(inv, "CONTRIBUTING"),
        codeowners=assess_codeowners(inv, codeowners_path) if codeowners_path else None,
        packaging=assess_packaging(meta, pyproject, cache),
        versions=assess_versions(meta, claims, calendar(), today, shared=shared),
        artifacts=find_artifacts(inv),
        docs_config=_docs_config(inv),
        docstrings=docstring_coverage(inv, cache, docs),
        extra=(),
    )
    return _with_absences(found)


def _docs_config(inv: Inventory) -> str | None:
    """A known documentation configuration, or a Sphinx conf.py anywhere under docs/."""
    known = next((p for p in _DOCS_CONFIGS if inv.has(p)), None)
    if known is not None:
        return known
    return next(
        (
            p
            for p in inv.paths(FileKind.AUX)
            if p.startswith(("docs/", "doc/")) and p.endswith("/conf.py")
        ),
        None,
    )


def _with_absences(a: Assessment) -> Assessment:
    out: list[Finding] = []
    if a.changelog is None and weight("changelog", a.profile):
        out.append(
            finding(
                "changelog-missing",
                Severity.LOW,
                "no CHANGELOG/CHANGES/HISTORY/NEWS and no release-notes tooling: users "
                "cannot see what changed between versions",
                help="Keep a CHANGELOG.md (keepachangelog.com) or configure towncrier / "
                "GitHub release notes (.github/release.yml).",
            )
        )
    if a.security is None:
        out.append(
            finding(
                "security-policy-missing",
                Severity.INFO,
                "no SECURITY.md (root, .github/ or docs/): no credit, no penalty, since it "
                "may live in the organisation's .github repository",
                help="Say how to report a vulnerability privately in SECURITY.md.",
            )
        )
    if a.docs_config is None and weight("docs-build", a.profile):
        out.append(
            finding(
                "docs-config-missing",
                Severity.LOW,
                "no documentation build (Sphinx docs/conf.py, mkdocs.yml, .readthedocs.yaml)",
                help="Publish API and usage documentation with Sphinx or MkDocs.",
            )
        )
    counted = [f for f in a.docstrings if not f.error]
    total = sum(f.total for f in counted)
    documented = sum(f.documented for f in counted)
    if total and 100.0 * documented / total < SPARSE_DOCSTRINGS:
        names = [f"{f.path}:{m}" for f in counted for m in f.missing][:5]
        out.append(
            finding(
                "docstrings-sparse",
                Severity.LOW,
                f"{documented} of {total} public names have a docstring "
                f"({100.0 * documented / total:.1f}%); e.g. {', '.join(names)}",
                help="Document public modules, classes and functions first (interrogate "
                "lists them all).",
            )
        )
    return replace(a, extra=tuple(out))
