"""The command line. It only wires options into the pipeline and reporters.

Exit codes: 0 gate passed, 1 gate failed, 2 usage error (bad option, bad config key or
value, missing path), 3 internal error.
"""

from __future__ import annotations

import gc
import math
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from pyreadiness.cli_options import (
    CacheDirOption,
    IgnoreOption,
    JobsOption,
    NoCacheOption,
    OfflineOption,
    ProjectOption,
    QuietOption,
    SelectOption,
    TimeoutOption,
    VulnDbOption,
    VulnServiceOption,
)
from pyreadiness.cli_options import fail as _fail
from pyreadiness.cli_options import vuln_options as _vuln_options
from pyreadiness.cli_platform import register_platform_commands
from pyreadiness.completion import complete_check_ids, complete_pillar_minimum
from pyreadiness.config import parse_min_option
from pyreadiness.errors import EXIT_GATE_FAILED, EXIT_INTERNAL, EXIT_OK, UsageError
from pyreadiness.reporters.interface import Format

if TYPE_CHECKING:
    from pyreadiness.model import RuleDoc
    from pyreadiness.pipeline import Options, Output
    from pyreadiness.report.model import Report

EXIT_CODES_HELP = (
    "Exit codes: 0 gate passed (or no thresholds set), 1 gate failed, "
    "2 usage error (bad option, bad [tool.pyreadiness] key or value, missing path), "
    "3 internal error."
)

app = typer.Typer(
    name="pyreadiness",
    help="Is this Python repository ready for enterprise use, and if not, what is missing?\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        from pyreadiness import __version__

        typer.echo(f"pyreadiness {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_version_callback,
            is_eager=True,
            help="Print the version.",
        ),
    ] = False,
) -> None:
    """Is this Python repository ready for enterprise use, and if not, what is missing?"""


#: What a format prefix looks like: a word of two or more letters (one letter is a drive).
_FORMAT_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9_-]+")


def _parse_outputs(outputs: list[str], default: Format) -> list[Output]:
    """``--output FILE`` (the --format output, instead of stdout) or ``--output FMT:FILE``."""
    from pyreadiness.pipeline import Output

    targets: list[Output] = []
    replaces_stdout = False
    names = {f.value: f for f in Format}
    for raw in outputs:
        prefix, sep, rest = raw.partition(":")
        if sep and prefix in names and rest:
            targets.append(Output(format=names[prefix], path=Path(rest)))
        elif sep and _FORMAT_LIKE.fullmatch(prefix):
            # A mistyped format must not silently become a file named "jsno:r.json".
            raise UsageError(
                f"--output {raw!r}: unknown format {prefix!r} (choose from "
                f"{', '.join(names)}); for a file name containing ':' write ./{raw}"
            )
        else:
            targets.append(Output(format=default, path=Path(raw)))
            replaces_stdout = True
    if not replaces_stdout:
        targets.append(Output(format=default))
    return targets


def _split_ids(values: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for v in values for part in v.split(",") if part.strip())


def _run_pipeline(options: Options, quiet: bool) -> Report:
    from pyreadiness.pipeline import run

    # What is imported by now lives as long as the process: out of the collector's sight.
    # Rarer collections while the AST scans allocate millions of short-lived nodes, freed
    # by reference counting anyway: at the default thresholds the collector took ~30% of
    # their parse time (rich: 0.20 -> 0.15 s of CPU).
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)

    if not quiet:
        from rich.console import Console

        progress_console = Console(stderr=True)
        if progress_console.is_terminal:
            from pyreadiness.reporters.progress import LiveProgress

            with LiveProgress(progress_console) as live:
                return run(options, live.update)
    return run(options)


def _options(
    path: Path,
    *,
    select: list[str] | None,
    ignore: list[str] | None,
    cache_dir: Path | None,
    no_cache: bool,
    timeout: float | None,
    jobs: int | None,
    vuln_db: Path | None,
    vuln_service: str | None,
    offline: bool,
    fail_under: float | None = None,
    minimum: list[str] | None = None,
    project: list[str] | None = None,
    baseline: Path | None = None,
    baseline_tolerance: float = 2.0,
    new_since: str | None = None,
    allow_errors: bool = False,
) -> Options:
    from pyreadiness.pipeline import Options

    for option, value in (
        ("--fail-under", fail_under),
        ("--timeout", timeout),
        ("--baseline-tolerance", baseline_tolerance),
    ):
        _finite(option, value)
    if vuln_db is not None and not vuln_db.exists():
        raise UsageError(f"--vuln-db: no such file or folder: {vuln_db}")
    return Options(
        path=path,
        fail_under=fail_under,
        pillar_minimums=parse_min_option(minimum or []),
        select=_split_ids(select or []),
        ignore=_split_ids(ignore or []),
        cache_dir=cache_dir,
        use_cache=not no_cache,
        timeout=timeout,
        jobs=jobs,
        check_options={"vulnerabilities": _vuln_options(vuln_db, vuln_service)},
        offline=offline,
        projects=_split_ids(project or []),
        baseline=baseline,
        baseline_tolerance=baseline_tolerance,
        new_since=new_since,
        allow_errors=True if allow_errors else None,
    )


