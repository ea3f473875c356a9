"""Values shared by the ci checker's modules: systems, steps, commands and evidence."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from pyreadiness.model import Finding, Severity

CHECK_ID = "ci"


class Category(str, enum.Enum):
    """What a CI step can prove about a change."""

    TESTS = "tests"
    LINT = "lint"
    TYPECHECK = "typecheck"
    SECURITY = "security"  # a security scanner: scored by the security-process checker


#: What the ci checker scores (security scanning is the security-process checker's).
SCORED_CATEGORIES = (Category.TESTS, Category.LINT, Category.TYPECHECK)


class System(str, enum.Enum):
    GITHUB = "github-actions"
    GITLAB = "gitlab-ci"
    CIRCLECI = "circleci"
    AZURE = "azure-pipelines"
    BITBUCKET = "bitbucket-pipelines"
    JENKINS = "jenkins"
    PRECOMMIT_CI = "pre-commit.ci"  # hosted: runs .pre-commit-config.yaml on every PR
    TRAVIS = "travis"
    APPVEYOR = "appveyor"


#: Systems that no longer run open-source builds as a matter of course: travis-ci.org shut
#: down in 2021 (travis-ci.com has no free tier for open source), AppVeyor's configurations
#: are mostly left behind by projects that moved. They are reported, and scored as no CI:
#: their files prove that checks once ran, not that they run on today's changes.
LEGACY_SYSTEMS = frozenset({System.TRAVIS, System.APPVEYOR})


@dataclass(frozen=True, kw_only=True)
class Step:
    """One unit a CI system runs: an inline script, or a reference to an action/orb/pipe.

    ``no_fail`` is why a failure here cannot fail the pipeline ("continue-on-error: true"),
    empty when it can. ``errexit``/``pipefail`` describe the shell the script starts in.
    """

    system: System
    path: str
    line: int | None
    script: str | None = None
    script_line: int | None = None  # line of the script's first line, when known
    uses: str | None = None  # action, orb job, pipe or task reference
    with_args: tuple[tuple[str, str], ...] = ()  # the reference's string inputs
    errexit: bool = True
    pipefail: bool = False
    no_fail: str = ""


@dataclass(frozen=True, kw_only=True)
class Command:
    """One simple command of a script, with where it is and why its failure may not count."""

    text: str
    argv: tuple[str, ...]
    line: int | None
    no_fail: str = ""


@dataclass(frozen=True, kw_only=True)
class Hit:
    """Evidence that a CI system runs a kind of check, and whether that step can fail."""

    category: Category
    system: System
    path: str
    line: int | None
    via: str  # "pytest", or "make test -> python -m pytest"
    no_fail: str = ""

    @property
    def counts(self) -> bool:
        return not self.no_fail


def finding(
    rule: str,
    severity: Severity,
    message: str,
    *,
    path: str | None = None,
    line: int | None = None,
    help: str = "",
) -> Finding:
    return Finding(
        check=CHECK_ID,
        rule=rule,
        severity=severity,
        message=message,
        path=path,
        line=line,
        help=help,
    )
