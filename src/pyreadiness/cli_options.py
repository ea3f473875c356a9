"""What the commands share: their common options and the one way to fail with a message.

A module of its own below ``cli`` and ``cli_platform``, so both define their commands with
the same options and neither imports the other.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from pyreadiness.completion import complete_check_list
from pyreadiness.errors import EXIT_USAGE

if TYPE_CHECKING:
    from pyreadiness.checkers.options import OptionValue


# rich is imported where it is used: a `check -f json -q` (CI) never needs it.
def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(
        f"pyreadiness: error: {message}", markup=False
    )
    return typer.Exit(code)


# Options shared by `check` and `baseline`: one definition each, so the two commands can
# never drift apart (a baseline must be recorded with the same selection it is checked with).
# typer reads these annotations at run time, hence Optional rather than `X | None` on 3.10.
_Ids = Optional[list[str]]  # noqa: UP045
SelectOption = Annotated[
    _Ids,
    typer.Option(
        metavar="IDS",
        help="Run only these checks (comma-separated or repeated).",
        autocompletion=complete_check_list,
    ),
]
IgnoreOption = Annotated[
    _Ids,
    typer.Option(
        metavar="IDS",
        help="Skip these checks (comma-separated or repeated).",
        autocompletion=complete_check_list,
    ),
]
CacheDirOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(metavar="DIR", help="Cache folder (default: the user cache directory)."),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write the cache.")
]
TimeoutOption = Annotated[
    Optional[float],  # noqa: UP045
    typer.Option(
        metavar="SECONDS", help="Seconds each external tool may run (default 600).", min=1
    ),
]
JobsOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        metavar="N", help="Processes a checker may fan out to (default: CPU count).", min=1
    ),
]
VulnDbOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        metavar="PATH", help="Local OSV mirror (folder of records or OSV zip) for offline auditing."
    ),
]
VulnServiceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        metavar="URL",
        help="Base URL of an OSV-compatible vulnerability service "
        "(default: $PYREADINESS_VULN_SERVICE, else api.osv.dev).",
    ),
]
OfflineOption = Annotated[bool, typer.Option("--offline", help="Never use the network.")]
ProjectOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--project",
        metavar="NAME",
        help="In a monorepo, score only this sub-project (its name or folder; repeatable).",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]


def vuln_options(vuln_db: Path | None, vuln_service: str | None) -> dict[str, OptionValue]:
    """``--vuln-db`` and ``--vuln-service``: the vulnerabilities checker's options."""
    out: dict[str, OptionValue] = {}
    if vuln_db is not None:
        out["db"] = vuln_db.resolve()
    service = vuln_service or os.environ.get("PYREADINESS_VULN_SERVICE")
    if service:
        out["service-url"] = service
    return out
