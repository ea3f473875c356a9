"""The ``project`` checker: what a reviewer looks at first, before reading any code."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.checkers.project import scoring
from pyreadiness.checkers.project.assess import Assessment, assess, input_paths
from pyreadiness.checkers.project.catalogue import RULES
from pyreadiness.checkers.project.rules import CHECK_ID, library_versions
from pyreadiness.discover.python_eol import calendar
from pyreadiness.model import CheckResult, Pillar, ScoreComponent, scored


def today() -> dt.date:
    """The day end of life is judged on (one place, so tests can fix the date)."""
    return dt.date.today()


class ProjectChecker(Checker):
    """Licence, governance files, packaging metadata, supported Pythons, committed
    artifacts and documentation: can an organisation adopt this project as it stands?

    What it measures (statically; nothing is built, imported or fetched)
      * Licence: a LICENSE/COPYING file whose text is recognised (MIT, BSD, Apache-2.0,
        GPL/LGPL/AGPL, MPL-2.0, ISC, Unlicense, proprietary notices...) and agrees with
        the packaging metadata (PEP 639 expression parsed by license-expression,
        license-files, legacy license text, classifiers).
      * README (install and usage sections), a changelog or release-notes tooling;
        SECURITY, CONTRIBUTING and CODEOWNERS (whose paths must exist) add credit only,
        since organisations often keep them centrally.
      * Packaging metadata for libraries and CLIs: name, version, description, readme,
        requires-python, license, classifiers, URLs and a build backend; pyproject.toml
        checked by validate-pyproject and classifiers by trove-classifiers.
      * Supported Pythons: requires-python and classifiers against the CI matrix, tox,
        nox, .python-version, Dockerfiles and ruff/mypy targets, with the end-of-life
        calendar shipped with pyreadiness (works offline).
      * Committed artifacts: bytecode, build output, tool caches, databases, pickles,
        binaries, files over 5 MiB.
      * Documentation: a Sphinx/MkDocs/Read the Docs configuration and the docstring
        coverage of the public API of shipped modules.

    How it scores
      Weighted mean of the components that apply to the repository's profile (a library
      is judged on packaging metadata and docs, a collection of scripts is not): licence
      30 (10 for applications and scripts), readme 15, packaging-metadata 15, python-versions
      10, artifacts 10, docstrings 10, changelog 5, docs-build 5; security-policy 5,
      contributing 3 and codeowners 2 only when present. Every weight and curve is in
      docs/checks/project.md.

    How to improve
      Add a standard LICENSE and declare it (license = "SPDX-ID"), write install and usage
      sections in the README, keep a CHANGELOG, declare requires-python and test every
      version you claim, remove committed build output, and document the public API.
    """

    id = CHECK_ID
    pillar = Pillar.GOVERNANCE
    title = "Licence, governance, packaging metadata and documentation"
    version = "2"
    weight = 1.0
    rules = RULES

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        return input_paths(ctx.inventory)

    def cache_salt(self, ctx: CheckContext) -> str:
        # File names and sizes decide artifacts and CODEOWNERS; dates decide end of life.
        listing = hashlib.sha256()
        for f in ctx.inventory.files:
            listing.update(f"{f.path}\0{f.size}\n".encode("utf-8", "surrogateescape"))
        for path in ctx.inventory.set_aside:
            listing.update(f"{path}\0aside\n".encode("utf-8", "surrogateescape"))
        day = today()
        eol = [r.version for r in calendar().releases if r.end_of_life < day]
        released = [r.version for r in calendar().released_by(day)]
        return (
            f"{library_versions()}|profile {ctx.profile.profile.value}|eol {eol}|"
            f"released {released}|listing {listing.hexdigest()}"
        )

    def run(self, ctx: CheckContext) -> CheckResult:
        profile = ctx.profile.profile
        found = assess(ctx.inventory, ctx.cache, profile, today())
        components = [c for c in _components(found) if c is not None]
        return scored(
            self.id,
            components=components,
            summary=_summary(found, components),
            metrics=found.metrics(),
            findings=found.findings(),
            caps=scoring.caps(found.licence, profile),
        )


def _components(a: Assessment) -> list[ScoreComponent | None]:
    p = a.profile
    return [
        scoring.licence(a.licence, p),
        scoring.readme(a.readme, p),
        scoring.presence("changelog", a.changelog, p, "changelog or release-notes tooling"),
        scoring.packaging(a.packaging, p),
        scoring.versions(a.versions, p),
        scoring.artifacts(a.artifacts, p),
        scoring.presence("docs-build", a.docs_config, p, "Sphinx/MkDocs/Read the Docs config"),
        scoring.docstrings(a.docstrings, p),
        scoring.presence("security-policy", a.security, p, "security policy"),
        scoring.presence("contributing", a.contributing, p, "contributing guide"),
        scoring.codeowners(a.codeowners, p),
    ]


def _summary(a: Assessment, components: list[ScoreComponent]) -> str:
    weak = [c.id for c in components if c.score < 50]
    licence = ", ".join(sorted({f.spdx for f in a.licence.files if f.spdx})) or (
        "licence unrecognised" if a.licence.files else "no licence"
    )
    return f"{licence}; " + (f"weak: {', '.join(weak)}" if weak else "nothing weak")
