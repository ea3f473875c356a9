"""Kubernetes workloads (manifests, and Helm templates once rendered): pod and container rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyreadiness.checkers.ci.yamlload import as_dict, as_list, as_str, line_of, truthy
from pyreadiness.checkers.deployment import rules
from pyreadiness.checkers.deployment.dockerfile import image_ref
from pyreadiness.checkers.deployment.secrets import is_literal, is_secret_name
from pyreadiness.checkers.deployment.yamlutil import dig, key_line
from pyreadiness.model import Finding

#: Where each workload kind keeps its pod spec.
POD_SPEC_PATH: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
#: Long-running workloads: the ones that need probes (a Job runs to completion).
SERVING = frozenset({"Deployment", "StatefulSet", "DaemonSet"})

LineMap = Callable[[int | None], int | None]


def _same(line: int | None) -> int | None:
    return line


def workloads(docs: list[Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, name, pod spec) of every workload among the documents."""
    found = []
    for doc in docs:
        kind = as_str(as_dict(doc).get("kind"))
        if kind in POD_SPEC_PATH:
            spec = dig(doc, *POD_SPEC_PATH[kind])
            name = as_str(dig(doc, "metadata", "name")) or "?"
            if isinstance(spec, dict):
                found.append((kind, name, spec))
    return found


def has_containers(docs: list[Any]) -> bool:
    """At least one workload with a container to judge (no evidence, no score)."""
    return any(
        isinstance(c, dict)
        for _, _, spec in workloads(docs)
        for c in as_list(spec.get("containers"))
    )


def has_probes(docs: list[Any]) -> bool:
    return any(
        "livenessProbe" in as_dict(c) or "readinessProbe" in as_dict(c)
        for _, _, spec in workloads(docs)
        for c in as_list(spec.get("containers"))
    )


def check_workloads(
    path: str,
    docs: list[Any],
    line_map: LineMap = _same,
    built: frozenset[str] = frozenset(),
) -> list[Finding]:
    """``built``: image names a build tool (skaffold) replaces with the image it built."""
    findings: list[Finding] = []
    for kind, name, spec in workloads(docs):
        pod_sc = as_dict(spec.get("securityContext"))
        for volume in as_list(spec.get("volumes")):
            if "hostPath" in as_dict(volume):
                detail = f"{kind} {name} volume {as_dict(volume).get('name', '?')}"
                line = line_map(line_of(volume))
                findings.append(rules.K8S_HOST_PATH.finding(path, line, detail))
        for container, init in [(c, False) for c in as_list(spec.get("containers"))] + [
            (c, True) for c in as_list(spec.get("initContainers"))
        ]:
            if not isinstance(container, dict):
                continue  # not a container (a hostile or broken document)
            label = f"{kind} {name} container {container.get('name', '?')}"
            findings += _container(
                path,
                label,
                container,
                pod_sc,
                serving=kind in SERVING and not init,
                line_map=line_map,
                built=built,
            )
    return findings


def _container(
    path: str,
    label: str,
    container: dict[str, Any],
    pod_sc: dict[str, Any],
    *,
    serving: bool,
    line_map: LineMap,
    built: frozenset[str],
) -> list[Finding]:
    sc = as_dict(container.get("securityContext"))
    line = line_map(key_line(container, "securityContext") if sc else line_of(container))
    found = []
    if truthy(sc.get("privileged")):
        found.append(rules.K8S_PRIVILEGED.finding(path, line, label))
    if _may_run_as_root(sc, pod_sc):
        found.append(rules.K8S_RUNS_AS_ROOT.finding(path, line, label))
    if sc.get("allowPrivilegeEscalation") is not False:
        found.append(rules.K8S_PRIVILEGE_ESCALATION.finding(path, line, label))
    if not truthy(sc.get("readOnlyRootFilesystem")):
        found.append(rules.K8S_WRITABLE_ROOT.finding(path, line, label))
    resources = as_dict(container.get("resources"))
    missing = [k for k in ("requests", "limits") if not as_dict(resources.get(k))]
    if missing:
        detail = f"{label} has no {' or '.join(missing)}"
        found.append(rules.K8S_NO_RESOURCES.finding(path, line_map(line_of(container)), detail))
    if serving:
        probes = [p for p in ("readinessProbe", "livenessProbe") if p not in container]
        if probes:
            detail = f"{label} has no {' or '.join(probes)}"
            found.append(rules.K8S_NO_PROBES.finding(path, line_map(line_of(container)), detail))
    image = as_str(container.get("image"))
    ref = image_ref(image) if image else None
    if ref is not None and ref.floating and ref.repository not in built:
        image_line = line_map(key_line(container, "image"))
        found.append(rules.K8S_LATEST_IMAGE.finding(path, image_line, f"{label} image {image}"))
    for env in as_list(container.get("env")):
        env = as_dict(env)
        name = as_str(env.get("name")) or ""
        if is_secret_name(name) and "valueFrom" not in env and is_literal(env.get("value")):
            env_line = line_map(line_of(env))
            found.append(rules.K8S_SECRET_IN_ENV.finding(path, env_line, f"{label} env {name}"))
    return found


def _may_run_as_root(sc: dict[str, Any], pod_sc: dict[str, Any]) -> bool:
    """True unless the container (or its pod) says it runs as a non-root user."""
    user = sc.get("runAsUser", pod_sc.get("runAsUser"))
    if isinstance(user, int) and not isinstance(user, bool):
        return user == 0
    non_root = sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))
    return not truthy(non_root)
