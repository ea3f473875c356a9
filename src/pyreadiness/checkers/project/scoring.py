"""Every weight and curve of the project checker (docs/checks/project.md says why).

A component that does not apply to the repository's profile, or that only adds credit and
found nothing, is left out of the weighted mean: it neither gives nor takes points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyreadiness.model import Profile, ScoreCap, ScoreComponent
from pyreadiness.score.model import CAP_LIMITS, decay, linear, ratio

if TYPE_CHECKING:  # the parts import this module's constants: types only, no cycle
    from pyreadiness.checkers.project.artifacts import Artifacts
    from pyreadiness.checkers.project.docstrings import FileDocs
    from pyreadiness.checkers.project.governance import Codeowners
    from pyreadiness.checkers.project.licence import Licence
    from pyreadiness.checkers.project.packaging import Packaging
    from pyreadiness.checkers.project.pyversions import PyVersions
    from pyreadiness.checkers.project.readme import Readme

#: Profiles whose code is used by others: packaging, docs and a licence matter most.
SHARED = frozenset({Profile.LIBRARY, Profile.CLI, Profile.MONOREPO})

#: Component weights by profile (None: the component does not apply to that profile).
#: Licence weighs most where others install the code; an application deployed by its owner
#: still needs one, less; notebooks and scripts neither publish metadata nor an API.
WEIGHTS: dict[str, dict[Profile, float | None]] = {
    "licence": {
        Profile.LIBRARY: 30,
        Profile.CLI: 30,
        Profile.MONOREPO: 30,
        Profile.APPLICATION: 10,
        Profile.SCRIPTS: 10,
    },
    "readme": dict.fromkeys(Profile, 15),
    "changelog": {
        Profile.LIBRARY: 5,
        Profile.CLI: 5,
        Profile.MONOREPO: 5,
        Profile.APPLICATION: 3,
        Profile.SCRIPTS: None,
    },
    "packaging-metadata": {
        Profile.LIBRARY: 15,
        Profile.CLI: 15,
        # A monorepo's packages carry their own metadata; its root often only a workspace.
        Profile.MONOREPO: None,
        Profile.APPLICATION: None,
        Profile.SCRIPTS: None,
    },
    "python-versions": dict.fromkeys(Profile, 10),
    "artifacts": dict.fromkeys(Profile, 10),
    "docs-build": {
        Profile.LIBRARY: 5,
        Profile.CLI: 3,
        Profile.MONOREPO: 5,
        Profile.APPLICATION: None,
        Profile.SCRIPTS: None,
    },
    "docstrings": {
        Profile.LIBRARY: 10,
        Profile.CLI: 5,
        Profile.MONOREPO: 10,
        Profile.APPLICATION: 5,
        Profile.SCRIPTS: None,
    },
    # Credit only (absence costs nothing: organisations often keep these centrally).
    "security-policy": dict.fromkeys(Profile, 5),
    "contributing": dict.fromkeys(Profile, 3),
    "codeowners": dict.fromkeys(Profile, 2),
}
CREDIT_ONLY = frozenset({"security-policy", "contributing", "codeowners"})

#: The licence component by situation (docs/checks/project.md, "Licence"): a text we
#: recognise that agrees with the metadata is the only full mark; a text and metadata that
#: disagree leave the grant ambiguous, worse than metadata alone without the text.
LICENCE_SCORES: dict[str, float] = {
    "agrees": 100.0,
    "metadata-missing": 80.0,  # the text is there; indexes and scanners see no licence
    "unrecognised": 60.0,  # a licence we cannot read: a lawyer must
    "expression-invalid": 50.0,
    "file-missing": 40.0,  # declared, but the text most licences require is not shipped
    "mismatch": 30.0,
    "missing": 0.0,
}
#: README: points for being there, for an install section and for a usage section; a
#: placeholder of a few lines gets half the first.
README_PRESENT, README_INSTALL, README_USAGE = 40.0, 30.0, 30.0

#: Python versions: points lost per problem (100 at none, never below 0).
EOL_PENALTY = 40.0  # any supported or deployed version past end of life
UNTESTED_PENALTY = 15.0  # per claimed version no CI job tests...
UNTESTED_MAX = 45.0  # ...at most three counted
OUTSIDE_PENALTY = 10.0  # per tested version requires-python excludes...
OUTSIDE_MAX = 20.0
MISSING_REQUIRES_PENALTY = 50.0  # packaged, but no requires-python
TARGET_PENALTY = 10.0  # ruff/mypy check the code as a version requires-python excludes

#: Artifacts: halved for every this many committed artifacts (folders or files).
ARTIFACTS_HALF_AT = 2.0
#: Docstrings: 0 at this share documented, 100 at the other.
DOCSTRINGS_ZERO_AT, DOCSTRINGS_FULL_AT = 0.0, 80.0
#: Packaging: share of the 8 expected fields plus a build backend; a pyproject.toml the
#: specification rejects loses this much; each unknown classifier costs its share.
SCHEMA_PENALTY = 40.0


#: No licence at all on code meant to be used by others: nobody may legally adopt it, so the
#: overall score is at most a D whatever else is good (weakest link, docs/scoring.md).
NO_LICENCE_CAP = CAP_LIMITS["no-licence"]  # one table of caps: score/model.py


def caps(lic: Licence, profile: Profile) -> tuple[ScoreCap, ...]:
    if profile not in SHARED or not any(f.rule == "licence-missing" for f in lic.findings):
        return ()
    return (
        ScoreCap(
            id="no-licence",
            limit=NO_LICENCE_CAP,
            reason="no licence: the code may not legally be used by others",
            evidence="no LICENSE/COPYING/LICENSES file and no licence in the packaging metadata",
        ),
    )


def weight(component: str, profile: Profile) -> float | None:
    return WEIGHTS[component][profile]


def _component(cid: str, profile: Profile, score: float, detail: str) -> ScoreComponent | None:
    w = weight(cid, profile)
    if w is None:
        return None
    return ScoreComponent(id=cid, weight=float(w), score=round(score, 1), detail=detail)


def licence(lic: Licence, profile: Profile) -> ScoreComponent | None:
    return _component("licence", profile, lic.score, lic.detail)


def readme(doc: Readme, profile: Profile) -> ScoreComponent | None:
    return _component("readme", profile, doc.score, doc.detail)


def presence(cid: str, found: str | None, profile: Profile, what: str) -> ScoreComponent | None:
    """100 when found; 0, or left out for credit-only components, when not."""
    if found is None and cid in CREDIT_ONLY:
        return None
    return _component(cid, profile, 100.0 if found else 0.0, found or f"no {what}")


def codeowners(owners: Codeowners | None, profile: Profile) -> ScoreComponent | None:
    if owners is None:
        return None
    return _component(
        "codeowners",
        profile,
        ratio(owners.valid, owners.rules) if owners.rules else 0.0,
        f"{owners.path}: {owners.valid} of {owners.rules} rules match files and name owners",
    )


def packaging(pkg: Packaging, profile: Profile) -> ScoreComponent | None:
    fields = ratio(pkg.fields_present, pkg.fields_expected)
    unknown = pkg.classifiers - pkg.classifiers_known
    score = fields * (ratio(pkg.classifiers_known, pkg.classifiers) / 100.0)
    if pkg.schema_error is not None or any(f.rule == "pyproject-invalid" for f in pkg.findings):
        score -= SCHEMA_PENALTY
    detail = f"{pkg.fields_present} of {pkg.fields_expected} fields (incl. build backend)"
    if unknown:
        detail += f", {unknown} unknown/deprecated classifier(s)"
    if pkg.schema_error is not None:
        detail += ", rejected by validate-pyproject"
    return _component("packaging-metadata", profile, max(0.0, score), detail)


def versions(py: PyVersions, profile: Profile) -> ScoreComponent | None:
    if not py.measured:
        return None
    score = 100.0
    score -= EOL_PENALTY * bool(py.eol)
    score -= min(UNTESTED_MAX, UNTESTED_PENALTY * len(py.untested))
    score -= min(OUTSIDE_MAX, OUTSIDE_PENALTY * len(py.outside))
    score -= MISSING_REQUIRES_PENALTY * py.requires_missing
    score -= TARGET_PENALTY * any(f.rule == "python-target-mismatch" for f in py.findings)
    parts = [f"requires-python {py.requires_python or 'missing'}"]
    if py.tested:
        parts.append(f"tested {', '.join(py.tested)}")
    if py.eol:
        parts.append(f"end of life: {', '.join(py.eol)}")
    if py.untested:
        parts.append(f"untested: {', '.join(py.untested)}")
    if py.outside:
        parts.append(f"tested outside requires-python: {', '.join(py.outside)}")
    return _component("python-versions", profile, max(0.0, score), "; ".join(parts))


def artifacts(found: Artifacts, profile: Profile) -> ScoreComponent | None:
    detail = (
        f"{found.count} committed artifact(s) ({found.files} file(s))"
        if found.count
        else "no committed build output, bytecode, databases, pickles, binaries or large files"
    )
    if found.test_material:
        detail += f"; {found.test_material} under test folders, not scored"
    return _component("artifacts", profile, decay(found.count, half_at=ARTIFACTS_HALF_AT), detail)


def docstrings(files: tuple[FileDocs, ...], profile: Profile) -> ScoreComponent | None:
    counted = [f for f in files if not f.error]
    total = sum(f.total for f in counted)
    if not total:
        return None  # no public module: nothing to document
    documented = sum(f.documented for f in counted)
    share = 100.0 * documented / total
    return _component(
        "docstrings",
        profile,
        linear(share, zero_at=DOCSTRINGS_ZERO_AT, full_at=DOCSTRINGS_FULL_AT),
        f"{documented} of {total} public modules, classes and functions documented "
        f"({share:.1f}%, full marks at {DOCSTRINGS_FULL_AT:.0f}%)",
    )
