"""The deployment checker: how the code is built into images and run in production."""

from __future__ import annotations

import dataclasses
import datetime
import posixpath
from collections.abc import Sequence
from typing import ClassVar

from pyreadiness.checkers.deployment import eol, scoring
from pyreadiness.checkers.deployment.analyse import analyse
from pyreadiness.checkers.deployment.files import find_deployment_files
from pyreadiness.checkers.deployment.rules import ALL_RULES, CHECK_ID, HELM_UNRENDERED, UNREADABLE
from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.checkers.rule import catalogue
from pyreadiness.model import CheckResult, Pillar, Severity, scored, skipped

#: Findings that mean a file was left out of the score.
_NOT_CHECKED = frozenset({UNREADABLE.id, HELM_UNRENDERED.id})


class DeploymentChecker(Checker):
    """Deployment: Dockerfiles, compose files, Kubernetes manifests, Helm charts, Terraform.

    What it measures: each deployment file found by name and folder (Dockerfile*,
    Containerfile*, docker-compose*/compose*.yml, YAML under k8s/, deploy/, manifests/ and
    similar folders, Helm charts (templates rendered approximately with the chart's default
    values; helm is never run), *.tf) against a short list of rules a reviewer would agree
    with: pinned, supported base images, a non-root user, health checks or probes, no
    secrets in the files, no privileged or root containers, requests and limits, a
    Terraform lock file and remote state, no public buckets or internet-wide admin ports.

    How it scores: one component per kind of file present (Dockerfiles 2, compose 1,
    Kubernetes 2, Helm 2, Terraform 2); each file starts at 100 and loses 25 per high, 10
    per medium and 3 per low rule it breaks; a component is the mean over its files.
    No deployment file: skipped (no evidence, no score). A file that cannot be read is a
    finding and leaves the mean.

    How to improve: fix each finding as its help says; see docs/checks/deployment.md.
    """

    id: ClassVar[str] = CHECK_ID
    pillar: ClassVar[Pillar] = Pillar.OPERABILITY
    title: ClassVar[str] = "Deployment: containers, manifests and infrastructure"
    version: ClassVar[str] = "1"
    rules = catalogue(ALL_RULES)

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        files = find_deployment_files(ctx.inventory)
        folders = {posixpath.dirname(p) for p in files.terraform}
        locks = [
            posixpath.join(f, ".terraform.lock.hcl") if f else ".terraform.lock.hcl"
            for f in folders
        ]
        return sorted({*files.all_paths(), *(p for p in locks if ctx.inventory.has(p))})

    def cache_salt(self, ctx: CheckContext) -> str:
        today = datetime.date.today()
        # End of life depends on the date: the versions already past it are part of the key.
        past = sorted(f"{a}.{b}" for (a, b), d in eol.PYTHON_EOL.items() if d < today)
        past += sorted(name for name, d in eol.DEBIAN_EOL.items() if d < today)
        past += sorted(f"alpine{a}.{b}" for (a, b), d in eol.ALPINE_EOL.items() if d < today)
        return "|".join([eol.TABLE_VERSION, *past, *(r.id for r in ALL_RULES)])

    def run(self, ctx: CheckContext) -> CheckResult:
        files = find_deployment_files(ctx.inventory)
        if not files:
            return skipped(
                self.id,
                "no deployment files (Dockerfile, compose, Kubernetes manifests, Helm chart, "
                "Terraform): nothing to judge",
            )
        result = analyse(ctx.inventory, files, datetime.date.today())
        metrics = {f"{kind}_files": len(result.checked.get(kind, [])) for kind in scoring.WEIGHTS}
        for level in (Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO):
            metrics[level.value] = sum(1 for f in result.findings if f.severity is level)
        components = [
            scoring.component(kind, result.checked[kind], result.findings)
            for kind in scoring.WEIGHTS
            if result.checked.get(kind)
        ]
        if not components:
            out = skipped(self.id, "no deployment file could be read", **metrics)
            return dataclasses.replace(out, findings=tuple(result.findings))
        summary = (
            f"{sum(len(v) for v in result.checked.values())} deployment files checked: "
            f"{metrics['high']} high, {metrics['medium']} medium, {metrics['low']} low findings"
        )
        unread = sorted({f.path or "" for f in result.findings if f.rule in _NOT_CHECKED})
        reason = ""
        if unread:
            reason = f"{len(unread)} deployment files could not be read, so were not checked"
        return scored(
            self.id,
            components=components,
            summary=summary,
            metrics=metrics,
            findings=result.findings,
            reason=reason,
        )
