"""The ``ci`` checker: does continuous integration run the tests, lint and type checks?"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pyreadiness.checkers.ci.catalogue import RULES
from pyreadiness.checkers.ci.model import CHECK_ID
from pyreadiness.checkers.interface import Checker
from pyreadiness.discover.classify import FileKind
from pyreadiness.model import (
    CheckResult,
    Pillar,
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
_READMES = ("README.md", "README.rst", "README", "README.txt", "README.markdown")


class CIChecker(Checker):
    """Does CI run the tests, a linter and a type checker, in steps that can fail?

    Recognised systems: GitHub Actions (``.github/workflows/*.yml``, and local composite
    actions they use), GitLab CI (``.gitlab-ci.yml`` with local includes, ``extends`` and
    ``!reference``), CircleCI (``.circleci/config.yml``), Azure Pipelines
    (``azure-pipelines.yml``, ``.azure-pipelines/*.yml`` and local templates), Bitbucket
    Pipelines (``bitbucket-pipelines.yml``), Jenkins (``Jenkinsfile``) and pre-commit.ci (a
    ``.pre-commit-config.yaml`` with a ``ci:`` section, or its badge in the README: it runs
    the hooks on every pull request). Travis CI and AppVeyor are legacy: reported, and
    scored as no CI. Nothing is run; files are read statically.

    Each step's commands are classified as tests (pytest, unittest, ``python test_x.py``,
    coverage run, hatch test...), lint (ruff check, flake8, pylint...; formatters such as
    black, isort and ``ruff format`` are not linters) or type checks (mypy, pyright...).
    Commands that hand work to the repository are followed one level down: ``make TARGET``,
    ``tox``/``tox -e ENV``/``tox -f FACTOR``, ``nox -s SESSION``, ``pre-commit run``,
    ``hatch run SCRIPT`` and scripts in the repository. ``$VARIABLE`` commands are expanded
    from the workflow's ``env:`` (Travis: ``env:`` entries), ``${{ matrix.x }}`` from the
    matrix. A step that cannot fail (``|| true``, ``continue-on-error``, ``allow_failure``,
    no ``set -e`` before the last command...) does not count and is reported.

    Score (weighted mean, 0-100; a malformed CI file is a finding, never a crash):

    * ``ci-present`` (10): 100 with a readable configuration of a current system, else 0.
    * ``runs-tests`` (35): 100 when a step that can fail runs the tests and the repository
      has test files, else 0.
    * ``runs-lint`` (15): 100 when a step that can fail runs a linter, else 0.
    * ``runs-typecheck`` (15): when a step that can fail runs a type checker, 100 times the
      share of annotation slots filled in shipped code (full marks from 80%), else 0.

    Cap: no CI configuration at all, or only legacy systems (and no file of a CI system that
    is not read): the overall score is at most 69.9 (D). A folder without any Python file is
    skipped. Workflow supply-chain hygiene (pinned actions, permissions,
    ``pull_request_target``) is scored by the ``security-process`` check.

    To improve: run the tests, a linter and a type checker on every push and pull request
    and let them fail the run; annotate the code the type checker checks.
    """

    id: ClassVar[str] = CHECK_ID
    pillar: ClassVar[Pillar] = Pillar.DELIVERY
    title: ClassVar[str] = "Continuous integration"
    version: ClassVar[str] = "3"  # 3: a monorepo member counts the root tests that import it
    rules = RULES

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        return sorted(ci_inputs(ctx.inventory))

    def run(self, ctx: CheckContext) -> CheckResult:
        # Imported here: the analysis (PyYAML and every CI system) costs ~25 ms of start-up
        # that a run answered from the cache, which only needs cache_inputs(), never uses.
        from pyreadiness.checkers.ci.evidence import gather
        from pyreadiness.checkers.ci.scoring import Repository, ci_result, runs_typecheck
        from pyreadiness.checkers.ci.typed import annotated

        inventory = ctx.inventory
        if not inventory.of_kind(FileKind.SOURCE, FileKind.TEST, FileKind.STUB, FileKind.AUX):
            return skipped(CHECK_ID, "no Python files: not a Python repository to judge")
        evidence = gather(inventory)
        tests = len(inventory.python_test_files())
        # The annotation scan costs a parse of every module: only when a type check runs.
        typed = annotated(inventory, ctx.cache) if runs_typecheck(evidence) else None
        return ci_result(evidence, Repository(test_files=tests, annotated=typed))


def ci_inputs(inventory: Inventory) -> set[str]:
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
            or name in _READMES  # the pre-commit.ci badge
            # test files decide what a test step is worth; annotations a type-check step's
            or (repo_file.kind in (FileKind.SOURCE, FileKind.TEST) and path.endswith(".py"))
            or repo_file.kind is FileKind.STUB
        ):
            paths.add(path)
    return paths
