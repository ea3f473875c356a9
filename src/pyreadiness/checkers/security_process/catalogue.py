"""The security-process checker's rules."""

from __future__ import annotations

from pyreadiness.model import RuleDoc

RULES = {
    "no-security-scanning": RuleDoc(
        title="CI runs no security scanner",
        why="Without a scanner in CI, vulnerable code and dependencies are found by attackers "
        "first.",
        fix="Add a scanning job: CodeQL, pip-audit for dependencies, bandit or semgrep for "
        "code, zizmor for the workflows.",
    ),
    "secret-file-committed": RuleDoc(
        title="Secret-bearing file committed",
        why="A private key, .pypirc/.netrc credentials or a .env file with secrets in the "
        "repository is readable by everyone with access, forever.",
        fix="Rotate the credentials, delete the file, add it to .gitignore and load secrets "
        "from the environment or a secret store.",
        precision="very-high",
    ),
    "secret-file-in-tests": RuleDoc(
        title="Secret-bearing file in test data",
        why="Usually a test fixture, but a real credential there leaks like any other.",
        fix="Make sure it is a throwaway test key; generate it in the test if possible.",
        precision="low",
    ),
    "ci-action-unpinned": RuleDoc(
        title="Third-party action not pinned to a commit SHA",
        why="A tag or branch can be moved to run other code with the workflow's token and "
        "secrets (as in the tj-actions/changed-files compromise).",
        fix="Pin it to the full commit SHA of a release (`owner/action@<sha>  # v1.2.3`) and "
        "let Dependabot or Renovate update it.",
        precision="very-high",
    ),
    "ci-permissions-broad": RuleDoc(
        title="Workflow grants broad permissions",
        why="`write-all` (or write scopes a job does not need) hands every step a token that "
        "can change the repository.",
        fix="Declare least-privilege `permissions:` (e.g. `contents: read`) and grant writes "
        "per job.",
        precision="very-high",
    ),
    "ci-permissions-missing": RuleDoc(
        title="Workflow declares no permissions",
        why="Without `permissions:` the token gets the repository's default, often read-write.",
        fix="Add `permissions: contents: read` at the top of the workflow and widen per job.",
        precision="very-high",
    ),
    "ci-pr-target-checkout": RuleDoc(
        title="pull_request_target workflow checks out the pull request head",
        why="It runs untrusted code from a fork with the workflow's write token and secrets.",
        fix="Build and test pull requests with the `pull_request` trigger; keep "
        "`pull_request_target` for work that never runs the head.",
        precision="high",
    ),
}