def _finite(option: str, value: float | None) -> None:
    """nan passes click's range checks and inf is no limit: both are refused (exit 2)."""
    if value is not None and not math.isfinite(value):
        raise UsageError(f"{option}: expected a finite number, got {value!r}")


@app.command(epilog=EXIT_CODES_HELP)
def check(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="Repository root to check.")
    ] = Path(),
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = Format.RICH,
    output: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="[FMT:]FILE",
            help="Write the report to FILE instead of stdout, or FMT:FILE to add another "
            "format (repeatable), e.g. -o json:report.json.",
        ),
    ] = None,
    fail_under: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option(
            metavar="N", help="Fail (exit 1) when the overall score is below N.", min=0, max=100
        ),
    ] = None,
    minimum: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--min",
            metavar="PILLAR=N",
            help="Fail when a pillar scores below N (repeatable).",
            autocompletion=complete_pillar_minimum,
        ),
    ] = None,
    allow_errors: Annotated[
        bool,
        typer.Option(
            "--allow-errors",
            help="A check that errors (a tool crashed or timed out) does not fail the gate; "
            "by default it does, since its missing score could lift the aggregate.",
        ),
    ] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    timeout: TimeoutOption = None,
    jobs: JobsOption = None,
    vuln_db: VulnDbOption = None,
    vuln_service: VulnServiceOption = None,
    offline: OfflineOption = False,
    project: ProjectOption = None,
    quiet: QuietOption = False,
    baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            metavar="FILE",
            help="Gate against a baseline file (from `pyreadiness baseline`): fail only on "
            "new findings or a score drop beyond the tolerance. Thresholds still apply.",
        ),
    ] = None,
    baseline_tolerance: Annotated[
        float,
        typer.Option(
            metavar="POINTS", help="Points a score may drop below the baseline.", min=0, max=100
        ),
    ] = 2.0,
    new_since: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            metavar="REF",
            help="Keep only findings on lines changed since this git ref (e.g. origin/main).",
        ),
    ] = None,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero",
            help="Exit 0 even when the gate fails (usage and internal errors still exit 2, 3).",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="After the report, list each check's status, time and cache use on stderr.",
        ),
    ] = False,
    store: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            metavar="PATH",
            help="Also record this run (with its git commit and ref) in a run store "
            "(SQLite file), for `pyreadiness history` and fleet trends.",
        ),
    ] = None,
) -> None:
    """Score a repository 0-100 per pillar and overall, and say exactly what is missing."""
    from pyreadiness.pipeline import emit

    try:
        options = _options(
            path,
            select=select,
            ignore=ignore,
            cache_dir=cache_dir,
            no_cache=no_cache,
            timeout=timeout,
            jobs=jobs,
            vuln_db=vuln_db,
            vuln_service=vuln_service,
            offline=offline,
            fail_under=fail_under,
            minimum=minimum,
            project=project,
            baseline=baseline,
            baseline_tolerance=baseline_tolerance,
            new_since=new_since,
            allow_errors=allow_errors,
        )
        outputs = _parse_outputs(output or [], fmt)
        report = _run_pipeline(options, quiet)
        if store is not None:
            from pyreadiness.store.record import record_check

            record_check(store, report)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - never a traceback; say what broke
        raise _fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL) from None
    try:
        emit(report, outputs)
    except UsageError as exc:
        raise _fail(str(exc)) from None
    if verbose:
        _print_timings(report)
    raise typer.Exit(EXIT_OK if report.gate.passed or exit_zero else EXIT_GATE_FAILED)


def _print_timings(report: Report) -> None:
    """``--verbose``: where the time went, on stderr (stdout holds the report)."""
    for c in report.checks:
        r = c.result
        score = "" if r.score is None else f" {r.score:g}"
        source = " (from the cache)" if r.cached else ""
        typer.echo(
            f"pyreadiness: {c.id}: {r.status.value}{score} in {r.duration:.2f} s{source}",
            err=True,
        )
    typer.echo(f"pyreadiness: total {report.duration:.2f} s", err=True)


