"""The lint checker: ruff findings per KLOC, formatting, and the repository's own gate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.checkers.lint.catalogue import RULES
from pyreadiness.checkers.lint.measure import (
    FORMAT_JSON_SINCE,
    Formatting,
    OwnConfig,
    pinned_elsewhere,
    run_format,
    run_own_config,
    syntax_error_files,
)
from pyreadiness.checkers.lint.repo_config import RepoLintConfig, config_inputs
from pyreadiness.checkers.lint.ruff import Diagnostic, Ruff, locate_ruff, ruff_version
from pyreadiness.checkers.lint.rules import IGNORE, SELECT, SYNTAX_ERROR, severity_of
from pyreadiness.checkers.lint.scoring import (
    FORMATTER_DOCS,
    HALF_SCORE_PER_KLOC,
    WEIGHTS,
    no_gate_component,
    no_gate_finding,
    own_config_part,
)
from pyreadiness.checkers.lint.shared import fixed_run
from pyreadiness.discover.classify import FileKind
from pyreadiness.model import (
    CheckResult,
    Finding,
    MetricValue,
    Pillar,
    RuleDoc,
    ScoreComponent,
    Severity,
    scored,
    skipped,
)
from pyreadiness.score.model import decay, ratio
from pyreadiness.tools.process import ToolFailed, ToolNotFound


class LintChecker(Checker):
    """Lint: ruff with a fixed rule set, formatting, and the repository's own lint gate.

    What it measures
      ruff runs on the shipped source (tests, docs, examples and build scripts are not
      counted) with a fixed rule set that ignores the repository's configuration
      (``--isolated``), so scores compare across repositories: B, E4, E7, E9, F, PLE, T10
      and W6, minus B008, B905 and F405 (metrics ``ruleset`` and ``ruleset_ignored``).
      ``# noqa`` comments are honoured. Ruff targets the project's own target Python (the
      lower bound of ``requires-python``, else ruff's ``target-version``, else
      ``.python-version``; the newest Python ruff knows when none is declared), so syntax
      newer than the project claims to support is a syntax error. Also measured: whether
      ``ruff format --check`` passes (in the repository's own ruff style, else its black
      options, else ruff's defaults) and whether the project has a lint gate (a linter
      configured, or run by pre-commit or CI; formatters are not linters) and, when that
      linter is ruff, whether ``ruff check`` with its configuration passes.

    How it scores (weighted mean of components)
      findings_per_kloc (3): 100 at zero findings, halving every 10 findings per 1000
      non-blank lines of shipped source. parses (1): share of shipped files that parse.
      formatting (1): share of parseable shipped files ``ruff format`` leaves unchanged.
      own_config (1): 100 when the repository's own ``ruff check`` passes; 25 + 75 halved
      every 10 violations per KLOC when it fails; 0 with no lint gate at all or a ruff
      configuration that cannot load; left out (with the reason) for flake8, pylint or
      pyflakes gates, which are not run, and for a gate pinned to another ruff release.

    How to improve
      Run ``ruff check --isolated --select B,E4,E7,E9,F,PLE,T10,W6 --ignore B008,B905,F405``
      on the package and fix what it reports; run ``ruff format``; configure ruff in
      pyproject.toml and keep ``ruff check`` green in CI. See docs/checks/lint.md.
    """

    id = "lint"
    pillar = Pillar.MAINTAINABILITY
    title = "Lint findings and formatting"
    version = "3"  # 3: columns, rule names, grouped findings
    rules = RULES

    @classmethod
    def describe_rule(cls, rule: str) -> RuleDoc | None:
        from pyreadiness.checkers.lint.explain import ruff_rule

        return super().describe_rule(rule) or ruff_rule(rule)

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        python = ctx.inventory.paths(FileKind.SOURCE, FileKind.TEST, FileKind.AUX, FileKind.STUB)
        return [*python, *config_inputs(ctx.inventory)]

    def cache_salt(self, ctx: CheckContext) -> str:
        try:
            identity = locate_ruff().identity
        except ToolNotFound:
            identity = "ruff-missing"
        return "|".join([identity, *SELECT, "--ignore", *IGNORE])

    def run(self, ctx: CheckContext) -> CheckResult:
        sources = ctx.inventory.paths(FileKind.SOURCE)
        lines = ctx.inventory.source_lines()
        if not sources or lines == 0:
            return skipped(self.id, "no shipped Python source to lint")
        # ruff missing, crashing or talking nonsense: the engine maps its ToolError.
        ruff = locate_ruff()
        version = ruff_version(ctx, ruff)
        shared = fixed_run(ctx)  # the one run, shared with operability's async rules
        config = shared.config
        fixed = shared.lint_rules()
        own = run_own_config(ctx, ruff, config) if config.own_linter == "ruff" else None
        formatting = None
        if version >= FORMAT_JSON_SINCE:
            formatting = _formatting(ctx, ruff, config, sources, own)
        if own is not None:
            own = pinned_elsewhere(own, config.gate, ".".join(map(str, version)))
        return _assemble(
            config=config,
            version=".".join(map(str, version)),
            sources=sources,
            lines=lines,
            fixed=fixed,
            own=own,
            formatting=formatting,
        )


def _formatting(
    ctx: CheckContext,
    ruff: Ruff,
    config: RepoLintConfig,
    sources: Sequence[str],
    own: OwnConfig | None,
) -> Formatting:
    """``ruff format --check`` in the project's own ruff style when ruff can load it."""
    if own is not None:  # the own-gate run already told whether ruff loads the configuration
        use_own = own.status in ("passes", "fails")
        return run_format(ctx, ruff, config, sources, use_own_config=use_own)
    try:  # a ruff configuration of format settings only: the format run is the first to load it
        return run_format(ctx, ruff, config, sources, use_own_config=config.ruff_config is not None)
    except ToolFailed:
        return run_format(ctx, ruff, config, sources, use_own_config=False)


