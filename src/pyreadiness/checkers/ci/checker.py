"""The ``ci`` checker: does continuous integration run the tests, lint and type checks?"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, ClassVar

from pyreadiness.checkers.ci.model import CHECK_ID, LEGACY_SYSTEMS, Category, System, finding
from pyreadiness.checkers.interface import Checker
from pyreadiness.discover.classify import FileKind
from pyreadiness.model import (
    CheckResult,
    Finding,
    MetricValue,
    Pillar,
    ScoreComponent,
    Severity,
    scored,
    skipped,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pyreadiness.checkers.interface import CheckContext
    from pyreadiness.discover.inventory import Inventory

__all__ = ["CIChecker"]

# Files a CI step may follow one level down; with the CI files themselves they make up
# the whole-result cache key (a superset: scripts may live in any of these places).
_FOLLOWED_FILES = (
    "Makefile",
    "GNUmakefile",
    "makefile",
    "tox.ini",
    "tox.toml",
    "setup.cfg",
    "pyproject.toml",
    "hatch.toml",
    "noxfile.py",
    ".pre-commit-config.yaml",
    "Jenkinsfile",
    ".travis.yml",
    ".gitlab-ci.yml",
    "bitbucket-pipelines.yml",
)
_SCRIPT_FOLDERS = (
    "scripts/",
    "script/",
    "ci/",
    ".ci/",
    "tools/",
    "bin/",
    "dev/",
    ".github/",
    ".gitlab/",
    ".circleci/",
    ".azure-pipelines/",
    "azure-pipelines/",
)
_SCRIPT_SUFFIXES = (".sh", ".bash", ".yml", ".yaml", ".mk")


class CIChecker(Checker):
    """Does CI run the tests, a linter and a type checker, in steps that can fail?

    Recognised systems: GitHub Actions (``.github/workflows/*.yml``, and local composite
    actions they use), GitLab CI (``.gitlab-ci.yml`` with local includes, ``extends`` and
    ``!reference``), CircleCI (``.circleci/config.yml``), Azure Pipelines
    (``azure-pipelines.yml``, ``.azure-pipelines/*.yml`` and local templates), Bitbucket
    Pipelines (``bitbucket-pipelines.yml``), Jenkins (``Jenkinsfile``) and Travis CI
    (``.travis.yml``, legacy: worth half). Nothing is run; files are read statically.

    Each step's commands are classified as tests (pytest, unittest, coverage run, hatch
    test...), lint (ruff, flake8, pylint, black --check, isort --check...) or type
    checks (mypy, pyright, basedpyright, pytype...). Commands that hand work to the
    repository are followed one level down: ``make TARGET`` (recipe and prerequisites),
    ``tox``/``tox -e ENV`` (tox.ini, setup.cfg, pyproject ``[tool.tox]``, tox.toml),
    ``nox``/``nox -s SESSION`` (the noxfile's ``session.run`` calls, read with ``ast``),
    ``pre-commit run`` (the configured hooks), ``hatch run SCRIPT`` and scripts in the
    repository (``./scripts/check.sh``, ``python tools/lint.py``). Known actions count
    too (``astral-sh/ruff-action``, ``pre-commit/action``, ``jakebailey/pyright-action``).
    What a followed file calls is not followed again; a runner is then judged by the name
    of its target (``make test`` runs tests), as it is when its configuration is absent.

    A step that cannot fail does not count, and is reported (``ci-check-cannot-fail``):
    ``cmd || true`` / ``|| echo`` / ``|| exit 0``, ``continue-on-error: true``,
    ``allow_failure: true``, manual jobs, a command that is not last in a script without
    ``set -e`` (Azure's default, make recipe lines, scripts), a command piped into another
    without ``pipefail``, make's ``-`` prefix.

    Score (weighted mean, 0-100; a malformed CI file is a finding, never a crash):

    * ``ci-present`` (10): 100 with a readable configuration, 50 if only Travis, else 0.
      With no CI at all every component is 0, so the score is 0. A folder without any
      Python file is skipped: it is not a Python repository to judge.
    * ``runs-tests`` (35), ``runs-lint`` (15), ``runs-typecheck`` (15): 100 when a step
      that can fail runs that kind of check, 50 when only Travis does, else 0.
    * Only when GitHub Actions is used: ``actions-pinned`` (10, the share of third-party
      action references pinned to a full commit SHA; ``actions/*``, ``github/*`` and local
      actions are exempt), ``permissions`` (10, the share of workflows declaring
      least-privilege ``permissions``: not ``write-all``, no workflow-wide write scopes)
      and ``pull-request-target`` (15, 0 if a ``pull_request_target`` workflow checks out
      the pull request's head, a HIGH finding).

    To improve: run the tests, a linter and a type checker on every push and pull
    request and let them fail the run; pin third-party actions by SHA (Dependabot or
    Renovate keep pins fresh); declare ``permissions: contents: read`` per workflow;
    never check out pull request code in ``pull_request_target`` workflows.
    """

    id: ClassVar[str] = CHECK_ID
    pillar: ClassVar[Pillar] = Pillar.DELIVERY
    title: ClassVar[str] = "Continuous integration"
    version: ClassVar[str] = "1"

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        return sorted(_inputs(ctx.inventory))

    def run(self, ctx: CheckContext) -> CheckResult:
        # Imported here: the analysis (PyYAML and every CI system) costs ~25 ms of start-up
        # that a run answered from the cache, which only needs cache_inputs(), never uses.
        from pyreadiness.checkers.ci.analyze import Analyzer
        from pyreadiness.checkers.ci.hygiene import github_hygiene
        from pyreadiness.checkers.ci.scoring import (
            cannot_fail_findings,
            category_component,
            evidence,
            missing_findings,
            presence,
        )
        from pyreadiness.checkers.ci.systems import EXTRACTORS, detect

        inventory = ctx.inventory
        if not inventory.of_kind(FileKind.SOURCE, FileKind.TEST, FileKind.STUB, FileKind.AUX):
            return skipped(CHECK_ID, "no Python files: not a Python repository to judge")
        detected = detect(inventory)
        systems = sorted(detected, key=lambda s: s.value)
        extractions = [EXTRACTORS[s](inventory, detected[s]) for s in systems]
        hits = Analyzer(inventory).hits(step for e in extractions for step in e.steps)
        readable = [e.system for e in extractions if e.documents]

        components: list[ScoreComponent] = [presence(readable, systems)]
        components += [category_component(c, hits) for c in Category]
        findings: list[Finding] = [f for e in extractions for f in e.findings]
        findings += cannot_fail_findings(hits)
        metrics: dict[str, MetricValue] = {"systems": [s.value for s in systems]}
        for category in Category:
            where = sorted({h.system.value for h in hits if h.category is category and h.counts})
            metrics[f"runs_{category.value}"] = bool(where)
            metrics[f"{category.value}_in"] = where
        if not systems:
            findings.append(_no_ci())
        elif readable:
            steps_in = Counter(step.path for e in extractions for step in e.steps)
            entries = [
                (e.system in LEGACY_SYSTEMS, -steps_in[path], path)
                for e in extractions
                for path in detected[e.system]
                if path in e.documents
            ]
            # Point at the busiest readable entry file, a current system's before Travis's.
            anchor = min(entries)[2] if entries else None
            findings += missing_findings(components, anchor)
        if System.TRAVIS in detected:
            findings.append(_travis(detected[System.TRAVIS][0]))

        github = next((e for e in extractions if e.system is System.GITHUB), None)
        summary_extra = ""
        if github is not None:
            hygiene = github_hygiene(github.documents, github.steps)
            components += hygiene.components
            findings += hygiene.findings
            metrics["workflows"] = len(detected[System.GITHUB])
            metrics.update(hygiene.metrics)
            if hygiene.metrics["actions_unpinned"]:
                summary_extra += f"; {hygiene.metrics['actions_unpinned']} unpinned action(s)"
            if hygiene.metrics["pull_request_target_head_checkouts"]:
                summary_extra += "; unsafe pull_request_target"

        metrics["ci_files"] = sorted({p for e in extractions for p in e.files})
        metrics["invalid_files"] = sorted({p for e in extractions for p in e.invalid})
        metrics["checks_cannot_fail"] = sum(1 for f in findings if f.rule == "ci-check-cannot-fail")
        metrics["evidence"] = evidence(hits)
        return scored(
            CHECK_ID,
            components=components,
            summary=_summary(systems, metrics) + summary_extra,
            metrics=metrics,
            findings=sorted(findings, key=lambda f: (f.path or "", f.line or 0, f.rule, f.message)),
        )


def _summary(systems: list[System], metrics: dict[str, MetricValue]) -> str:
    if not systems:
        return "no CI configuration found"
    ran = [c.value for c in Category if metrics[f"runs_{c.value}"]]
    missing = [c.value for c in Category if not metrics[f"runs_{c.value}"]]
    names = ", ".join(s.value for s in systems)
    if not ran:
        return f"{names}: runs no tests, lint or type checks"
    text = f"{names}: runs {', '.join(ran)}"
    return text + (f"; no {', '.join(missing)}" if missing else "")


def _no_ci() -> Finding:
    return finding(
        "ci-missing",
        Severity.HIGH,
        "No continuous integration configuration found: nothing checks changes before "
        "they are merged",
        help="Add a CI workflow (for example .github/workflows/ci.yml) that installs the "
        "project and runs the tests, a linter and a type checker on every push and pull "
        "request.",
    )


def _travis(path: str) -> Finding:
    return finding(
        "ci-travis-legacy",
        Severity.LOW,
        "Travis CI is configured: travis-ci.org closed in 2021 and many such configurations "
        "no longer run anywhere; its checks count half",
        path=path,
        help="Move the jobs to a maintained CI service (GitHub Actions, GitLab CI...) and "
        "delete .travis.yml once they run there.",
    )


def _inputs(inventory: Inventory) -> set[str]:
    """Every file a CI step may lead to: configuration anywhere, scripts, CI folders."""
    paths: set[str] = set()
    for repo_file in inventory.files:
        path = repo_file.path
        name = path.rpartition("/")[2]
        if (
            repo_file.kind is FileKind.CONFIG
            or name in _FOLLOWED_FILES
            or path.startswith(_SCRIPT_FOLDERS)
            or (path.endswith((*_SCRIPT_SUFFIXES, ".py")) and "/" not in path)
            or path.endswith((".sh", ".bash"))
        ):
            paths.add(path)
    return paths
