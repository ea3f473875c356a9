"""The security checker: bandit on shipped code, and a hard-coded secret scan."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar

from pyreadiness.checkers.interface import CheckContext, Checker
from pyreadiness.checkers.security import bandit, scoring
from pyreadiness.checkers.security.catalogue import RULES
from pyreadiness.checkers.security.secret_files import secret_paths
from pyreadiness.checkers.security.secret_rules import RULES_VERSION
from pyreadiness.checkers.security.secrets import SecretScan, scan_secrets
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import Inventory
from pyreadiness.discover.pysource import parse_python
from pyreadiness.discover.target_python import RUNNING, TARGET_FILES, TargetPython, target_python
from pyreadiness.model import (
    CheckResult,
    Finding,
    MetricValue,
    Pillar,
    RuleDoc,
    Severity,
    errored,
    scored,
    skipped,
)
from pyreadiness.tools.process import ToolError, ToolNotFound

CHECK_ID = "security"
RUNNING_LABEL = f"{RUNNING[0]}.{RUNNING[1]}"


class SecurityChecker(Checker):
    """Security issues bandit finds in shipped code, and secrets committed to the repository.

    What it measures:

    - bandit, on every shipped Python file (tests, conftest, docs, examples and build
      scripts excluded: an assert in a test is not a risk), with bandit's defaults: every
      plugin, every severity and confidence. The repository's own bandit configuration
      (``.bandit``, ``[tool.bandit]``) is deliberately NOT read, since it can skip tests and
      exclude paths; every repository is measured with the same ruler. Inline ``# nosec``
      comments ARE honoured (they are reviewed where they stand) and counted (metric
      ``nosec``). By hand: ``python -m bandit -f json -q FILE...``.
    - hard-coded secrets, with format-anchored patterns (AWS, GitHub and npm with their
      checksum, GitLab, Slack, Google, Stripe, PyPI, SendGrid, OpenAI and Azure keys,
      private key blocks), a password inside a URL, and literal values of
      password/secret/token/key settings in configuration files. Scanned: shipped and
      auxiliary code, configuration, ``.env``, JSON, Terraform, notebook code cells,
      ``.pem``/``.key`` and similar files; not tests, test data or docs. Placeholders
      (``changethis``, ``XXXX``...) are not secrets, and templates (``.env.example``),
      Docker Compose, CI and test settings files hold development values: only the
      format-anchored rules apply there. Python password literals are bandit's
      (B105-B107). Secrets are never printed, only their public prefix (``AKIA...``).

    How it scores (0-100, pass mark 70), the mean of two equally weighted components:

    - bandit: each issue weighs severity (high 10, medium 3, low 0.2) x confidence (high
      1, medium 0.6, low 0.3); the sum per 1000 non-blank lines of shipped code is the
      density, and the component is 100 x 0.5 ^ (density / 10): one high-severity,
      high-confidence issue per KLOC halves it. Below 1 KLOC there is no density: with no
      issue the component is left out (the reason says so), issues cost as if in 1 KLOC.
    - secrets: 0 with any certain (format-anchored) secret; each likely one (a keyword
      rule) costs 20 points, at most 60.

    A file bandit cannot parse is a ``syntax-error`` finding and is not scanned. bandit
    missing makes the check skipped; bandit crashing, hanging past the tool timeout or
    printing something other than its report makes it an error; found secrets are still
    listed either way.

    How to improve: fix what bandit reports, or silence a reviewed false positive with
    ``# nosec B602 -- reason``; move credentials to the environment or a secret store and
    revoke the committed ones; mark a known false positive of the secret scan with
    ``# pragma: allowlist secret``.
    """

    id: ClassVar[str] = CHECK_ID
    pillar: ClassVar[Pillar] = Pillar.SECURITY
    title: ClassVar[str] = "Security: bandit and hard-coded secrets"
    version: ClassVar[str] = "3"  # 3: columns, rule names, precision
    rules = RULES

    @classmethod
    def describe_rule(cls, rule: str) -> RuleDoc | None:
        from pyreadiness.checkers.security.bandit_rules import bandit_rule

        return super().describe_rule(rule) or bandit_rule(rule)

    def cache_inputs(self, ctx: CheckContext) -> Sequence[str] | None:
        inv = ctx.inventory
        extra = [p for p in (".bandit", *TARGET_FILES) if inv.has(p)]
        return sorted({*inv.paths(FileKind.SOURCE), *secret_paths(inv), *extra})

    def cache_salt(self, ctx: CheckContext) -> str:
        return "|".join(
            (bandit.bandit_identity() or "bandit missing", *bandit.PROFILE, RULES_VERSION)
        )

    def run(self, ctx: CheckContext) -> CheckResult:
        inv = ctx.inventory
        sources = inv.paths(FileKind.SOURCE)
        identity = bandit.bandit_identity() if sources else None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bandit") as pool:
            # bandit works in processes of its own: start them first, so that they run
            # while this thread scans for secrets (in-process, under the interpreter lock).
            pending = pool.submit(bandit.scan, ctx, sources, identity) if identity else None
            secrets = scan_secrets(inv, secret_paths(inv), ctx.cache)
            secret_findings = [hit.finding(self.id) for hit in secrets.hits]
            metrics: dict[str, MetricValue] = {
                "secrets": len(secrets.hits),
                "secrets_critical": secrets.critical,
                "secrets_suppressed": secrets.suppressed,
                "secret_files_scanned": secrets.files,
                "repo_config_ignored": _repo_bandit_config(inv),
            }
            if not sources:
                return _unmeasured(
                    skipped(self.id, "no shipped Python source to scan"), metrics, secret_findings
                )
            if identity is None or pending is None:
                reason = "bandit is not installed in pyreadiness's environment"
                return _unmeasured(skipped(self.id, reason), metrics, secret_findings)
            try:
                result = pending.result()
            except ToolNotFound as exc:
                return _unmeasured(skipped(self.id, str(exc)), metrics, secret_findings)
            except ToolError as exc:
                return _unmeasured(errored(self.id, str(exc)), metrics, secret_findings)
        return self._score(ctx, result, secrets, metrics, secret_findings, identity)

    def _score(
        self,
        ctx: CheckContext,
        result: bandit.BanditScan,
        secrets: SecretScan,
        metrics: dict[str, MetricValue],
        findings: list[Finding],
        identity: str,
    ) -> CheckResult:
        scanned = [f for f in result.files if f.error is None]
        failed = [f for f in result.files if f.error is not None]
        target = target_python(ctx.inventory)
        findings = findings + [_parse_finding(ctx.inventory, f, target) for f in failed]
        issues = [i for f in scanned for i in f.issues]
        findings += [scoring.bandit_finding(self.id, i) for i in issues]
        findings.sort(key=lambda f: (f.path or "", f.line or 0, f.rule, f.message))
        source_lines = ctx.inventory.source_lines()
        metrics.update(
            {
                "high": sum(1 for i in issues if i.severity == "HIGH"),
                "medium": sum(1 for i in issues if i.severity == "MEDIUM"),
                "low": sum(1 for i in issues if i.severity == "LOW"),
                "nosec": sum(f.nosec + f.skipped for f in scanned),
                "files_scanned": len(scanned),
                "files_unparsed": len(failed),
                "kloc": round(source_lines / 1000.0, 3),
                "per_kloc": round(scoring.per_kloc(issues, source_lines), 2),
                # An override executable has no version we can know without running it.
                "bandit_version": identity.removeprefix("bandit ")
                if identity.startswith("bandit ")
                else "",
            }
        )
        if not scanned:
            reason = f"bandit could not parse any of the {len(failed)} shipped source files"
            return _unmeasured(skipped(self.id, reason), metrics, findings)
        density = scoring.bandit_component(issues, source_lines)
        components = [c for c in (density, scoring.secrets_component(secrets)) if c is not None]
        summary = (
            f"{metrics['high']} high, {metrics['medium']} medium, {metrics['low']} low bandit "
            f"issues ({metrics['per_kloc']} weighted per KLOC, {metrics['nosec']} # nosec); "
            f"{len(secrets.hits)} hard-coded secrets"
        )
        reasons = []
        if density is None:
            reasons.append(scoring.left_out_reason(source_lines))
        if failed:
            failed_reason = f"{len(failed)} source files could not be parsed, so were not scanned"
            if target.newer_than_running:
                failed_reason += (
                    f" (bandit parses as Python {RUNNING_LABEL}; "
                    f"the project targets {target.label})"
                )
            reasons.append(failed_reason)
        reason = "; ".join(reasons)
        return scored(
            self.id,
            components=components,
            summary=summary,
            metrics=metrics,
            findings=findings,
            reason=reason,
        )


def _unmeasured(
    result: CheckResult, metrics: dict[str, MetricValue], findings: list[Finding]
) -> CheckResult:
    """A skipped or error result that still lists what was found (a secret is a secret)."""
    return dataclasses.replace(
        result, metrics={**metrics, **result.metrics}, findings=tuple(findings)
    )


def _repo_bandit_config(inv: Inventory) -> list[str]:
    """Bandit configuration the repository has and this check deliberately does not use."""
    found = [".bandit"] if inv.has(".bandit") else []
    doc = inv.toml("pyproject.toml")
    tool = (doc.data or {}).get("tool") if doc is not None else None
    if isinstance(tool, dict) and "bandit" in tool:
        found.append("pyproject.toml [tool.bandit]")
    return found


def _parse_finding(inv: Inventory, report: bandit.FileReport, target: TargetPython) -> Finding:
    """Where Python itself stops parsing the file (bandit does not say).

    bandit parses with the interpreter running it: a project targeting a newer Python gets
    an info finding (its syntax is likely just newer), not a syntax error.
    """
    text = inv.read_text(report.path)
    line: int | None = None
    detail = ""
    if text is not None:
        try:
            parse_python(text, filename=report.path)
        except SyntaxError as exc:
            line = exc.lineno
            detail = f" ({exc.msg})"
        except (ValueError, RecursionError, MemoryError):
            pass
    finding = scoring.parse_finding(CHECK_ID, report, line, detail)
    if line is None or not target.newer_than_running:
        return finding
    return dataclasses.replace(
        finding,
        rule="newer-syntax",
        severity=Severity.INFO,
        message=f"not scanned: bandit runs on Python {RUNNING_LABEL}, which cannot parse this "
        f"file{detail}; the project targets Python {target.label} ({target.evidence} in "
        f"{target.source}). Run pyreadiness under Python {target.label} to scan it",
    )
