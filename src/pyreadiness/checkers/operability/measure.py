"""The components and findings of the operability check, from a survey."""

from __future__ import annotations

from dataclasses import dataclass

from pyreadiness.checkers.operability import evidence as ev
from pyreadiness.checkers.operability import rules, scoring
from pyreadiness.checkers.operability.settings import is_dev_path
from pyreadiness.checkers.operability.survey import Survey, is_cli_code
from pyreadiness.model import Finding, ScoreComponent


@dataclass(frozen=True, kw_only=True)
class Measured:
    components: tuple[ScoreComponent, ...]
    findings: tuple[Finding, ...]
    prints: int


def measure(s: Survey, source_lines: int) -> Measured:
    imports = s.imports()
    strings = s.strings()
    calls = s.calls()
    commands = " ".join(cmd for _, cmd in s.entry_commands)

    findings: list[Finding] = []
    config_findings: list[Finding] = []
    prints = 0
    for f in s.facts:
        config_findings += [
            found
            for rule_id, line, message in f.config
            if (found := rules.from_cache(f.path, rule_id, line, message)) is not None
        ]
        if not is_dev_path(f.path):
            config_findings += [
                rules.DEBUG_SERVER.finding(f.path, line, "run(debug=True)") for line in f.debug_runs
            ]
        if not is_cli_code(f):
            prints += len(f.prints)
            findings += [rules.PRINT_CALL.finding(f.path, line, "print()") for line in f.prints]
    findings += config_findings
    findings.sort(key=lambda x: (x.path or "", x.line or 0, x.rule))

    components = [
        _logging(imports, strings, calls, any(f.loguru_serialize for f in s.facts)),
        _metrics(imports, strings),
        _tracing(imports, strings, commands),
        _health(s, strings),
        scoring.configuration(_env_sources(s, imports), config_findings),
        scoring.print_calls(prints, source_lines),
    ]
    return Measured(components=tuple(components), findings=tuple(findings), prints=prints)


def _named(found: set[str]) -> str:
    return ", ".join(sorted(found)[:4])


def _logging(
    imports: set[str], strings: set[str], calls: set[str], serialize: bool
) -> ScoreComponent:
    structured = ev.matches(imports | strings, ev.STRUCTURED_LOGGING)
    if serialize:
        structured.add("loguru serialize=True")
    configured = calls & ev.LOGGING_CONFIG_CALLS
    if structured:
        return scoring.presence(
            "logging", scoring.LOGGING_STRUCTURED, f"structured logging: {_named(structured)}"
        )
    if configured:
        return scoring.presence(
            "logging",
            scoring.LOGGING_CONFIGURED,
            f"logging configured ({_named(configured)}) but not structured (no JSON/logfmt)",
        )
    used = ev.matches(imports, ev.LOGGING_USE)
    if used:
        return scoring.presence(
            "logging", scoring.LOGGING_USED, f"{_named(used)} used, never configured"
        )
    return scoring.presence("logging", 0.0, "no logging library used")


def _metrics(imports: set[str], strings: set[str]) -> ScoreComponent:
    found = ev.matches(imports | strings, ev.METRICS)
    if found:
        return scoring.presence("metrics", 100.0, f"metrics: {_named(found)}")
    return scoring.presence(
        "metrics", 0.0, "no metrics library (Prometheus, StatsD, OpenTelemetry)"
    )


def _tracing(imports: set[str], strings: set[str], commands: str) -> ScoreComponent:
    found = ev.matches(imports | strings, ev.TRACING)
    found |= {c for c in ev.TRACING_COMMANDS if c in commands}
    errors = ev.matches(imports | strings, ev.ERROR_REPORTING)
    if found:
        return scoring.presence("tracing", 100.0, f"tracing: {_named(found | errors)}")
    if errors:
        return scoring.presence(
            "tracing",
            scoring.TRACING_ERRORS_ONLY,
            f"error reporting only ({_named(errors)}), no tracing",
        )
    return scoring.presence("tracing", 0.0, "no tracing or error reporting")


def _health(s: Survey, strings: set[str]) -> ScoreComponent:
    routes = [f"{f.path}:{f.health_routes[0]}" for f in s.facts if f.health_routes]
    apps = sorted(strings & ev.HEALTH_APPS)
    where = routes + apps + list(s.healthchecks)
    if where:
        return scoring.presence("health", 100.0, f"health checks: {', '.join(where[:4])}")
    return scoring.presence(
        "health", 0.0, "no health route, HEALTHCHECK or Kubernetes/compose probe"
    )


def _env_sources(s: Survey, imports: set[str]) -> list[str]:
    found = sorted(ev.matches(imports, ev.ENV_SETTINGS))
    if any(f.reads_env for f in s.facts):
        found.append("os.environ")
    return found
