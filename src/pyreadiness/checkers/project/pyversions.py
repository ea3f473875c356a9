"""Supported Python versions: what the project claims, what CI tests, what is end of life.

Claims: ``requires-python`` (its lowest admitted version) and the ``Programming Language ::
Python :: X.Y`` classifiers. Tested: CI matrices and images, tox's env_list, nox sessions.
Runtime: ``.python-version`` and Dockerfile base images. Dates: eol.py's shipped calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from pyreadiness.checkers.project.metadata import ProjectMeta
from pyreadiness.checkers.project.pyclaims import Claim, Unquoted
from pyreadiness.checkers.project.rules import finding, line_of
from pyreadiness.discover.python_eol import Calendar, version_key
from pyreadiness.model import Finding, Severity

_CLASSIFIER = "Programming Language :: Python :: "


@dataclass(frozen=True, kw_only=True)
class Claims:
    ci: tuple[Claim, ...]  # CI, tox and nox: what is tested
    runtime: tuple[Claim, ...]
    targets: tuple[Claim, ...]
    unquoted: tuple[Unquoted, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PyVersions:
    measured: bool  # False: no evidence at all and nothing required it
    requires_python: str | None
    floor: str | None
    claimed: tuple[str, ...]
    tested: tuple[str, ...]
    requires_missing: bool
    eol: tuple[str, ...]  # supported or deployed versions past end of life
    untested: tuple[str, ...]
    outside: tuple[str, ...]  # tested versions requires-python excludes
    findings: tuple[Finding, ...]


def _sorted(versions: set[str]) -> tuple[str, ...]:
    return tuple(sorted(versions, key=version_key))


def _admits(spec: SpecifierSet, version: str) -> bool:
    return spec.contains(f"{version}.0", prereleases=True) or spec.contains(
        f"{version}.999", prereleases=True
    )


def _ci_only_eol(
    claims: Claims, claimed: set[str], calendar: Calendar, today: dt.date, eol: set[str]
) -> list[Finding]:
    """Nothing claims or runs a version and every version CI tests is past end of life: the
    CI matrix is the only statement of support, and none of it is supported (googler tests
    3.6-3.9 only). Without this the component had nothing to compare and scored 100.
    Adds the versions to ``eol``; one finding at the newest one tested."""
    if claimed or claims.runtime or not claims.ci:
        return []
    if not all(calendar.eol_on(c.version, today) for c in claims.ci):
        return []
    versions = _sorted({c.version for c in claims.ci})
    eol.update(versions)
    newest = max(claims.ci, key=lambda c: version_key(c.version))
    return [
        finding(
            "python-eol",
            Severity.MEDIUM,
            f"CI tests only Pythons past end of life ({', '.join(versions)}) and nothing "
            "else says which Python the code runs on: no supported Python is known to work",
            path=newest.path,
            line=newest.line,
            help="Test on a supported Python (and say which with .python-version or "
            "requires-python).",
        )
    ]


def assess_versions(
    meta: ProjectMeta | None, claims: Claims, calendar: Calendar, today: dt.date, *, shared: bool
) -> PyVersions:
    out: list[Finding] = []
    requires = meta.requires_python if meta else None
    spec: SpecifierSet | None = None
    if requires is not None:
        try:
            spec = SpecifierSet(requires)
        except InvalidSpecifier:
            out.append(
                finding(
                    "requires-python-invalid",
                    Severity.MEDIUM,
                    f"requires-python {requires!r} is not a valid version specifier",
                    path=meta.path if meta else None,
                    line=_requires_line(meta),
                    help='Write it as PEP 440, e.g. requires-python = ">=3.11".',
                )
            )
    released = [r.version for r in calendar.released_by(today)]
    floor = next((v for v in released if _admits(spec, v)), None) if spec is not None else None
    classifiers = {
        c[len(_CLASSIFIER) :]
        for c in (meta.classifiers if meta else ())
        if c.startswith(_CLASSIFIER)
        and c[len(_CLASSIFIER) :].count(".") == 1
        and c[len(_CLASSIFIER) :].replace(".", "").isdigit()
    }
    claimed = set(classifiers) | ({floor} if floor else set())
    tested = {c.version for c in claims.ci}
    # An application pinned by .python-version or a Dockerfile says where it runs already.
    requires_missing = meta is not None and requires is None and (shared or not claims.runtime)
    if requires_missing and meta is not None:
        out.append(
            finding(
                "requires-python-missing",
                Severity.MEDIUM if shared else Severity.LOW,
                f"{meta.source} declares no requires-python: installers will put it on any "
                "Python, including ones it cannot run on",
                path=meta.path,
                help='Add requires-python = ">=3.X" with the oldest version CI tests.',
            )
        )
    eol: set[str] = set()
    if floor and (release := calendar.eol_on(floor, today)):
        eol.add(floor)
        out.append(
            finding(
                "python-eol",
                Severity.MEDIUM,
                f"requires-python {requires} admits Python {floor}, end of life since "
                f"{release.end_of_life.isoformat()} (no security fixes)",
                path=meta.path if meta else None,
                line=_requires_line(meta),
                help="Raise requires-python to a supported version (devguide.python.org/versions).",
            )
        )
    old_classifiers = _sorted({v for v in classifiers if calendar.eol_on(v, today)} - eol)
    if old_classifiers and meta is not None:
        eol.update(old_classifiers)
        out.append(
            finding(
                "python-eol",
                Severity.LOW,
                f"classifiers claim end-of-life Python {', '.join(old_classifiers)}",
                path=meta.path,
                line=line_of(meta.text, _CLASSIFIER + old_classifiers[0] + '"')
                or line_of(meta.text, _CLASSIFIER + old_classifiers[0]),
                help="Drop the classifiers of versions past end of life.",
            )
        )
    for claim in _first_per_file(
        # Dockerfile base images past end of life are the deployment checker's.
        tuple(
            c for c in claims.runtime if c.kind == "runtime" and calendar.eol_on(c.version, today)
        )
    ):
        if release := calendar.eol_on(claim.version, today):
            eol.add(claim.version)
            out.append(
                finding(
                    "python-eol",
                    Severity.MEDIUM,
                    f"{claim.path} runs Python {claim.version}, end of life since "
                    f"{release.end_of_life.isoformat()} (no security fixes)",
                    path=claim.path,
                    line=claim.line,
                    help="Move the runtime to a supported Python.",
                )
            )
    out += _ci_only_eol(claims, claimed, calendar, today, eol)
    untested = _sorted(claimed - tested) if tested else ()
    for version in untested:
        source = "classifiers" if version in classifiers else f"requires-python {requires}"
        where = (
            line_of(meta.text, _CLASSIFIER + version + '"')
            if meta and version in classifiers
            else _requires_line(meta)
        )
        out.append(
            finding(
                "python-untested",
                Severity.LOW,
                f"{source} claim(s) Python {version}, but no CI job, tox env or nox session "
                f"tests it (tested: {', '.join(_sorted(tested))})",
                path=meta.path if meta else None,
                line=where,
                help="Add the version to the CI matrix, or stop claiming it.",
            )
        )
    outside = _sorted({v for v in tested if not _admits(spec, v)}) if spec is not None else ()
    for version in outside:
        claim = next(c for c in claims.ci if c.version == version)
        out.append(
            finding(
                "python-ci-outside-requires",
                Severity.LOW,
                f"{claim.path} tests Python {version}, which requires-python {requires} excludes",
                path=claim.path,
                line=claim.line,
                help="Align the CI matrix and requires-python.",
            )
        )
    for claim in claims.targets:
        if spec is not None and not _admits(spec, claim.version):
            out.append(
                finding(
                    "python-target-mismatch",
                    Severity.LOW,
                    f"{claim.path} checks the code as Python {claim.version}, which "
                    f"requires-python {requires} excludes",
                    path=claim.path,
                    line=claim.line,
                    help="Set ruff's target-version / mypy's python_version to the oldest "
                    "supported version.",
                )
            )
    for item in claims.unquoted:
        out.append(
            finding(
                "python-version-unquoted",
                Severity.LOW,
                f"{item.path}: python version {item.value} is a YAML number: 3.10 written "
                "unquoted reads as 3.1; quote it",
                path=item.path,
                line=item.line,
                help='Write versions as strings: python-version: "3.10".',
            )
        )
    measured = bool(meta is not None or claims.runtime or claims.ci)
    return PyVersions(
        measured=measured,
        requires_python=requires,
        floor=floor,
        claimed=_sorted(claimed),
        tested=_sorted(tested),
        requires_missing=requires_missing,
        eol=_sorted(eol),
        untested=untested,
        outside=outside,
        findings=tuple(out),
    )


def _requires_line(meta: ProjectMeta | None) -> int | None:
    if meta is None:
        return None
    for needle in ("requires-python", "python_requires", "python ="):
        line = line_of(meta.text, needle)
        if line:
            return line
    return None


def _first_per_file(claims: tuple[Claim, ...]) -> list[Claim]:
    seen: dict[str, Claim] = {}
    for claim in claims:
        seen.setdefault(claim.path, claim)
    return list(seen.values())
