"""The security-process check's score: scanning in CI, workflow supply chain, secret files.

* ``security-scanning`` 35 -- 100 when a current CI system runs a security scanner
  (CodeQL, bandit, pip-audit, safety, semgrep, zizmor, osv-scanner, scorecard, trivy...),
  directly, through a runner (tox, make, nox, pre-commit, pre-commit.ci) or as an action;
  0 when CI exists but runs none. Without CI it is not measured and leaves the mean.
  A scanner counts even in a step that cannot fail: CodeQL and scorecard report alerts
  to the repository's security tab rather than failing the run.
* ``actions-pinned`` 15, ``permissions`` 15, ``pull-request-target`` 20 -- GitHub Actions
  supply chain (see :mod:`workflows`); left out when no workflow can be read.
* ``secret-files`` 30 -- 0 with a committed private key or credential file, halved per
  ``.env`` file with values, else 100 (see :mod:`files`).
* ``security-policy`` 10 -- only present, at 100, when a SECURITY.md exists: it adds
  credit and its absence costs nothing, because organisations often keep one policy in
  their ``.github`` repository, which a single repository cannot show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyreadiness.checkers.ci.model import LEGACY_SYSTEMS, Category, System
from pyreadiness.checkers.security_process.files import SecretFile, secret_files
from pyreadiness.checkers.security_process.model import CHECK_ID, finding
from pyreadiness.checkers.security_process.workflows import github_hygiene
from pyreadiness.model import (
    CheckResult,
    Finding,
    MetricValue,
    ScoreComponent,
    Severity,
    scored,
)

if TYPE_CHECKING:
    from pyreadiness.checkers.ci.evidence import CIEvidence
    from pyreadiness.discover.inventory import Inventory

WEIGHT_SCANNING = 35.0
WEIGHT_SECRET_FILES = 30.0
WEIGHT_POLICY = 10.0
#: Each committed .env file with values halves the secret-files component.
ENV_FILE_FACTOR = 0.5
POLICY_FILES = ("SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md", "SECURITY.rst")


def scanning(evidence: CIEvidence) -> tuple[ScoreComponent, list[Finding]]:
    hits = sorted(
        (
            h
            for h in evidence.hits
            if h.category is Category.SECURITY and h.system not in LEGACY_SYSTEMS
        ),
        key=lambda h: (h.path, h.line or 0, h.via),
    )
    if hits:
        first = hits[0]
        where = f"{first.path}:{first.line}" if first.line else first.path
        systems = ", ".join(sorted({h.system.value for h in hits}))
        detail = f"security scanning runs in {systems} (`{first.via}` at {where})"
        return ScoreComponent(
            id="security-scanning", weight=WEIGHT_SCANNING, score=100.0, detail=detail
        ), []
    advice = finding(
        "no-security-scanning",
        Severity.MEDIUM,
        "CI runs no security scanner (CodeQL, bandit, pip-audit, semgrep, zizmor...)",
        path=evidence.anchor(),
        help="Add a scanning job: GitHub's CodeQL workflow, `pip-audit` for dependencies, "
        "`bandit -r src` or semgrep for code, zizmor for the workflows themselves.",
    )
    detail = "CI runs no security scanner"
    return ScoreComponent(
        id="security-scanning", weight=WEIGHT_SCANNING, score=0.0, detail=detail
    ), [advice]


def secret_files_component(found: list[SecretFile]) -> tuple[ScoreComponent, list[Finding]]:
    scored_files = [f for f in found if not f.in_tests]
    keys = [f for f in scored_files if f.kind != "environment file"]
    envs = [f for f in scored_files if f.kind == "environment file"]
    score = 0.0 if keys else round(100.0 * ENV_FILE_FACTOR ** len(envs), 1)
    if scored_files:
        shown = ", ".join(f.path for f in scored_files[:5])
        detail = f"{len(scored_files)} committed secret-bearing file(s): {shown}"
    else:
        detail = "no committed key, credential or .env file with values"
    findings = [_secret_finding(f) for f in found]
    component = ScoreComponent(
        id="secret-files", weight=WEIGHT_SECRET_FILES, score=score, detail=detail
    )
    return component, findings


def _secret_finding(found: SecretFile) -> Finding:
    if found.in_tests:
        return finding(
            "secret-file-in-tests",
            Severity.INFO,
            f"{found.kind} committed under a test folder: taken for test material, not scored",
            path=found.path,
            help="Make sure it is a throwaway test key or fake credential.",
        )
    severity = Severity.MEDIUM if found.kind == "environment file" else Severity.HIGH
    return finding(
        "secret-file-committed",
        severity,
        f"{found.kind} committed to the repository: anyone with read access has it",
        path=found.path,
        help="Remove it, rotate what it holds (it stays in the history), and add its "
        "name to .gitignore. Keep secrets in the CI system's secret store or a vault; "
        "commit a template (.env.example) instead of a .env.",
    )


def policy(present: str | None) -> list[ScoreComponent]:
    if present is None:
        return []
    detail = f"security policy in {present} (adds credit; its absence costs nothing)"
    return [ScoreComponent(id="security-policy", weight=WEIGHT_POLICY, score=100.0, detail=detail)]


def _ci_parts(
    evidence: CIEvidence, metrics: dict[str, MetricValue]
) -> tuple[list[ScoreComponent], list[Finding], list[str]]:
    """The CI-based components, and what could not be measured (left out, said why)."""
    components: list[ScoreComponent] = []
    findings: list[Finding] = []
    gaps: list[str] = []
    if evidence.current:
        component, advice = scanning(evidence)
        components.append(component)
        findings += advice
        metrics["security_scanning"] = component.score > 0
    else:
        gaps.append("no CI that runs anything: security scanning not measured")
        metrics["security_scanning"] = None
    github = evidence.extraction(System.GITHUB)
    if github is not None and github.documents:
        hygiene = github_hygiene(github.documents, github.steps)
        components += hygiene.components
        findings += hygiene.findings
        metrics.update(hygiene.metrics)
    else:
        gaps.append("no readable GitHub Actions workflow: CI supply chain not measured")
    return components, findings, gaps


def assess(inventory: Inventory, evidence: CIEvidence) -> CheckResult:
    metrics: dict[str, MetricValue] = {}
    components, findings, gaps = _ci_parts(evidence, metrics)
    found = secret_files(inventory)
    component, more = secret_files_component(found)
    components.append(component)
    findings += more
    present = next((p for p in POLICY_FILES if inventory.has(p)), None)
    components += policy(present)
    metrics["secret_files"] = [f.path for f in found if not f.in_tests]
    metrics["security_policy"] = present
    return scored(
        CHECK_ID,
        components=components,
        summary="; ".join(c.detail for c in components if c.id != "security-policy"),
        metrics=metrics,
        findings=sorted(findings, key=lambda f: (f.path or "", f.line or 0, f.rule, f.message)),
        reason="; ".join(gaps),
    )
