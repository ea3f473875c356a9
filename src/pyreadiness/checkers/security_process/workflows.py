"""GitHub Actions supply chain: pinned third-party actions, least-privilege tokens, safe
triggers (moved from the ci checker: each signal is counted once, in the security pillar).

* Third-party actions (owners other than ``actions`` and ``github``, and ``docker://``
  images) should be pinned to a full commit SHA (or image digest): a tag can be moved to
  run other code with the workflow's token and secrets.
* Each workflow should declare ``permissions`` (at the top, or on every job), and not
  ``write-all`` nor write scopes for the whole workflow. Workflows only triggered by
  ``workflow_call`` inherit the caller's token and are not required to.
* A ``pull_request_target`` workflow runs with a write token and secrets; checking out the
  pull request's head there runs untrusted code with them ("pwn request").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pyreadiness.checkers.ci.model import Step
from pyreadiness.checkers.ci.yamlload import as_dict, as_list, line_of
from pyreadiness.checkers.security_process.model import finding
from pyreadiness.model import Finding, ScoreComponent, Severity

_SHA = re.compile(r"^[0-9a-f]{40}$")
_FIRST_PARTY = frozenset({"actions", "github"})
_HEAD_REFS = (
    "github.event.pull_request.head",
    "github.head_ref",
    "github.event.pull_request.number",
    "github.event.number",
    "refs/pull/",
)

#: A moved tag runs other code with the token and secrets: a real but conditional risk.
WEIGHT_PINNED = 15.0
#: A write token by default widens what any compromised step can do.
WEIGHT_PERMISSIONS = 15.0
#: A pwn request lets anyone who opens a pull request run code with secrets: the worst.
WEIGHT_PR_TARGET = 20.0


@dataclass
class Hygiene:
    components: list[ScoreComponent] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, int] = field(default_factory=dict)


def _triggers(workflow: dict[Any, Any]) -> set[str]:
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on}
    if isinstance(on, dict):
        return {str(k) for k in on}
    return {str(t) for t in as_list(on)}


def _third_party(uses: str) -> tuple[bool, bool]:
    """(is third party, is pinned) for a ``uses:`` reference."""
    if uses.startswith(("./", ".\\")):
        return False, True
    if uses.startswith("docker://"):
        return True, "@sha256:" in uses
    owner = uses.split("/", 1)[0].lower()
    if owner in _FIRST_PARTY:
        return False, True
    return True, bool(_SHA.match(uses.rpartition("@")[2]))


def _pinning(steps: list[Step], out: Hygiene) -> None:
    third = unpinned = 0
    for step in steps:
        if step.uses is None:
            continue
        is_third, pinned = _third_party(step.uses)
        if not is_third:
            continue
        third += 1
        if not pinned:
            unpinned += 1
            out.findings.append(
                finding(
                    "ci-action-unpinned",
                    Severity.MEDIUM,
                    f"third-party action `{step.uses}` is not pinned to a full commit SHA",
                    path=step.path,
                    line=step.line,
                    help="Pin it to the 40-character commit SHA of a release "
                    "(`owner/action@<sha>  # v1.2.3`): a tag or branch can be moved to run "
                    "other code with this workflow's token and secrets. Dependabot and "
                    "Renovate keep SHA pins up to date.",
                )
            )
    pinned_count = third - unpinned
    out.metrics["actions_third_party"] = third
    out.metrics["actions_unpinned"] = unpinned
    detail = (
        f"{pinned_count} of {third} third-party action references pinned to a commit SHA"
        if third
        else "no third-party actions used"
    )
    score = 100.0 * pinned_count / third if third else 100.0
    out.components.append(
        ScoreComponent(
            id="actions-pinned", weight=WEIGHT_PINNED, score=round(score, 1), detail=detail
        )
    )


def _broad(permissions: Any, top_level: bool) -> bool:
    if permissions == "write-all":
        return True
    return top_level and isinstance(permissions, dict) and "write" in permissions.values()


def _permissions(workflows: dict[str, dict[Any, Any]], out: Hygiene) -> None:
    applicable = good = missing = broad = 0
    for path, workflow in sorted(workflows.items()):
        jobs = [as_dict(j) for j in as_dict(workflow.get("jobs")).values()]
        top = workflow.get("permissions")
        called_only = _triggers(workflow) == {"workflow_call"}
        job_permissions = [j["permissions"] for j in jobs if "permissions" in j]
        explicit = "permissions" in workflow or (bool(jobs) and len(job_permissions) == len(jobs))
        too_broad = [p for p in job_permissions if _broad(p, top_level=False)]
        if "permissions" in workflow and _broad(top, top_level=True):
            too_broad.insert(0, top)
        if called_only and not too_broad:
            continue
        applicable += 1
        if too_broad:
            broad += 1
            value = too_broad[0]
            out.findings.append(
                finding(
                    "ci-permissions-broad",
                    Severity.MEDIUM,
                    f"{path} grants its token "
                    + ("`write-all`" if value == "write-all" else "write scopes workflow-wide"),
                    path=path,
                    line=line_of(value) or line_of(workflow),
                    help="Give the workflow `permissions: contents: read` and grant each "
                    "write scope only on the job that needs it.",
                )
            )
        elif not explicit:
            missing += 1
            out.findings.append(
                finding(
                    "ci-permissions-missing",
                    Severity.MEDIUM,
                    f"{path} does not declare `permissions`: its token gets the repository's "
                    "default, which may allow writing",
                    path=path,
                    help="Add `permissions: contents: read` at the top of the workflow and "
                    "grant more only on the jobs that need it.",
                )
            )
        else:
            good += 1
    out.metrics["workflows_missing_permissions"] = missing
    out.metrics["workflows_broad_permissions"] = broad
    score = 100.0 * good / applicable if applicable else 100.0
    detail = (
        f"{good} of {applicable} workflows declare least-privilege `permissions`"
        if applicable
        else "no workflow needs its own `permissions`"
    )
    out.components.append(
        ScoreComponent(
            id="permissions", weight=WEIGHT_PERMISSIONS, score=round(score, 1), detail=detail
        )
    )


def _pr_target(workflows: dict[str, dict[Any, Any]], steps: list[Step], out: Hygiene) -> None:
    risky = sorted(p for p, w in workflows.items() if "pull_request_target" in _triggers(w))
    dangerous: set[str] = set()
    for step in steps:
        if step.path not in risky:
            continue
        inputs = dict(step.with_args)
        ref = inputs.get("ref", "") + " " + inputs.get("repository", "")
        checks_out_head = (
            step.uses is not None
            and step.uses.lower().startswith("actions/checkout")
            and any(marker in ref for marker in _HEAD_REFS)
        ) or (
            step.script is not None
            and ("gh pr checkout" in step.script or "refs/pull/" in step.script)
        )
        if checks_out_head:
            dangerous.add(step.path)
            out.findings.append(
                finding(
                    "ci-pr-target-checkout",
                    Severity.HIGH,
                    f"{step.path} runs on `pull_request_target` and checks out the pull "
                    "request's code: anyone opening a pull request can run code with this "
                    "workflow's write token and secrets",
                    path=step.path,
                    line=step.line,
                    help="Build and test pull requests with the `pull_request` trigger. "
                    "Keep `pull_request_target` for trusted work (labels, comments) that "
                    "never checks out or runs the pull request's head.",
                )
            )
    out.metrics["pull_request_target_workflows"] = len(risky)
    out.metrics["pull_request_target_head_checkouts"] = len(dangerous)
    detail = (
        f"{len(dangerous)} pull_request_target workflow(s) check out the pull request head"
        if dangerous
        else "no pull_request_target workflow checks out untrusted code"
    )
    out.components.append(
        ScoreComponent(
            id="pull-request-target",
            weight=WEIGHT_PR_TARGET,
            score=0.0 if dangerous else 100.0,
            detail=detail,
        )
    )


def github_hygiene(documents: dict[str, Any], steps: list[Step]) -> Hygiene:
    """Components, findings and metrics for the workflows that could be read."""
    workflows = {
        path: data
        for path, data in documents.items()
        if path.startswith(".github/workflows/") and isinstance(data, dict)
    }
    out = Hygiene()
    _pinning(steps, out)
    _permissions(workflows, out)
    _pr_target(workflows, steps, out)
    return out
