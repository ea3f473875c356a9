"""The security-process checker's GitHub Actions supply chain (moved from the ci checker):
pinned actions, least-privilege permissions, pull_request_target, on small repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.checkers.security_process import SecurityProcessChecker
from pyreadiness.model import CheckResult
from tests.test_ci_systems import repo_context

SHA = "8e5e7e5ab8b370d6c329ec480221332ada57f0ab"


def check(tmp_path: Path, files: dict[str, str]) -> CheckResult:
    return SecurityProcessChecker().run(repo_context(tmp_path, files))


def rules(result: CheckResult) -> list[str]:
    return [f.rule for f in result.findings]


def component(result: CheckResult, component_id: str) -> float:
    return next(c.score for c in result.components if c.id == component_id)


def test_local_composite_actions_are_followed_and_pinned_like_workflows(tmp_path: Path) -> None:
    workflow = f"""\
on: push
permissions: {{}}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/checks
      - uses: ./.github/actions/checks
      - uses: docker://ghcr.io/owner/tool@sha256:{"0" * 64}
      - uses: docker://python:3.12
  reuse:
    uses: octo/workflows/.github/workflows/ci.yml@main
"""
    action = f"""\
runs:
  using: composite
  steps:
    - uses: some/setup@{SHA}
    - run: pytest
      shell: bash
"""
    result = check(
        tmp_path,
        {".github/workflows/ci.yml": workflow, ".github/actions/checks/action.yml": action},
    )
    # some/setup (pinned), docker digest (pinned), docker tag, reusable workflow @main
    assert (result.metrics["actions_third_party"], result.metrics["actions_unpinned"]) == (4, 2)
    unpinned = [f.message for f in result.findings if f.rule == "ci-action-unpinned"]
    assert unpinned == [
        "third-party action `docker://python:3.12` is not pinned to a full commit SHA",
        "third-party action `octo/workflows/.github/workflows/ci.yml@main` is not pinned "
        "to a full commit SHA",
    ]
    assert component(result, "actions-pinned") == 50.0


@pytest.mark.parametrize(
    "on",
    ["pull_request_target", "[push, pull_request_target]", "\n  pull_request_target:\n"],
)
@pytest.mark.parametrize(
    "ref",
    [
        "${{ github.head_ref }}",
        "${{ github.event.pull_request.head.ref }}",
        "refs/pull/${{ github.event.number }}/merge",
    ],
)
def test_pull_request_target_checking_out_the_head_is_high(
    tmp_path: Path, on: str, ref: str
) -> None:
    workflow = f"""\
on: {on}
permissions:
  contents: read
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: {ref}
      - run: pytest
"""
    result = check(tmp_path, {".github/workflows/t.yml": workflow})
    assert rules(result).count("ci-pr-target-checkout") == 1
    assert component(result, "pull-request-target") == 0.0


def test_pull_request_target_without_checking_out_the_head_is_fine(tmp_path: Path) -> None:
    workflow = """\
on: pull_request_target
permissions:
  pull-requests: write
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/labeler@v5
"""
    result = check(tmp_path, {".github/workflows/label.yml": workflow})
    assert "ci-pr-target-checkout" not in rules(result)
    assert component(result, "pull-request-target") == 100.0
    assert result.metrics["pull_request_target_workflows"] == 1
    # pull-requests: write at the top is a workflow-wide write scope
    assert rules(result).count("ci-permissions-broad") == 1


@pytest.mark.parametrize(
    ("permissions", "missing", "broad"),
    [
        ("permissions: read-all\n", 0, 0),
        ("permissions:\n  contents: write\n", 0, 1),
        ("permissions: write-all\n", 0, 1),
        ("", 1, 0),
    ],
)
def test_workflow_permissions(tmp_path: Path, permissions: str, missing: int, broad: int) -> None:
    workflow = f"on: push\n{permissions}jobs:\n  a:\n    steps:\n      - run: pytest\n"
    result = check(tmp_path, {".github/workflows/w.yml": workflow})
    assert result.metrics["workflows_missing_permissions"] == missing
    assert result.metrics["workflows_broad_permissions"] == broad
    assert component(result, "permissions") == (0.0 if missing or broad else 100.0)


def test_job_level_permissions_must_cover_every_job(tmp_path: Path) -> None:
    every = (
        "on: push\njobs:\n  a:\n    permissions: {}\n"
        "  b:\n    permissions:\n      contents: write\n"
    )
    some = "on: push\njobs:\n  a:\n    permissions: {}\n  b:\n    runs-on: x\n"
    called = "on: workflow_call\njobs:\n  a:\n    runs-on: x\n"
    result = check(
        tmp_path,
        {
            ".github/workflows/every.yml": every,
            ".github/workflows/some.yml": some,
            ".github/workflows/called.yml": called,
        },
    )
    assert result.metrics["workflows_missing_permissions"] == 1
    assert [f.path for f in result.findings if f.rule == "ci-permissions-missing"] == [
        ".github/workflows/some.yml"
    ]
    # called.yml only runs through workflow_call: its token is the caller's.
    detail = next(c.detail for c in result.components if c.id == "permissions")
    assert detail == "1 of 2 workflows declare least-privilege `permissions`"
