"""The operability checker: can this service be run, watched and configured in production?"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.checkers.operability import rules as operability_rules
from pyreadiness.checkers.operability.evidence import IMPORT_TOPS, KNOWN_MODULES
from pyreadiness.checkers.operability.facts import FACTS_VERSION
from pyreadiness.checkers.operability.measure import measure
from pyreadiness.checkers.operability.rules import CHECK_ID
from pyreadiness.checkers.operability.survey import service_code, service_kinds, survey
from pyreadiness.checkers.rule import Rule, catalogue
from pyreadiness.model import CheckResult, Pillar, Profile, scored, skipped

LIBRARY_REASON = "library: operability is its users' concern"


class OperabilityChecker(Checker):
    """Operability: logging, metrics, tracing, health checks and configuration of a service.

    What it measures, statically (nothing is imported or run): first whether the repository
    is a service at all (a web framework, a worker or pipeline system, a gRPC server, a
    Dockerfile or Procfile entry point); libraries and repositories with no service are
    skipped with the reason. Then, from imports, calls, settings modules and deployment
    files: logging configuration and structured output; a metrics library; tracing or
    error reporting; a health route, HEALTHCHECK or probe; settings read from the
    environment, and hard-coded debug flags, hosts, secret keys and passwords in production
    settings; print() in shipped, non-command-line code.

    How it scores: logging 2, health 2, configuration 2, metrics 1, tracing 1, print_calls 1
    (docs/checks/operability.md gives each component's levels).

    How to improve: configure structured logging once, expose /healthz, export metrics and
    traces (OpenTelemetry), read every setting from the environment.
    """

    id: ClassVar[str] = CHECK_ID
    pillar: ClassVar[Pillar] = Pillar.OPERABILITY
    title: ClassVar[str] = "Operability: logs, metrics, traces, health and configuration"
    version: ClassVar[str] = "1"
    rules = catalogue(v for v in vars(operability_rules).values() if isinstance(v, Rule))

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        from pyreadiness.checkers.deployment.files import find_deployment_files

        files = find_deployment_files(ctx.inventory)
        return sorted(
            {
                *service_code(ctx.inventory),
                *files.dockerfiles,
                *files.compose,
                *files.manifests,
                *(t for c in files.charts for t in c.templates),
                *ctx.inventory.matching("Procfile"),
            }
        )

    def cache_salt(self, ctx: CheckContext) -> str:
        return "|".join(
            [ctx.profile.profile.value, FACTS_VERSION, *sorted(IMPORT_TOPS), *sorted(KNOWN_MODULES)]
        )

    def run(self, ctx: CheckContext) -> CheckResult:
        if ctx.profile.profile is Profile.LIBRARY:
            return skipped(self.id, LIBRARY_REASON)
        found = survey(ctx.inventory, ctx.cache)
        kinds = service_kinds(found)
        if not kinds:
            return skipped(
                self.id,
                "no service found (no web framework, worker, gRPC server, Dockerfile or "
                "Procfile entry point): nothing runs in production to judge",
            )
        result = measure(found, ctx.inventory.source_lines())
        by_id = {c.id: c.score for c in result.components}
        summary = f"service ({', '.join(kinds)}): " + ", ".join(
            f"{k} {v:g}" for k, v in by_id.items()
        )
        reason = ""
        if found.unparsed:
            reason = f"{len(found.unparsed)} source files could not be parsed, so were not read"
        return scored(
            self.id,
            components=result.components,
            summary=summary,
            reason=reason,
            findings=result.findings,
            metrics={
                "service": kinds,
                "print_calls": result.prints,
                "files_read": len(found.facts) - len(found.unparsed),
                "files_unparsed": len(found.unparsed),
            },
        )
