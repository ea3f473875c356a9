"""Read every deployment file once and apply its kind's rules."""

from __future__ import annotations

import datetime
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from pyreadiness.checkers.ci.yamlload import (
    YamlDoc,
    as_dict,
    as_list,
    as_str,
    load_yaml,
    parse_yaml_all,
)
from pyreadiness.checkers.deployment import compose, helm, kubernetes, rules, terraform
from pyreadiness.checkers.deployment.dockerfile import DockerfileError, parse_dockerfile
from pyreadiness.checkers.deployment.dockerfile_rules import check_dockerfile
from pyreadiness.checkers.deployment.files import DeploymentFiles, HelmChart
from pyreadiness.discover.inventory import Inventory
from pyreadiness.model import Finding

#: A broken YAML file in a deploy/ folder is reported only if it looks like Kubernetes:
#: those folders also hold Ansible playbooks and other templates that are not YAML as such.
_KUBERNETES = re.compile(r"^apiVersion:", re.MULTILINE)


@dataclass(frozen=True, kw_only=True)
class Analysis:
    findings: list[Finding] = field(default_factory=list)
    #: kind -> the files of that kind that were read and checked
    checked: dict[str, list[str]] = field(default_factory=dict)


def _unreadable(path: str, error: str | None, line: int | None = None) -> Finding:
    return rules.UNREADABLE.finding(path, line, f"cannot read: {error or 'unknown error'}")


def _yaml_docs(inv: Inventory, path: str) -> tuple[list[Any], YamlDoc | None]:
    text = inv.read_text(path)
    if text is None:
        return [], YamlDoc(path=path, data=None, error="not readable as UTF-8 text")
    docs = parse_yaml_all(path, text)
    broken = next((d for d in docs if d.error is not None), None)
    return [d.data for d in docs if d.error is None], broken


def analyse(inv: Inventory, files: DeploymentFiles, today: datetime.date) -> Analysis:
    out = Analysis()
    manifests = {}
    for path in files.manifests:
        docs, broken = _yaml_docs(inv, path)
        if broken is not None and _KUBERNETES.search(inv.read_text(path) or ""):
            out.findings.append(_unreadable(path, broken.error, broken.line))
        elif kubernetes.has_containers(docs):
            manifests[path] = docs
    rendered = {}
    for chart in files.charts:
        for path, (docs, render) in _render_chart(inv, chart, out).items():
            rendered[path] = (docs, render)
    composes = {}
    for path in files.compose:
        doc = load_yaml(inv, path)
        if doc.error is not None:
            out.findings.append(_unreadable(path, doc.error, doc.line))
        elif as_dict(as_dict(doc.data).get("services")):
            composes[path] = doc
    probes = any(kubernetes.has_probes(d) for d in manifests.values()) or any(
        kubernetes.has_probes(d) for d, _ in rendered.values()
    ) or any(compose.has_healthcheck(d) for d in composes.values())  # fmt: skip

    for path in files.dockerfiles:
        data = inv.read_bytes(path)
        try:
            parsed = parse_dockerfile(data if data is not None else b"")
        except DockerfileError as exc:
            out.findings.append(_unreadable(path, str(exc)))
            continue
        if data is None or not parsed.stages:
            why = "no FROM instruction" if data else "binary, or larger than 5 MB"
            out.findings.append(_unreadable(path, why))
            continue
        out.findings.extend(check_dockerfile(path, parsed, probes_elsewhere=probes, today=today))
        out.checked.setdefault("dockerfile", []).append(path)
    for path, doc in composes.items():
        out.findings.extend(compose.check_compose(doc))
        out.checked.setdefault("compose", []).append(path)
    built = _skaffold_images(inv, files.skaffold)
    for path, docs in manifests.items():
        out.findings.extend(kubernetes.check_workloads(path, docs, built=built))
        out.checked.setdefault("kubernetes", []).append(path)
    for path, (docs, render) in rendered.items():
        out.findings.extend(kubernetes.check_workloads(path, docs, render.source_line, built=built))
        out.checked.setdefault("helm", []).append(path)
    _terraform(inv, files.terraform, out)
    out.findings.sort(key=lambda f: (f.path or "", f.line or 0, f.rule, f.message))
    return out


def _skaffold_images(inv: Inventory, paths: tuple[str, ...]) -> frozenset[str]:
    """Images skaffold builds: in manifests it replaces these names with what it built."""
    names: set[str] = set()
    for path in paths:
        for doc in parse_yaml_all(path, inv.read_text(path) or ""):
            builds = [as_dict(doc.data).get("build")]
            builds += [as_dict(p).get("build") for p in as_list(as_dict(doc.data).get("profiles"))]
            for build in builds:
                for artifact in as_list(as_dict(build).get("artifacts")):
                    image = as_str(as_dict(artifact).get("image"))
                    if image:
                        names.add(image.lower())
    return frozenset(names)


def _render_chart(
    inv: Inventory, chart: HelmChart, out: Analysis
) -> dict[str, tuple[list[Any], helm.Rendered]]:
    values: dict[str, Any] = {}
    if chart.values is not None:
        doc = load_yaml(inv, chart.values)
        if doc.error is not None:
            out.findings.append(_unreadable(chart.values, doc.error, doc.line))
        values = as_dict(doc.data)
    result = {}
    for path in chart.templates:
        text = inv.read_text(path)
        if text is None:
            out.findings.append(_unreadable(path, "not readable as UTF-8 text"))
            continue
        try:
            render = helm.render(text, values)
        except helm.TemplateError as exc:
            out.findings.append(rules.HELM_UNRENDERED.finding(path, None, str(exc)))
            continue
        docs = parse_yaml_all(path, render.text)
        broken = next((d for d in docs if d.error is not None), None)
        if broken is not None:
            line = render.source_line(broken.line)
            detail = f"not YAML with the default values ({broken.error})"
            out.findings.append(rules.HELM_UNRENDERED.finding(path, line, detail))
            continue
        data = [d.data for d in docs]
        if kubernetes.has_containers(data):
            result[path] = (data, render)
    return result


def _terraform(inv: Inventory, paths: tuple[str, ...], out: Analysis) -> None:
    by_folder: dict[str, list[str]] = {}
    for path in paths:
        by_folder.setdefault(posixpath.dirname(path), []).append(path)
    for folder, members in sorted(by_folder.items()):
        parsed = []
        for path in members:
            tf = terraform.parse_tf(path, inv.read_text(path))
            if tf.data is None:
                out.findings.append(_unreadable(path, tf.error, tf.line))
            else:
                parsed.append(tf)
        lock = posixpath.join(folder, ".terraform.lock.hcl") if folder else ".terraform.lock.hcl"
        out.findings.extend(terraform.check_module(folder, parsed, inv.has(lock)))
        out.checked.setdefault("terraform", []).extend(tf.path for tf in parsed)
