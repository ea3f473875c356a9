"""docker-compose files: privileged containers, host network, floating images, secrets."""

from __future__ import annotations

from typing import Any

from pyreadiness.checkers.ci.yamlload import YamlDoc, as_dict, as_str, line_of, truthy
from pyreadiness.checkers.deployment import rules
from pyreadiness.checkers.deployment.dockerfile import image_ref
from pyreadiness.checkers.deployment.secrets import is_literal, is_secret_name
from pyreadiness.checkers.deployment.yamlutil import dev_only, key_line
from pyreadiness.model import Finding


def has_healthcheck(doc: YamlDoc) -> bool:
    return any(
        "healthcheck" in as_dict(s) for s in as_dict(as_dict(doc.data).get("services")).values()
    )


def check_compose(doc: YamlDoc) -> list[Finding]:
    path = doc.path
    findings: list[Finding] = []
    for name, service in as_dict(as_dict(doc.data).get("services")).items():
        service = as_dict(service)
        if truthy(service.get("privileged")):
            line = key_line(service, "privileged")
            findings.append(rules.COMPOSE_PRIVILEGED.finding(path, line, f"service {name}"))
        if as_str(service.get("network_mode")) == "host":
            line = key_line(service, "network_mode")
            findings.append(rules.COMPOSE_HOST_NETWORK.finding(path, line, f"service {name}"))
        image = as_str(service.get("image"))
        ref = image_ref(image) if image else None
        if ref is not None and ref.floating and "build" not in service:
            line = key_line(service, "image")
            detail = f"service {name} image {image}"
            findings.append(rules.COMPOSE_LATEST_IMAGE.finding(path, line, detail))
        if not dev_only(path):
            findings += _secrets(path, str(name), service.get("environment"))
    return findings


def _secrets(path: str, service: str, environment: Any) -> list[Finding]:
    pairs: list[tuple[str, Any, int | None]] = []
    if isinstance(environment, dict):
        pairs = [(str(k), v, line_of(k)) for k, v in environment.items()]
    elif isinstance(environment, list):
        for item in environment:
            key, eq, value = str(item).partition("=")
            pairs.append((key, value if eq else None, line_of(item)))
    return [
        rules.COMPOSE_PLAINTEXT_SECRET.finding(path, line, f"service {service} sets {key}")
        for key, value, line in pairs
        if is_secret_name(key) and is_literal(value)
    ]
