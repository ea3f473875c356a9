"""The ``security-process`` checker: does the way the repository is built keep it safe?"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pyreadiness.checkers.interface import Checker
from pyreadiness.checkers.security_process.catalogue import RULES
from pyreadiness.checkers.security_process.model import CHECK_ID
from pyreadiness.discover.classify import FileKind
from pyreadiness.model import CheckResult, Pillar, skipped

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pyreadiness.checkers.interface import CheckContext

__all__ = ["SecurityProcessChecker"]


class SecurityProcessChecker(Checker):
    """Security process: scanning in CI, a safe CI supply chain, no committed secret files.

    Reads the CI configuration the way the ``ci`` check does (GitHub Actions, GitLab CI,
    CircleCI, Azure, Bitbucket, Jenkins, pre-commit.ci; runners followed one level down)
    and the repository's file list. Nothing is run.

    Score (weighted mean, 0-100):

    * ``security-scanning`` (35): 100 when CI runs a security scanner (CodeQL, bandit,
      pip-audit, safety, semgrep, zizmor, osv-scanner, scorecard, trivy...), 0 when CI
      exists but runs none; left out (and said) when there is no CI at all.
    * ``actions-pinned`` (15): share of third-party actions pinned to a commit SHA;
      ``permissions`` (15): share of workflows declaring least-privilege ``permissions``;
      ``pull-request-target`` (20): 0 if a ``pull_request_target`` workflow checks out the
      pull request's head. Only when GitHub Actions workflows can be read.
    * ``secret-files`` (30): 0 with a committed private key or credential file (.pypirc,
      .netrc, id_rsa...), halved per ``.env`` file with values; test folders not scored.
    * ``security-policy`` (10): present only with a SECURITY.md, at 100: it only adds
      credit, because organisations often keep their policy centrally.

    To improve: run CodeQL or bandit and pip-audit in CI; pin actions by SHA and declare
    ``permissions: contents: read``; never check out pull request code in
    ``pull_request_target``; keep keys and .env files out of git.
    """

    id: ClassVar[str] = CHECK_ID
    pillar: ClassVar[Pillar] = Pillar.SECURITY
    title: ClassVar[str] = "Security process: scanning, CI supply chain, secret files"
    version: ClassVar[str] = "1"
    rules = RULES

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        from pyreadiness.checkers.ci.checker import ci_inputs
        from pyreadiness.checkers.security_process.files import candidates
        from pyreadiness.checkers.security_process.scoring import POLICY_FILES

        inventory = ctx.inventory
        return sorted(ci_inputs(inventory) | set(candidates(inventory)) | set(POLICY_FILES))

    def run(self, ctx: CheckContext) -> CheckResult:
        from pyreadiness.checkers.ci.evidence import gather
        from pyreadiness.checkers.security_process.scoring import assess

        if not ctx.inventory.of_kind(FileKind.SOURCE, FileKind.TEST, FileKind.STUB, FileKind.AUX):
            return skipped(CHECK_ID, "no Python files: not a Python repository to judge")
        return assess(ctx.inventory, gather(ctx.inventory))
