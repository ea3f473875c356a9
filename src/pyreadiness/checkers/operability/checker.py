"""The operability checker: can this service be run, watched and configured in production?"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.checkers.lint.repo_config import config_inputs
from pyreadiness.checkers.lint.ruff import locate_ruff
from pyreadiness.checkers.lint.rules import IGNORE, SELECT, SHARED_SELECT
from pyreadiness.checkers.lint.shared import fixed_run
from pyreadiness.checkers.operability import rules as operability_rules
from pyreadiness.checkers.operability.async_hygiene import (
    AsyncHygiene,
    measure_async,
    service_async_code,
)
from pyreadiness.checkers.operability.evidence import IMPORT_TOPS, KNOWN_MODULES
from pyreadiness.checkers.operability.facts import FACTS_VERSION
from pyreadiness.checkers.operability.measure import measure
from pyreadiness.checkers.operability.rules import CHECK_ID
from pyreadiness.checkers.operability.survey import Survey, service_code, service_kinds, survey
from pyreadiness.checkers.rule import Rule, catalogue
from pyreadiness.model import CheckResult, Pillar, Profile, RuleDoc, scored, skipped
from pyreadiness.tools.process import ToolError, ToolNotFound

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
    settings; print() in shipped, non-command-line code; in async services, blocking calls
    inside ``async def`` (ruff's ASYNC rules, from the lint checker's one ruff run).

    How it scores: logging 2, health 2, configuration 2, metrics 1, tracing 1, print_calls 1,
    and async_hygiene 1 when the service has async code (docs/checks/operability.md gives
    each component's levels).

    How to improve: configure structured logging once, expose /healthz, export metrics and
    traces (OpenTelemetry), read every setting from the environment.
    """

    id: ClassVar[str] = CHECK_ID
    pillar: ClassVar[Pillar] = Pillar.OPERABILITY
    title: ClassVar[str] = "Operability: logs, metrics, traces, health and configuration"
    version: ClassVar[str] = "2"  # 2: async hygiene
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
                *config_inputs(ctx.inventory),  # the target Python of the ruff run
            }
        )

    def cache_salt(self, ctx: CheckContext) -> str:
        try:
            ruff = locate_ruff().identity
        except ToolNotFound:
            ruff = "ruff-missing"
        return "|".join(
            [
                ctx.profile.profile.value,
                FACTS_VERSION,
                *sorted(IMPORT_TOPS),
                *sorted(KNOWN_MODULES),
                ruff,
                *SELECT,
                *SHARED_SELECT,
                *IGNORE,
            ]
        )

    @classmethod
    def describe_rule(cls, rule: str) -> RuleDoc | None:
        from pyreadiness.checkers.lint.explain import ruff_rule

        found = super().describe_rule(rule)
        return found or (ruff_rule(rule) if rule in SHARED_SELECT else None)

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
        reasons = []
        if found.unparsed:
            reasons.append(
                f"{len(found.unparsed)} source files could not be parsed, so were not read"
            )
        hygiene, why_not = _async_hygiene(ctx, found)
        reasons += [why_not] if why_not else []
        components = list(result.components)
        findings = list(result.findings)
        if hygiene is not None and (part := hygiene.component()) is not None:
            components.append(part)
            findings += hygiene.findings
            findings.sort(key=lambda x: (x.path or "", x.line or 0, x.column or 0, x.rule))
        by_id = {c.id: c.score for c in components}
        summary = f"service ({', '.join(kinds)}): " + ", ".join(
            f"{k} {v:g}" for k, v in by_id.items()
        )
        return scored(
            self.id,
            components=components,
            summary=summary,
            reason="; ".join(reasons),
            findings=findings,
            metrics={
                "service": kinds,
                "print_calls": result.prints,
                "files_read": len(found.facts) - len(found.unparsed),
                "files_unparsed": len(found.unparsed),
                "async_functions": sum(len(f.async_defs) for f in service_async_code(found)),
                "blocking_async_functions": hygiene.blocking_functions if hygiene else None,
            },
        )


def _async_hygiene(ctx: CheckContext, found: Survey) -> tuple[AsyncHygiene | None, str]:
    """Blocking calls in the service's coroutines, or why they could not be measured."""
    files = service_async_code(found)
    if not files:
        return AsyncHygiene(async_functions=0, blocking=0, file_only=0, findings=()), ""
    try:
        shared = fixed_run(ctx).shared_rules()
    except ToolError as exc:  # lint reports the tool's failure; here only this part is lost
        return None, f"async hygiene not measured: {exc}"
    return measure_async(files, shared), ""