def _assemble(
    *,
    config: RepoLintConfig,
    version: str,
    sources: Sequence[str],
    lines: int,
    fixed: Mapping[str, Sequence[Diagnostic]],
    own: OwnConfig | None,
    formatting: Formatting | None,
) -> CheckResult:
    diagnostics = [d for rel in sources for d in fixed.get(rel, ())]
    broken = syntax_error_files(fixed)
    per_kloc = len(diagnostics) / (lines / 1000)
    python = config.target_version.removeprefix("py")
    python = f"{python[0]}.{python[1:]}"
    components = [
        ScoreComponent(
            id="findings_per_kloc",
            weight=WEIGHTS["findings_per_kloc"],
            score=decay(per_kloc, half_at=HALF_SCORE_PER_KLOC),
            detail=f"{_plural(len(diagnostics), 'finding')} of the fixed rule set in {lines} "
            f"lines of shipped source: {per_kloc:.2f} per KLOC "
            f"(50 points at {HALF_SCORE_PER_KLOC:g})",
        ),
        ScoreComponent(
            id="parses",
            weight=WEIGHTS["parses"],
            score=ratio(len(sources) - len(broken), len(sources)),
            detail=f"{len(sources) - len(broken)} of {len(sources)} shipped files parse as "
            f"Python {python} ({config.target_origin})",
        ),
    ]
    findings = [_finding(d, python) for d in diagnostics]
    reasons: list[str] = []
    summary = [f"{_plural(len(diagnostics), 'finding')} ({per_kloc:.2f}/KLOC)"]
    if formatting is None:
        reasons.append(f"formatting not measured: ruff {version} is older than 0.16")
    elif formatting.checked:
        done = formatting.checked - len(formatting.unformatted)
        note = f"; {formatting.note}" if formatting.note else ""
        components.append(
            ScoreComponent(
                id="formatting",
                weight=WEIGHTS["formatting"],
                score=ratio(done, formatting.checked),
                detail=f"{done} of {formatting.checked} parseable shipped files formatted "
                f"({formatting.style} style{note})",
            )
        )
        findings += [_unformatted(rel, formatting.style) for rel in formatting.unformatted]
        summary.append(f"{_plural(len(formatting.unformatted), 'unformatted file')}")
    if own is not None:
        where = config.ruff_config or config.gate.where or "pyproject.toml"
        component, finding, reason = own_config_part(own, where, lines)
        components += [component] if component else []
        findings += [finding] if finding else []
        reasons += [reason] if reason else []
        summary.append(f"own ruff config {own.status}")
    elif config.own_linter:
        summary.append(f"own {config.own_linter} config not run")
        reasons.append(
            f"own lint gate not verified: the project lints with {config.own_linter} "
            f"({config.gate.where}), which we do not run (it loads plugins)"
        )
    else:
        components.append(no_gate_component())
        findings.append(no_gate_finding(config.has_pyproject))
        summary.append("no lint gate")
    metrics: dict[str, MetricValue] = {
        "findings": len(diagnostics),
        "findings_per_kloc": round(per_kloc, 2),
        "syntax_errors": sum(1 for d in diagnostics if d.code == SYNTAX_ERROR),
        "files_with_syntax_errors": len(broken),
        "source_files": len(sources),
        "source_lines": lines,
        "ruleset": sorted(SELECT),
        "ruleset_ignored": sorted(IGNORE),
        "target_version": config.target_version,
        "ruff_version": version,
        "unformatted_files": len(formatting.unformatted) if formatting else None,
        "format_style": formatting.style if formatting else None,
        "own_linter": config.own_linter,
        "own_config_passes": own.status == "passes"
        if own and own.status != "unverifiable"
        else None,
        "own_config_findings": own.total if own and own.status in ("passes", "fails") else None,
    }
    findings.sort(key=lambda f: (f.path or "", f.line or 0, f.rule, f.message))
    return scored(
        "lint",
        components=components,
        summary="; ".join(summary),
        metrics=metrics,
        findings=findings,
        reason="; ".join(reasons),
    )


def _finding(d: Diagnostic, python: str) -> Finding:
    help_text = d.url
    if d.code == SYNTAX_ERROR:
        help_text = (
            f"ruff cannot parse this file as Python {python}: fix the syntax, or raise "
            "requires-python if the newer syntax is intended"
        )
    return Finding(
        check="lint",
        rule=d.code,
        severity=severity_of(d.code),
        message=d.message,
        path=d.path,
        line=d.line,
        help=help_text,
        column=d.column,
        end_line=d.end_line,
        end_column=d.end_column,
        rule_name=d.rule_name,
    )


def _unformatted(rel: str, style: str) -> Finding:
    return Finding(
        check="lint",
        rule="unformatted",
        severity=Severity.LOW,
        message=f"`ruff format` would reformat this file ({style} style)",
        path=rel,
        help=f"run `ruff format {rel}`; see {FORMATTER_DOCS}",
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
