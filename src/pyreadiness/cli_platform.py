"""The platform commands: ``fleet``, ``history`` and ``badge`` (wiring only, like cli.py).

``cli`` registers them on its app (``register_platform_commands``).
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from pyreadiness.cli_options import (
    CacheDirOption,
    NoCacheOption,
    OfflineOption,
    QuietOption,
    TimeoutOption,
    VulnDbOption,
    VulnServiceOption,
)
from pyreadiness.cli_options import fail as _fail
from pyreadiness.cli_options import vuln_options as _vuln_options
from pyreadiness.compat import assert_never
from pyreadiness.errors import EXIT_GATE_FAILED, EXIT_INTERNAL, EXIT_OK, UsageError

if TYPE_CHECKING:
    from pyreadiness.fleet.command import FleetRun, ProgressHook

FLEET_EXIT_HELP = (
    "Exit codes: 0 every repository scored and passed its gate, 1 a gate failed or a "
    "repository could not be cloned or scanned, 2 usage error (a bad manifest line, named), "
    "3 internal error."
)


class FleetFormat(str, enum.Enum):
    RICH = "rich"
    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"
    HTML = "html"


StoreOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        metavar="PATH",
        help="Run store (SQLite file; default: runs.sqlite3 in the user data directory).",
    ),
]


def render_fleet(run: FleetRun, fmt: FleetFormat, sort: str) -> str:
    from pyreadiness.fleet import table

    rows = table.sort_rows(run.rows, sort)
    if fmt is FleetFormat.RICH:
        from pyreadiness.fleet.terminal import render_terminal

        return render_terminal(rows)
    if fmt is FleetFormat.MARKDOWN:
        return table.render_markdown(rows)
    if fmt is FleetFormat.CSV:
        return table.render_csv(rows)
    if fmt is FleetFormat.JSON:
        return table.render_json(rows, run.batch)
    if fmt is FleetFormat.HTML:
        from pyreadiness.fleet.html_page import render_fleet_html

        return render_fleet_html(rows, run.batch)
    return assert_never(fmt)


def _progress_display(quiet: bool) -> tuple[ProgressHook | None, object]:
    if quiet:
        return None, None
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        return None, None
    from pyreadiness.fleet.terminal import FleetProgress

    display = FleetProgress(console)
    return display.update, display


def fleet(
    manifest: Annotated[
        Path,
        typer.Argument(
            metavar="MANIFEST",
            help="Repositories to score: one 'SOURCE [REF]' a line, or .toml/.yaml "
            "(see docs/fleet.md).",
        ),
    ],
    fmt: Annotated[
        FleetFormat, typer.Option("--format", "-f", help="League table format on stdout.")
    ] = FleetFormat.RICH,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", metavar="FILE", help="Write the table to FILE."),
    ] = None,
    sort: Annotated[
        str, typer.Option(metavar="PILLAR", help="Sort by overall, name or a pillar.")
    ] = "overall",
    jobs: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(metavar="N", min=1, help="Repositories scanned at once (default: CPUs)."),
    ] = None,
    cluster: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            metavar="ADDRESS",
            help="Run the scans on this Dask scheduler, e.g. tcp://10.0.0.5:8786 "
            "(pip install 'pyreadiness[distributed]').",
        ),
    ] = None,
    store: StoreOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    timeout: TimeoutOption = None,
    clone_timeout: Annotated[
        float, typer.Option(metavar="SECONDS", min=1, help="Seconds each git call may take.")
    ] = 300.0,
    clone_max_mb: Annotated[
        int, typer.Option(metavar="MB", min=1, help="Largest clone kept (objects, work tree).")
    ] = 1024,
    vuln_db: VulnDbOption = None,
    vuln_service: VulnServiceOption = None,
    offline: OfflineOption = False,
    quiet: QuietOption = False,
) -> None:
    """Score every repository of a manifest; print a league table and store every run."""
    from pyreadiness.fleet import table
    from pyreadiness.fleet.clone import CloneLimits
    from pyreadiness.fleet.command import default_store, run_fleet
    from pyreadiness.fleet.manifest import read_manifest
    from pyreadiness.fleet.scan import FleetSettings
    from pyreadiness.store.sqlite import open_store
    from pyreadiness.tools.cache import default_cache_dir

    try:
        table.sort_rows([], sort)  # a bad --sort is known before any scan
        entries = read_manifest(manifest)
        if vuln_db is not None and not vuln_db.exists():
            raise UsageError(f"--vuln-db: no such file or folder: {vuln_db}")
        check_options = {"vulnerabilities": _vuln_options(vuln_db, vuln_service)}
        settings = FleetSettings(
            cache_dir=(cache_dir or default_cache_dir()).resolve(),
            use_cache=not no_cache,
            offline=offline,
            timeout=timeout,
            jobs_per_repository=1,
            check_options=check_options,
            clone_limits=CloneLimits(timeout=clone_timeout, max_bytes=clone_max_mb * 1024**2),
        )
        hook, display = _progress_display(quiet)
        with open_store(store or default_store()) as run_store:
            if display is not None:
                with display:  # type: ignore[attr-defined]
                    run = run_fleet(
                        entries, settings, run_store, jobs=jobs or os.cpu_count() or 1,
                        cluster=cluster, progress=hook,
                    )  # fmt: skip
            else:
                run = run_fleet(
                    entries, settings, run_store, jobs=jobs or os.cpu_count() or 1, cluster=cluster
                )
        text = render_fleet(run, fmt, sort)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - never a traceback; say what broke
        raise _fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL) from None
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise _fail(f"cannot write {output}: {exc.strerror}") from None
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    raise typer.Exit(EXIT_GATE_FAILED if any(r.fails for r in run.rows) else EXIT_OK)


class HistoryFormat(str, enum.Enum):
    RICH = "rich"
    JSON = "json"


def history(
    repository: Annotated[
        str,
        typer.Argument(
            metavar="[PATH]", help="A checked folder, or a fleet repository's name (default: .)."
        ),
    ] = ".",
    store: StoreOption = None,
    fmt: Annotated[HistoryFormat, typer.Option("--format", "-f")] = HistoryFormat.RICH,
) -> None:
    """The trend of one repository's scores, per pillar and overall, from the run store."""
    from pyreadiness.fleet.command import default_store
    from pyreadiness.store.history import render_history, repository_key
    from pyreadiness.store.sqlite import open_store

    try:
        path = store or default_store()
        if not path.exists():
            raise UsageError(f"--store {path}: no run store there yet")
        with open_store(path) as run_store:
            key = repository_key(repository, run_store)
            runs = run_store.runs(key)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    sys.stdout.write(render_history(key, runs, as_json=fmt is HistoryFormat.JSON))


