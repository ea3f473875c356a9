"""The pipeline: discover -> run checkers -> score -> report -> outputs.

The whole of it: options are validated before discovery starts, a baseline and
``--new-since`` are applied to the report (which carries the comparison), and
:func:`emit` writes every requested format. The CLI only wires options in.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyreadiness import __version__
from pyreadiness.baseline.changed_lines import ChangedLines, changed_since
from pyreadiness.baseline.compare import DEFAULT_TOLERANCE, adopt
from pyreadiness.baseline.model import Baseline, read_baseline
from pyreadiness.check.engine import ProgressHook, run_checks
from pyreadiness.check.registry import LoadedChecker, Registry, installed_ids, load_registry
from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.options import OptionValue, resolve_options
from pyreadiness.config import Settings, parse_settings
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.digests import DigestStore
from pyreadiness.discover.exclude import exclude_paths, unmatched_note
from pyreadiness.discover.files import is_within
from pyreadiness.discover.inventory import Inventory, build_inventory
from pyreadiness.discover.profile import detect_profile
from pyreadiness.errors import UsageError
from pyreadiness.model import CheckResult, Finding, Pillar, Severity, Status
from pyreadiness.monorepo import could_be_project, enclosing_repository, monorepo_report
from pyreadiness.report.model import CheckEntry, Report, finding_sort_key
from pyreadiness.reporters.inert import inert_report
from pyreadiness.reporters.interface import Format, render
from pyreadiness.score.aggregate import aggregate
from pyreadiness.score.gate import GateThresholds, evaluate
from pyreadiness.score.model import pillar_weights_for
from pyreadiness.suppress.apply import Matcher, unused_suppressions
from pyreadiness.suppress.apply import apply as apply_suppressions
from pyreadiness.tools.cache import Cache, default_cache_dir
from pyreadiness.tools.slots import ToolSlots

__all__ = ["Options", "Output", "emit", "run"]

DEFAULT_TIMEOUT = 600.0
#: Seconds ``git diff`` may take for ``--new-since`` when no ``--timeout`` is given.
DEFAULT_GIT_TIMEOUT = 120.0


@dataclass(frozen=True, kw_only=True)
class Options:
    """What the command line asked for; ``None`` means "not given, use the repository's"."""

    path: Path
    fail_under: float | None = None
    pillar_minimums: Mapping[Pillar, float] = field(default_factory=dict)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    cache_dir: Path | None = None
    use_cache: bool = True
    timeout: float | None = None
    jobs: int | None = None
    #: Checkers' options given by the caller (command line), by check id: over the repository's.
    check_options: Mapping[str, Mapping[str, OptionValue]] = field(default_factory=dict)
    offline: bool = False
    #: The day suppressions' ``until`` dates are compared with (None: today, UTC).
    today: datetime.date | None = None
    projects: tuple[str, ...] = ()  # score only these sub-projects of a monorepo (name/folder)
    baseline: Path | None = None  # gate against this baseline file
    baseline_tolerance: float = DEFAULT_TOLERANCE
    new_since: str | None = None  # keep only findings on lines changed since this git ref
    allow_errors: bool | None = None  # an errored check does not fail the gate


@dataclass(frozen=True, kw_only=True)
class Output:
    """One requested output: a format and the file it goes to (None: standard output)."""

    format: Format
    path: Path | None = None


def resolve_target(path: Path) -> Path:
    if not path.exists():
        raise UsageError(f"path does not exist: {path}")
    if not path.is_dir():
        raise UsageError(f"not a folder: {path} (point pyreadiness at a repository's root folder)")
    try:
        next(path.iterdir(), None)
    except OSError as exc:
        raise UsageError(f"cannot read folder {path}: {exc.strerror}") from None
    return path.resolve()


def load_repo_settings(inv: Inventory) -> tuple[Settings, list[Finding]]:
    """``[tool.pyreadiness]`` from the scanned repository; a broken file is its finding."""
    doc = inv.toml("pyproject.toml")
    if doc is None:
        return Settings(), []
    if doc.data is None:
        finding = Finding(
            check="discovery",
            rule="discovery/malformed-pyproject",
            severity=Severity.HIGH,
            message=f"pyproject.toml is not valid TOML: {doc.error}",
            path="pyproject.toml",
            line=doc.line,
            help="Fix the syntax; every packaging tool will reject this file as it is.",
        )
        return Settings(), [finding]
    tool = doc.data.get("tool")
    table = tool.get("pyreadiness") if isinstance(tool, dict) else None
    return parse_settings(table, where=str(inv.root / "pyproject.toml")), []


def _discovery_findings(inv: Inventory) -> list[Finding]:
    out = [
        Finding(
            check="discovery",
            rule="discovery/unreadable",
            severity=Severity.LOW,
            message=problem,
            path=path,
            help="pyreadiness skipped this path; fix or remove it if it matters.",
        )
        for path, problem in inv.problems
    ]
    out += [
        Finding(
            check="discovery",
            rule=rule,
            severity=Severity.LOW,
            message=why,
            path=path,
            help="Generated or data files belong outside the analysed tree (exclude them); "
            "a hand-written file this large cannot be reviewed either.",
        )
        for path, rule, why in inv.oversized
    ]
    if not inv.of_kind(FileKind.SOURCE, FileKind.TEST, FileKind.STUB, FileKind.AUX):
        out.append(
            Finding(
                check="discovery",
                rule="discovery/no-python",
                severity=Severity.INFO,
                message="no Python files found: most checks have nothing to measure",
                help="Point pyreadiness at the root of a Python repository.",
            )
        )
    return out


def select_checkers(
    registry: Registry, select: tuple[str, ...], ignore: tuple[str, ...], where: str
) -> list[LoadedChecker]:
    known = registry.installed
    for check_id in (*select, *ignore):
        if check_id not in known:
            raise UsageError(
                f"{where}: unknown check {check_id!r} (installed: {', '.join(sorted(known))})"
            )
    chosen = [c for c in registry.checkers if not select or c.id in select]
    return [c for c in chosen if c.id not in ignore]


def _check_options(
    checkers: Sequence[LoadedChecker], settings: Settings, options: Options, *, where: str
) -> dict[str, dict[str, OptionValue]]:
    """Each checker's options, validated: the repository's table, then the caller's."""
    _check_ids(tuple(settings.check_options), f"{where}: [tool.pyreadiness.checks]")
    return {
        c.id: resolve_options(
            c.id,
            c.cls.options,
            settings.check_options.get(c.id),
            options.check_options.get(c.id),
            where=where,
        )
        for c in checkers
    }