@app.command("baseline")
def write_baseline(
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="Repository root to record.")
    ] = Path(),
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Baseline file to write (default: .pyreadiness-baseline.json in the "
            "current folder; commit it).",
        ),
    ] = Path(".pyreadiness-baseline.json"),
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    timeout: TimeoutOption = None,
    jobs: JobsOption = None,
    vuln_db: VulnDbOption = None,
    vuln_service: VulnServiceOption = None,
    offline: OfflineOption = False,
    quiet: QuietOption = False,
) -> None:
    """Record today's scores and findings, so `check --baseline FILE` fails only on regressions."""
    from pyreadiness.baseline.model import baseline_from_report
    from pyreadiness.baseline.model import write_baseline as write_file

    try:
        options = _options(
            path,
            select=select,
            ignore=ignore,
            cache_dir=cache_dir,
            no_cache=no_cache,
            timeout=timeout,
            jobs=jobs,
            vuln_db=vuln_db,
            vuln_service=vuln_service,
            offline=offline,
        )
        accepted = baseline_from_report(_run_pipeline(options, quiet))
    except UsageError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - never a traceback; say what broke
        raise _fail(f"internal error: {type(exc).__name__}: {exc}", EXIT_INTERNAL) from None
    try:
        write_file(accepted, output)
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    score = "not measured" if accepted.score is None else f"{accepted.score:g}"
    typer.echo(
        f"wrote {output}: overall score {score}, {len(accepted.findings)} finding(s) accepted. "
        f"Gate on it with: pyreadiness check --baseline {output}"
    )


@app.command("checks")
def list_checks() -> None:
    """List the installed checkers and the package that provides each."""
    from rich.console import Console
    from rich.table import Table

    from pyreadiness.check.registry import load_registry

    registry = load_registry()
    table = Table(box=None, pad_edge=False)
    for column in ("ID", "Pillar", "Title", "Provided by"):
        table.add_column(column)
    for c in registry.checkers:
        table.add_row(c.id, c.pillar.value, c.title, f"{c.package} {c.package_version}")
    console = Console(highlight=False)
    console.print(table)
    for err in registry.failed:
        console.print(f"failed to load {err.name} ({err.package}): {err.reason}", markup=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the `--format json` report."""
    from importlib.resources import files

    sys.stdout.write(
        files("pyreadiness").joinpath("resources/report.schema.json").read_text("utf-8")
    )


@app.command()
def explain(
    rule_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A check id (lint) or a rule id as reports show it (lint/F401, "
            "security/B307, typing/unannotated, discovery/unreadable).",
            autocompletion=complete_check_ids,
        ),
    ],
) -> None:
    """Explain a check (what it measures, how it scores) or one of its rules."""
    from pyreadiness.check.registry import load_registry
    from pyreadiness.report.core_rules import (
        DISCOVERY,
        DISCOVERY_DESCRIPTION,
        DISCOVERY_RULES,
        DISCOVERY_TITLE,
    )

    check_id, _, rule = rule_id.partition("/")
    if check_id == DISCOVERY:
        if not rule:
            typer.echo(f"{DISCOVERY}: {DISCOVERY_TITLE}\n\n{DISCOVERY_DESCRIPTION}")
            typer.echo("\nRules: " + ", ".join(sorted(DISCOVERY_RULES)))
            return
        _echo_rule(rule_id, DISCOVERY_RULES.get(rule_id), sorted(DISCOVERY_RULES))
        return
    registry = load_registry()
    checker = registry.get(check_id)
    if checker is None:
        known = ", ".join([*(c.id for c in registry.checkers), DISCOVERY])
        raise _fail(f"unknown check {check_id!r} (installed: {known})")
    if rule:
        _echo_rule(rule_id, checker.cls.describe_rule(rule), sorted(checker.cls.rules))
        return
    typer.echo(f"{checker.id}: {checker.title}")
    typer.echo(
        f"pillar: {checker.pillar.value}   weight in pillar: {checker.cls.weight:g}   "
        f"provided by: {checker.package} {checker.package_version}\n"
    )
    typer.echo(checker.description)
    if checker.cls.options:
        typer.echo(f"\nOptions ([tool.pyreadiness.checks.{checker.id}] in pyproject.toml):")
        for name, spec in sorted(checker.cls.options.items()):
            where = "" if spec.repository else "; command line only"
            default = "" if spec.default is None else f", default {spec.default!r}"
            typer.echo(f"  {name} ({spec.kind}{default}{where}): {spec.help}")
    if checker.cls.rules:
        names = sorted(r if "/" in r else f"{checker.id}/{r}" for r in checker.cls.rules)
        typer.echo("\nRules (pyreadiness explain RULE): " + ", ".join(names))


def _echo_rule(rule_id: str, doc: RuleDoc | None, known: list[str]) -> None:
    if doc is None:
        listed = f" (its own rules: {', '.join(known)})" if known else ""
        raise _fail(f"unknown rule {rule_id!r}{listed}")
    typer.echo(f"{rule_id}: {doc.title}\n")
    typer.echo(f"Why it matters: {doc.why}\n")
    typer.echo(f"How to fix: {doc.fix}")


def main() -> None:
    app(prog_name="pyreadiness")


# The platform commands (fleet, history, badge) live in their own module.
register_platform_commands(app)
