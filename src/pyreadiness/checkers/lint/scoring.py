"""The lint score's weights and curves, and the own-gate component (docs/checks/lint.md)."""

from __future__ import annotations

from pyreadiness.checkers.lint.measure import OwnConfig
from pyreadiness.model import Finding, ScoreComponent, Severity
from pyreadiness.score.model import decay

#: Findings per KLOC at which the density component falls to 50 (and to 25 at twice that).
HALF_SCORE_PER_KLOC = 10.0
#: A configured lint gate that reports violations keeps this much of the own_config part
#: however many there are: the project chose rules and can see them (no gate at all: 0).
OWN_FAILS_FLOOR = 25.0
#: Own-gate violations per KLOC of shipped source that halve the part above the floor.
OWN_HALF_PER_KLOC = 10.0
#: The own_config part when the project has no lint gate at all (no configuration, no hook,
#: no CI step running a linter): a reviewer counts that as no lint discipline.
NO_GATE_SCORE = 0.0
WEIGHTS = {"findings_per_kloc": 3.0, "parses": 1.0, "formatting": 1.0, "own_config": 1.0}
FORMATTER_DOCS = "https://docs.astral.sh/ruff/formatter/"
CONFIG_DOCS = "https://docs.astral.sh/ruff/configuration/"


def no_gate_component() -> ScoreComponent:
    return ScoreComponent(
        id="own_config",
        weight=WEIGHTS["own_config"],
        score=NO_GATE_SCORE,
        detail="no lint gate: no ruff lint, flake8 or pylint configuration, and no pre-commit "
        "hook, CI, tox, nox or make step runs a linter",
    )


def no_gate_finding(has_pyproject: bool) -> Finding:
    return Finding(
        check="lint",
        rule="no-lint-gate",
        severity=Severity.LOW,
        message="the project has no lint gate: nothing keeps new code to a set of lint rules",
        path="pyproject.toml" if has_pyproject else None,
        help="add [tool.ruff.lint] to pyproject.toml and run `ruff check` in CI; see "
        + CONFIG_DOCS,
    )


def own_config_part(
    own: OwnConfig, path: str, lines: int
) -> tuple[ScoreComponent | None, Finding | None, str]:
    """The own-config component, its finding and, when it could not be judged, why."""
    if own.status == "unverifiable":
        return None, None, f"own ruff config not verified: {own.reason}"
    if own.status == "invalid":
        detail = f"ruff cannot load {path}: {own.reason}"
        finding = Finding(
            check="lint",
            rule="own-config-invalid",
            severity=Severity.HIGH,
            message=f"ruff cannot load the repository's configuration: {own.reason}",
            path=path,
            line=own.line,
            help=f"fix the ruff configuration; see {CONFIG_DOCS}",
        )
        score = 0.0
    elif own.status == "fails":
        top = sorted(own.violations.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        listed = ", ".join(f"{code} x{n}" for code, n in top)
        per_kloc = own.total / (lines / 1000)
        score = OWN_FAILS_FLOOR + (100.0 - OWN_FAILS_FLOOR) / 100.0 * decay(
            per_kloc, half_at=OWN_HALF_PER_KLOC
        )
        detail = (
            f"`ruff check` with {path} reports {own.total} violations ({listed}): "
            f"{per_kloc:.2f} per KLOC of shipped source ({OWN_FAILS_FLOOR:g} + "
            f"{100 - OWN_FAILS_FLOOR:g} halved every {OWN_HALF_PER_KLOC:g} per KLOC)"
        )
        finding = Finding(
            check="lint",
            rule="own-config-fails",
            severity=Severity.MEDIUM,
            message=f"the repository's own `ruff check` fails: {own.total} violations ({listed})",
            path=path,
            grouped=True,
            help="run `ruff check` in the repository root and fix or deliberately ignore them",
        )
    else:
        detail, finding, score = f"`ruff check` with {path} passes", None, 100.0
    component = ScoreComponent(
        id="own_config", weight=WEIGHTS["own_config"], score=score, detail=detail
    )
    return component, finding, ""
