"""Every operability rule: id, severity, a one-line why and the fix (docs/checks/operability.md)."""

from __future__ import annotations

from pyreadiness.checkers.rule import Rule
from pyreadiness.model import Finding, Severity

CHECK_ID = "operability"


PRINT_CALL = Rule(
    check=CHECK_ID,
    id="ops-print",
    severity=Severity.LOW,
    why="print() output has no level, logger or structure and bypasses the logging setup",
    fix="Use a logger (logging.getLogger(__name__)) and configure handlers once.",
)
DEBUG_ON = Rule(
    check=CHECK_ID,
    id="ops-debug-on",
    severity=Severity.HIGH,
    why="debug mode in production settings leaks stack traces, settings and source",
    fix="Read it from the environment, off by default: DEBUG = env.bool('DEBUG', False).",
)
DEBUG_SERVER = Rule(
    check=CHECK_ID,
    id="ops-debug-server",
    severity=Severity.HIGH,
    why="the debug server with the interactive debugger lets anyone reaching it run code",
    fix="Serve with a production server (gunicorn, uvicorn); keep debug=True to local runs.",
)
ALLOWED_HOSTS_ANY = Rule(
    check=CHECK_ID,
    id="ops-allowed-hosts-any",
    severity=Severity.MEDIUM,
    why="ALLOWED_HOSTS = ['*'] turns off Django's Host header validation",
    fix="List the service's host names, read from the environment.",
)
LITERAL_SECRET_KEY = Rule(
    check=CHECK_ID,
    id="ops-literal-secret-key",
    severity=Severity.HIGH,
    why="a SECRET_KEY written in the code signs sessions with a key everyone with the code has",
    fix="Read it from the environment or a secret store; rotate the one in the history.",
)
CREDENTIALS_IN_SETTINGS = Rule(
    check=CHECK_ID,
    id="ops-credentials-in-settings",
    severity=Severity.HIGH,
    why="a database password written in production settings is in every clone",
    fix="Read the URL or password from the environment (DATABASE_URL) or a secret store.",
)
HARDCODED_ENDPOINT = Rule(
    check=CHECK_ID,
    id="ops-hardcoded-endpoint",
    severity=Severity.MEDIUM,
    why="a host written in the settings ties the build to one environment",
    fix="Read hosts and URLs from the environment (twelve-factor config).",
)

#: Every rule by id (the settings findings of the per-file cache name theirs).
BY_ID = {v.id: v for v in list(globals().values()) if isinstance(v, Rule)}


def from_cache(path: str, rule_id: str, line: int, message: str) -> Finding | None:
    """A settings finding kept in the per-file cache (message and all)."""
    rule = BY_ID.get(rule_id)
    if rule is None:
        return None
    return Finding(
        check=CHECK_ID,
        rule=rule.id,
        severity=rule.severity,
        path=path,
        line=line or None,
        message=message,
        help=rule.fix,
    )
