"""Everything the operability checker looks at, gathered once: Python facts and entry points."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pyreadiness.checkers.deployment.dockerfile import DockerfileError, parse_dockerfile
from pyreadiness.checkers.deployment.files import DeploymentFiles, find_deployment_files
from pyreadiness.checkers.operability import evidence as ev
from pyreadiness.checkers.operability.facts import FACTS_VERSION, PyFacts, file_facts
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory
from pyreadiness.tools.cache import Cache, make_key

NAMESPACE = "operability-facts"
#: Folders whose code the service does not run: schema migrations (run once by a tool),
#: and hidden folders (editor, assistant and CI tooling).
_NOT_SERVICE_CODE = frozenset({"migrations", "alembic"})

_PROBE = re.compile(r"^\s*(?:livenessProbe|readinessProbe|startupProbe|healthcheck)\s*:", re.M)
_CLI_PARTS = frozenset({"cli", "commands", "management", "scripts", "bin", "tools", "console"})


@dataclass(frozen=True, kw_only=True)
class Survey:
    facts: tuple[PyFacts, ...]
    deployment: DeploymentFiles
    entry_commands: tuple[tuple[str, str], ...] = ()  # (file, command) of containers, Procfile
    healthchecks: tuple[str, ...] = ()  # files with a HEALTHCHECK or probes
    unparsed: tuple[str, ...] = field(default=())

    def imports(self) -> set[str]:
        return {m for f in self.facts for m in f.imports}

    def strings(self) -> set[str]:
        return {s for f in self.facts for s in f.strings}

    def calls(self) -> set[str]:
        return {c for f in self.facts for c in f.calls}


def service_code(inv: Inventory) -> list[str]:
    """The shipped sources whose facts count (see _NOT_SERVICE_CODE)."""
    return [
        rel
        for rel in inv.paths(FileKind.SOURCE)
        if not any(p in _NOT_SERVICE_CODE or p.startswith(".") for p in rel.split("/")[:-1])
    ]


def read_facts(inv: Inventory, cache: Cache, paths: list[str]) -> tuple[PyFacts, ...]:
    """Each file's facts, from the per-file cache where its content was seen before."""
    vocabulary = "|".join([FACTS_VERSION, *sorted(ev.IMPORT_TOPS), *sorted(ev.KNOWN_MODULES)])
    keys = inv.content_keys(paths, lambda _, digest: make_key(NAMESPACE, vocabulary, digest))
    stored = cache.get_each(NAMESPACE, keys)
    out = []
    for rel in paths:
        facts = PyFacts.from_json(rel, stored[rel]) if rel in stored else None
        if facts is None:
            facts = file_facts(rel, inv.read_text(rel))
            if rel in keys:
                cache.put(NAMESPACE, keys[rel], facts.to_json())
        out.append(facts)
    return tuple(out)


def survey(inv: Inventory, cache: Cache) -> Survey:
    facts = read_facts(inv, cache, service_code(inv))
    files = find_deployment_files(inv)
    commands: list[tuple[str, str]] = []
    health: list[str] = []
    for rel in files.dockerfiles:
        data = inv.read_bytes(rel)
        try:
            parsed = parse_dockerfile(data or b"")
        except DockerfileError:
            continue
        if parsed.entry_command():
            commands.append((rel, parsed.entry_command()))
        if parsed.has_healthcheck():
            health.append(rel)
    for rel in inv.matching("Procfile"):
        text = inv.read_text(rel) or ""
        commands += [(rel, line) for line in text.splitlines() if ":" in line]
    yaml_files = [*files.compose, *files.manifests, *(t for c in files.charts for t in c.templates)]
    for rel in yaml_files:
        text = inv.read_text(rel) or ""
        if _PROBE.search(text):
            health.append(rel)
        if any(cmd in text for cmd in ev.TRACING_COMMANDS):
            commands.append((rel, " ".join(c for c in ev.TRACING_COMMANDS if c in text)))
    return Survey(
        facts=facts,
        deployment=files,
        entry_commands=tuple(commands),
        healthchecks=tuple(sorted(set(health))),
        unparsed=tuple(f.path for f in facts if not f.parsed),
    )


def service_kinds(s: Survey) -> list[str]:
    """What makes this repository a service, as a reader would name it (sorted)."""
    imports = s.imports()
    kinds = ev.labels(imports, ev.WEB_FRAMEWORKS) | ev.labels(imports, ev.WORKERS)
    calls = s.calls()
    if calls & ev.GRPC_SERVER_CALLS or any(c.endswith("_to_server") for c in calls):
        kinds.add("gRPC server")
    if any(rel.rsplit("/", 1)[-1] == "Procfile" for rel, _ in s.entry_commands):
        kinds.add("Procfile")
    if any(_is_container(rel) for rel, _ in s.entry_commands):
        kinds.add("container entry point")
    return sorted(kinds)


def _is_container(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return "ockerfile" in name or "ontainerfile" in name


def is_cli_code(f: PyFacts) -> bool:
    """Command-line code, where print() is the interface (see docs/checks/operability.md)."""
    parts = f.path.split("/")
    stem = parts[-1].removesuffix(".py")
    return (
        stem in ("__main__", "cli", "manage")
        or any(p in _CLI_PARTS for p in parts[:-1])
        or bool(ev.matches(f.imports, ev.CLI_MODULES))
    )