def _check_ids(ids: Sequence[str], where: str) -> None:
    known = installed_ids()
    for check_id in ids:
        if check_id not in known:
            raise UsageError(
                f"{where}: unknown check {check_id!r} (installed: {', '.join(sorted(known))})"
            )


def run(options: Options, progress: ProgressHook | None = None) -> Report:
    """Check a repository; every usage error is raised before discovery starts."""
    started = time.monotonic()
    root = resolve_target(options.path)
    _refuse_cache_inside(root, options.cache_dir)
    # Validated before any work: a typo costs no scan (the repository's own ids wait
    # for its pyproject.toml, read by discovery).
    _check_ids((*options.select, *options.ignore), "command line")
    accepted = read_baseline(options.baseline) if options.baseline is not None else None
    scope = None
    if options.new_since is not None:
        git_timeout = options.timeout or DEFAULT_GIT_TIMEOUT
        scope = changed_since(root, options.new_since, timeout=git_timeout)
    report = _check(root, options, progress, started)
    return _judged(report, accepted, options.baseline_tolerance, scope)


def _refuse_cache_inside(root: Path, cache_dir: Path | None) -> None:
    """We never write into the scanned repository, our cache included."""
    if cache_dir is None:
        return
    resolved = os.path.realpath(cache_dir)
    if is_within(os.path.realpath(root), resolved):
        raise UsageError(
            f"--cache-dir {cache_dir} is inside the scanned repository {root}: "
            "pyreadiness never writes there; choose a folder outside it"
        )


