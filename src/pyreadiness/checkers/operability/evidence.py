"""The libraries and commands that count as evidence, by concern (docs/checks/operability.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: Imported module -> the framework it shows (a web service).
WEB_FRAMEWORKS = {
    "django": "Django", "flask": "Flask", "fastapi": "FastAPI", "starlette": "Starlette",
    "litestar": "Litestar", "tornado.web": "Tornado", "aiohttp.web": "aiohttp",
    "pyramid": "Pyramid", "sanic": "Sanic", "falcon": "Falcon", "quart": "Quart",
}  # fmt: skip
#: Imported module -> the worker or pipeline system it shows.
WORKERS = {
    "celery": "Celery", "rq": "RQ", "dramatiq": "Dramatiq", "airflow": "Airflow",
    "dagster": "Dagster", "prefect": "Prefect", "arq": "arq", "huey": "Huey",
}  # fmt: skip
#: Calls that start a gRPC server (a client alone is not a service).
GRPC_SERVER_CALLS = frozenset({"grpc.server", "grpc.aio.server"})

STRUCTURED_LOGGING = frozenset(
    {"structlog", "pythonjsonlogger", "json_log_formatter", "ecs_logging", "django_structlog",
     "logfmter", "structlog_sentry"}
)  # fmt: skip
LOGGING_CONFIG_CALLS = frozenset(
    {"logging.config.dictConfig", "dictConfig", "logging.config.fileConfig", "fileConfig",
     "logging.basicConfig", "basicConfig", "structlog.configure", "logger.add", "setup_logging",
     "configure_logging"}
)  # fmt: skip
LOGGING_USE = frozenset({"logging", "loguru", "structlog"})
METRICS = frozenset(
    {"prometheus_client", "statsd", "datadog", "opentelemetry.metrics",
     "opentelemetry.sdk.metrics", "opentelemetry.exporter.prometheus", "django_prometheus",
     "starlette_exporter", "prometheus_fastapi_instrumentator", "prometheus_flask_exporter",
     "aioprometheus", "markus"}
)  # fmt: skip
TRACING = frozenset(
    {"opentelemetry.trace", "opentelemetry.sdk.trace", "opentelemetry.instrumentation",
     "ddtrace", "elasticapm", "newrelic", "logfire"}
)  # fmt: skip
ERROR_REPORTING = frozenset({"sentry_sdk", "raven", "rollbar", "bugsnag", "honeybadger"})
#: Commands in an entry point that instrument the whole process.
TRACING_COMMANDS = ("opentelemetry-instrument", "ddtrace-run", "newrelic-admin")
ENV_SETTINGS = frozenset(
    {"pydantic_settings", "pydantic.BaseSettings", "environ", "decouple", "dynaconf",
     "environs", "everett", "starlette.config"}
)  # fmt: skip
#: Django apps written in INSTALLED_APPS that provide a health route.
HEALTH_APPS = frozenset({"health_check", "watchman", "django_alive"})
#: Modules that make a file command-line code (where print() is the interface).
CLI_MODULES = frozenset({"argparse", "click", "typer", "fire", "docopt", "cleo", "rich.print"})


def _top(names: Iterable[str]) -> set[str]:
    return {n.split(".", 1)[0] for n in names}


#: First dotted part of every module above: string constants naming one are recorded.
KNOWN_MODULES = frozenset(
    _top(STRUCTURED_LOGGING) | _top(METRICS) | _top(TRACING) | _top(ERROR_REPORTING)
    | HEALTH_APPS
)  # fmt: skip


#: First dotted part of every module whose import is evidence (the rest is not recorded).
IMPORT_TOPS = frozenset(
    _top(WEB_FRAMEWORKS) | _top(WORKERS) | _top(STRUCTURED_LOGGING) | LOGGING_USE | _top(METRICS)
    | _top(TRACING) | _top(ERROR_REPORTING) | _top(ENV_SETTINGS) | _top(CLI_MODULES) | {"grpc"}
)  # fmt: skip


def is_evidence_call(name: str) -> bool:
    return name in LOGGING_CONFIG_CALLS or name in GRPC_SERVER_CALLS or name.endswith("_to_server")


def matches(modules: Iterable[str], wanted: Iterable[str]) -> set[str]:
    """The wanted names that ``modules`` import (a submodule counts for its parent)."""
    wanted = set(wanted)
    found = set()
    for module in modules:
        parts = module.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix in wanted:
                found.add(prefix)
    return found


def labels(modules: Iterable[str], table: Mapping[str, str]) -> set[str]:
    return {table[m] for m in matches(modules, table)}
