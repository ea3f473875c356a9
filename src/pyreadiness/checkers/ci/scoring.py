"""The ci check's score: components, weights, the "no CI" cap, metrics and summary.

* ``ci-present`` 10 -- 100 when a current system's configuration can be read (GitHub
  Actions, GitLab CI, CircleCI, Azure, Bitbucket, Jenkins, pre-commit.ci); 0 otherwise.
  Legacy systems (Travis CI, AppVeyor) are reported and scored as no CI.
* ``runs-tests`` 35 -- 100 when a step that can fail runs the tests in a current system
  and the repository has test files (a test command with nothing to run checks nothing).
* ``runs-lint`` 15 -- 100 when a step that can fail runs a linter (formatters are not).
* ``runs-typecheck`` 15 -- when a step that can fail runs a type checker: 100 times the
  share of annotation slots filled in shipped code, full marks from ``TYPED_FULL``. mypy
  skips the bodies of unannotated functions, so the step is worth what it can check.

Supply-chain hygiene of the workflows (pinned actions, permissions, pull_request_target)
is scored once, by the ``security-process`` checker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyreadiness.checkers.ci import findings as ci_findings
from pyreadiness.checkers.ci.model import (
    CHECK_ID,
    LEGACY_SYSTEMS,
    SCORED_CATEGORIES,
    Category,
    Hit,
    System,
)
from pyreadiness.model import (
    CheckResult,
    Finding,
    MetricValue,
    ScoreCap,
    ScoreComponent,
    scored,
)
from pyreadiness.score.model import CAP_LIMITS, linear

if TYPE_CHECKING:
    from pyreadiness.checkers.ci.evidence import CIEvidence
    from pyreadiness.checkers.ci.typed import Annotated

WEIGHT_PRESENT = 10.0
WEIGHTS = {Category.TESTS: 35.0, Category.LINT: 15.0, Category.TYPECHECK: 15.0}
#: Share of annotation slots filled for a type-check step's full marks: the remaining fifth
#: is typically private helpers and callbacks whose types are inferred well enough.
TYPED_FULL = 0.8
#: The overall score of a repository whose CI runs nothing (none, or only legacy) is at
#: most a D.
NO_CI_CAP = CAP_LIMITS["no-ci"]  # one table of caps: score/model.py


@dataclass(frozen=True, kw_only=True)
class Repository:
    """What the repository itself holds that decides what a CI step is worth."""

    test_files: int
    annotated: Annotated | None  # measured only when a type-check step runs


def runs_typecheck(evidence: CIEvidence) -> bool:
    return bool(counting_hits(Category.TYPECHECK, evidence.hits))


def _where(hit: Hit) -> str:
    return f"{hit.path}:{hit.line}" if hit.line else hit.path


def presence(evidence: CIEvidence) -> ScoreComponent:
    current = sorted(s.value for s in evidence.current)
    if current:
        score, detail = 100.0, "configured: " + ", ".join(current)
    elif any(s not in LEGACY_SYSTEMS for s in evidence.systems):
        score, detail = 0.0, "CI files exist but none could be read"
    elif evidence.legacy:
        names = ", ".join(s.value for s in evidence.legacy)
        score, detail = 0.0, f"only legacy CI ({names}) is configured: scored as no CI"
    elif evidence.other_ci:
        score, detail = 0.0, f"only a CI system that is not read ({evidence.other_ci[0]})"
    else:
        score, detail = 0.0, "no CI configuration found"
    return ScoreComponent(id="ci-present", weight=WEIGHT_PRESENT, score=score, detail=detail)


def counting_hits(category: Category, hits: tuple[Hit, ...]) -> list[Hit]:
    """Steps of a current system that run this kind of check and can fail."""
    return sorted(
        (h for h in hits if h.category is category and h.counts and h.system not in LEGACY_SYSTEMS),
        key=lambda h: (h.path, h.line or 0, h.via),
    )


def _worth(category: Category, repo: Repository) -> tuple[float, str]:
    """What a step of this kind is worth in this repository, and why (when not 100)."""
    if category is Category.TESTS and not repo.test_files:
        return 0.0, "but the repository has no test files"
    share = repo.annotated.share if repo.annotated is not None else None
    if category is Category.TYPECHECK and share is not None:
        score = linear(share, zero_at=0.0, full_at=TYPED_FULL)
        if score < 100.0:
            return score, (
                f"on {share:.0%} annotated code (full marks from {TYPED_FULL:.0%}): "
                "unannotated functions are not checked"
            )
    return 100.0, ""


def category_component(
    category: Category, evidence: CIEvidence, repo: Repository
) -> ScoreComponent:
    component_id, weight = f"runs-{category.value}", WEIGHTS[category]
    current = counting_hits(category, evidence.hits)
    verb = ci_findings.VERB[category]
    if current:
        first = current[0]
        systems = sorted({h.system.value for h in current})
        score, why = _worth(category, repo)
        detail = f"{verb} in {', '.join(systems)} (`{first.via}` at {_where(first)})"
        return ScoreComponent(
            id=component_id, weight=weight, score=score, detail=f"{detail} {why}".strip()
        )
    hits = [h for h in evidence.hits if h.category is category]
    if any(h.counts for h in hits):
        detail = f"{verb} only in legacy CI, scored as no CI"
    else:
        swallowed = sum(1 for h in hits if not h.counts)
        extra = f" ({swallowed} command(s) that cannot fail)" if swallowed else ""
        detail = f"no CI step {verb}{extra}"
    return ScoreComponent(id=component_id, weight=weight, score=0.0, detail=detail)


def no_ci_cap(evidence: CIEvidence) -> tuple[ScoreCap, ...]:
    """The "no CI" cap, only on clear-cut evidence: no CI file at all (or only legacy ones),
    and no file of a CI system we do not read. Unreadable files of a known system are not
    clear-cut either (the service may read them differently)."""
    if evidence.current or evidence.other_ci:
        return ()
    if any(s not in evidence.legacy for s in evidence.systems):
        return ()
    if evidence.legacy:
        names = ", ".join(s.value for s in evidence.legacy)
        what = f"only legacy CI configured ({names}), which no longer runs open-source builds"
    else:
        what = "no CI configuration file of any system"
    return (ScoreCap(id="no-ci", limit=NO_CI_CAP, reason="no CI runs anything", evidence=what),)


def _metrics(
    evidence: CIEvidence, repo: Repository, found: list[Finding]
) -> dict[str, MetricValue]:
    metrics: dict[str, MetricValue] = {"systems": [s.value for s in evidence.systems]}
    for category in SCORED_CATEGORIES:
        where = sorted({h.system.value for h in counting_hits(category, evidence.hits)})
        metrics[f"runs_{category.value}"] = bool(where)
        metrics[f"{category.value}_in"] = where
    github = evidence.detected.get(System.GITHUB)
    if github:
        metrics["workflows"] = len(github)
    metrics["legacy_systems"] = [s.value for s in evidence.legacy]
    metrics["test_files"] = repo.test_files
    share = repo.annotated.share if repo.annotated is not None else None
    metrics["annotated_share"] = round(share, 3) if share is not None else None
    metrics["ci_files"] = sorted({p for e in evidence.extractions for p in e.files})
    metrics["invalid_files"] = sorted({p for e in evidence.extractions for p in e.invalid})
    metrics["checks_cannot_fail"] = sum(1 for f in found if f.rule == "ci-check-cannot-fail")
    lines = {
        f"{h.category.value}: {h.via} [{_where(h)}]"
        for h in evidence.hits
        if h.counts and h.category in SCORED_CATEGORIES
    }
    metrics["evidence"] = sorted(lines)[:50]
    return metrics


def _findings(
    evidence: CIEvidence, repo: Repository, components: list[ScoreComponent]
) -> list[Finding]:
    out: list[Finding] = [f for e in evidence.extractions for f in e.findings]
    out += ci_findings.cannot_fail_findings(evidence.hits)
    out += [ci_findings.legacy(s, evidence.detected[s][0]) for s in evidence.legacy]
    if evidence.current:
        out += ci_findings.missing_findings(components, evidence.anchor())
    elif evidence.other_ci:
        out.append(ci_findings.unread_system(evidence.other_ci[0]))
    elif all(s in LEGACY_SYSTEMS for s in evidence.systems):
        out.append(ci_findings.no_ci(evidence.legacy))
    if counting_hits(Category.TESTS, evidence.hits) and not repo.test_files:
        out.append(ci_findings.tests_without_tests(evidence.anchor()))
    return sorted(out, key=lambda f: (f.path or "", f.line or 0, f.rule, f.message))


def _summary(evidence: CIEvidence, metrics: dict[str, MetricValue]) -> str:
    if not evidence.systems:
        return "no CI configuration found"
    if not evidence.current and evidence.legacy:
        names = ", ".join(s.value for s in evidence.legacy)
        return f"only legacy CI ({names}): scored as no CI"
    ran = [c.value for c in SCORED_CATEGORIES if metrics[f"runs_{c.value}"]]
    missing = [c.value for c in SCORED_CATEGORIES if not metrics[f"runs_{c.value}"]]
    names = ", ".join(s.value for s in evidence.systems)
    if not ran:
        return f"{names}: runs no tests, lint or type checks"
    text = f"{names}: runs {', '.join(ran)}"
    return text + (f"; no {', '.join(missing)}" if missing else "")


def ci_result(evidence: CIEvidence, repo: Repository) -> CheckResult:
    components = [presence(evidence)]
    components += [category_component(c, evidence, repo) for c in SCORED_CATEGORIES]
    found = _findings(evidence, repo, components)
    metrics = _metrics(evidence, repo, found)
    return scored(
        CHECK_ID,
        components=components,
        summary=_summary(evidence, metrics),
        metrics=metrics,
        findings=found,
        caps=no_ci_cap(evidence),
    )