def _judged(
    report: Report, accepted: Baseline | None, tolerance: float, scope: ChangedLines | None
) -> Report:
    if accepted is None and scope is None:
        return report
    return adopt(report, baseline=accepted, tolerance=tolerance, scope=scope)


def emit(report: Report, outputs: Sequence[Output]) -> None:
    """Write the report in every requested format, files first, then standard output.

    A file that cannot be written is a usage error naming it.
    """
    for out in outputs:
        if out.path is None:
            continue
        try:
            out.path.write_text(render(report, out.format), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {out.path}: {exc.strerror}") from None
    for out in outputs:
        if out.path is None:
            sys.stdout.write(render(report, out.format, terminal=True))
            sys.stdout.flush()


def _check(root: Path, options: Options, progress: ProgressHook | None, started: float) -> Report:
    cache = Cache(options.cache_dir or default_cache_dir(), enabled=options.use_cache)
    top = enclosing_repository(root)
    if top is not None and could_be_project(root, top):
        # A sub-folder of a repository is seen from its root: root CI and shared config count.
        subfolder = _monorepo_run(
            build_inventory(top, default_exclude=False), options, cache, progress, scanned=root
        )
        if subfolder is not None:
            _close(cache)
            return dataclasses.replace(subfolder, duration=time.monotonic() - started)
    # Hashes and line counts of files unchanged since the last run are not read again.
    digests = DigestStore(cache, root) if cache.enabled else None
    everything = build_inventory(root, digest_store=digests, default_exclude=False)
    monorepo = _monorepo_run(everything, options, cache, progress, scanned=root)
    if monorepo is not None:
        _close(cache)
        return dataclasses.replace(monorepo, duration=time.monotonic() - started)
    settings, core_findings = load_repo_settings(everything)
    report = _score(root, everything, settings, core_findings, options, cache, progress)
    if digests is not None:
        digests.save({f.path for f in everything.files})
    _close(cache)
    return dataclasses.replace(report, duration=time.monotonic() - started)


def _close(cache: Cache) -> None:
    cache.close()
    if cache.problem is not None:
        # The report is the same without the cache, only slower: one line says why.
        print(f"pyreadiness: note: cache not used: {cache.problem}", file=sys.stderr)


def _monorepo_run(
    everything: Inventory,
    options: Options,
    cache: Cache,
    progress: ProgressHook | None,
    *,
    scanned: Path,
) -> Report | None:
    """A monorepo's report (monorepo.py), or None for a repository of one project."""

    def score(inv: Inventory) -> Report:
        own, core = load_repo_settings(inv)
        hook = progress
        if progress is not None and inv.scope is not None:
            folder = inv.scope.path  # the live display says which project a check runs for

            def hook(check_id: str, result: CheckResult | None) -> None:
                progress(f"{folder}: {check_id}", result)

        return _score(inv.root, inv, own, core, options, cache, hook)

    # The root's excludes hold for the whole repository: an excluded folder is no project.
    root_settings, root_findings = load_repo_settings(everything)
    return monorepo_report(
        _narrowed(everything, root_settings)[0],
        options.projects,
        scanned=scanned,
        cache=cache,
        score=score,
        root_findings=root_findings,
    )


def _narrowed(inv: Inventory, settings: Settings) -> tuple[Inventory, tuple[str, ...]]:
    """The inventory minus the repository's excludes (gitignore semantics, discover/exclude.py),
    and a warning for each of its patterns that leaves out nothing."""
    excluded = exclude_paths(
        [*(f.path for f in inv.files), *(o[0] for o in inv.oversized), *inv.set_aside],
        settings.exclude,
        settings.extend_exclude,
    )
    return inv.excluding(excluded.left_out), tuple(unmatched_note(p) for p in excluded.unmatched)


def _score(
    root: Path,
    listed: Inventory,
    settings: Settings,
    core_findings: list[Finding],
    options: Options,
    cache: Cache,
    progress: ProgressHook | None,
) -> Report:
    """Run the checkers on one project's inventory (before its excludes) and score it."""
    inv, warnings = _narrowed(listed, settings)

    select = options.select or settings.select
    ignore = options.ignore or settings.ignore
    where = "command line" if (options.select or options.ignore) else "[tool.pyreadiness]"
    registry = load_registry(select=select, ignore=ignore)
    checkers = select_checkers(registry, select, ignore, where)

    jobs = options.jobs or max(1, os.cpu_count() or 1)
    today = options.today or datetime.datetime.now(datetime.timezone.utc).date()
    accepted = Matcher(settings.suppressions, inv, today=today)
    ctx = CheckContext(
        root=root,
        inventory=inv,
        cache=cache,
        tool_timeout=options.timeout or settings.timeout or DEFAULT_TIMEOUT,
        offline=options.offline,
        vuln_ignores=settings.ignore_vulns,
        suppressions=accepted,
        today=today,
        jobs=jobs,
        tool_slots=ToolSlots(jobs),
        profile=detect_profile(inv, settings.profile),
    )
    check_options = _check_options(checkers, settings, options, where=str(root / "pyproject.toml"))
    results = run_checks(checkers, ctx, progress, check_options)
    source_lines = inv.source_lines()

    check_weights = {c.id: c.cls.weight for c in checkers} | dict(settings.check_weights)
    # The profile's weights (principle 3), then the repository's own overrides.
    pillar_weights = pillar_weights_for(ctx.profile.profile) | dict(settings.pillar_weights)
    agg = aggregate(results, {c.id: c.pillar for c in checkers}, check_weights, pillar_weights)
    thresholds = GateThresholds(
        fail_under=options.fail_under if options.fail_under is not None else settings.fail_under,
        pillar_minimums=dict(settings.pillar_minimums) | dict(options.pillar_minimums),
        allow_errors=(
            options.allow_errors if options.allow_errors is not None else settings.allow_errors
        ),
    )
    errors = {r.check: r.reason for r in results if r.status is Status.ERROR}
    gate = evaluate(agg, thresholds, errors)

    findings = list(core_findings) + _discovery_findings(inv)
    for result in results:
        findings.extend(result.findings)
    outcome = apply_suppressions(findings, accepted)
    # Discovery's own findings are always measured; a check is judged when it ran to the end.
    ran = {"discovery"} | {r.check for r in results if r.status in (Status.PASSED, Status.FAILED)}
    warnings = (*warnings, *unused_suppressions(accepted, ran))
    entries = tuple(
        CheckEntry(
            id=c.id,
            pillar=c.pillar,
            title=c.title,
            package=c.package,
            weight=check_weights.get(c.id, 1.0),
            result=r,
            rules=c.cls.rules,
        )
        for c, r in zip(checkers, results, strict=True)
    )
    # Names and messages from the repository: printable and inert in every format.
    return inert_report(
        Report(
            tool_version=__version__,
            profile=ctx.profile,
            target=root.as_posix(),
            score=agg.score,
            grade=agg.grade,
            uncapped_score=agg.uncapped_score,
            caps=agg.caps,
            partial=agg.partial,
            gate=gate,
            thresholds=thresholds,
            pillars=agg.pillars,
            checks=entries,
            findings=tuple(sorted(outcome.findings, key=finding_sort_key)),
            suppressed=tuple(sorted(outcome.suppressed, key=lambda s: finding_sort_key(s.finding))),
            warnings=warnings,
            plugin_errors=registry.failed,
            files=len(inv.files),
            source_lines=source_lines,
            listed_by=inv.listed_by,
            duration=0.0,
        )
    )