def badge(
    report: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(metavar="FILE", help="A JSON report (pyreadiness check -f json)."),
    ] = None,
    store: StoreOption = None,
    repository: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(metavar="NAME", help="With --store: this repository's last run."),
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="SVG file to write.")
    ] = Path("pyreadiness-badge.svg"),
) -> None:
    """Write an SVG badge (score and grade, coloured by grade) for a README."""
    from pyreadiness.reporters.badge import badge_from_report_file

    try:
        if report is not None and (store is not None or repository is not None):
            raise UsageError("give either --report or --store [--repository], not both")
        if report is not None:
            svg = badge_from_report_file(report)
        else:
            from pyreadiness.fleet.command import default_store

            svg = _badge_from_store(store or default_store(), repository)
        output.write_text(svg, encoding="utf-8")
    except UsageError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(f"wrote {output}")


def _badge_from_store(path: Path, repository: str | None) -> str:
    from pyreadiness.reporters.badge import render_badge
    from pyreadiness.store.sqlite import open_store

    if not path.exists():
        raise UsageError(f"--store {path}: no run store there yet")
    with open_store(path) as store:
        last = store.last_scored(repository)
    if last is None:
        what = f"of {repository!r} " if repository else ""
        raise UsageError(f"--store {path}: no scored run {what}yet")
    return render_badge(last.overall, last.grade)


def register_platform_commands(app: typer.Typer) -> None:
    app.command(epilog=FLEET_EXIT_HELP)(fleet)
    app.command()(history)
    app.command()(badge)
