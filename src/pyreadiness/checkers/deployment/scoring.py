"""The deployment score: one component per kind of deployment file, every number here.

Documented in docs/checks/deployment.md; change both together (and bump the checker version).

Each file checked starts at 100 and loses the cost of each distinct rule it breaks (the same
rule broken by five containers of one file costs once: one fix, usually one line of a
shared template); a kind's component is the mean over its files. A file that could not be
read is a finding and leaves the mean.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyreadiness.model import Finding, ScoreComponent, Severity

#: Points one broken rule costs a file.
RULE_COST = {
    Severity.CRITICAL: 40.0,
    Severity.HIGH: 25.0,
    Severity.MEDIUM: 10.0,
    Severity.LOW: 3.0,
    Severity.INFO: 0.0,
}
#: Weight of each kind's component: what runs in production (images, manifests,
#: infrastructure) weighs more than compose files, mostly used for local development.
WEIGHTS = {
    "dockerfile": 2.0,
    "compose": 1.0,
    "kubernetes": 2.0,
    "helm": 2.0,
    "terraform": 2.0,
}
LABELS = {
    "dockerfile": "Dockerfiles",
    "compose": "compose files",
    "kubernetes": "Kubernetes manifests",
    "helm": "Helm templates",
    "terraform": "Terraform files",
}


def file_score(findings: Sequence[Finding]) -> float:
    rules = {f.rule: f.severity for f in findings}
    return max(0.0, 100.0 - sum(RULE_COST[s] for s in rules.values()))


def component(kind: str, checked: Sequence[str], findings: Sequence[Finding]) -> ScoreComponent:
    """The mean file score over ``checked`` (the files of this kind that could be read)."""
    by_file = {path: [f for f in findings if f.path == path] for path in checked}
    scores = [file_score(found) for found in by_file.values()]
    mean = round(sum(scores) / len(scores), 1)
    clean = sum(1 for s in scores if s == 100.0)
    return ScoreComponent(
        id=kind,
        weight=WEIGHTS[kind],
        score=mean,
        detail=(
            f"{len(checked)} {LABELS[kind]} checked, {clean} without findings; each file "
            f"loses {RULE_COST[Severity.HIGH]:g} per high, {RULE_COST[Severity.MEDIUM]:g} per "
            f"medium, {RULE_COST[Severity.LOW]:g} per low rule it breaks"
        ),
    )
