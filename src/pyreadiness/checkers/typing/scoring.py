"""Turn the measurements into score components, findings, metrics and a summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyreadiness.checkers.typing.annotations import PYTHON_VERSION, FileAnnotations
from pyreadiness.checkers.typing.layout import Layout
from pyreadiness.checkers.typing.mypy_config import RepoMypyConfig
from pyreadiness.checkers.typing.mypy_run import HELP_CONFIG, MypyMessage, MypyOutcome
from pyreadiness.checkers.typing.sanitise import SanitisedConfig
from pyreadiness.checkers.typing.strictness import Strictness
from pyreadiness.discover.target_python import TargetPython
from pyreadiness.model import Finding, MetricValue, ScoreComponent, Severity
from pyreadiness.score.model import decay

CHECK_ID = "typing"
WEIGHT_FUNCTIONS = 35.0
WEIGHT_SLOTS = 15.0
WEIGHT_MYPY = 35.0
WEIGHT_STRICT = 10.0
WEIGHT_PY_TYPED = 5.0
#: mypy errors per 1000 source lines that halve the mypy component.
MYPY_HALF_DENSITY = 5.0
#: More mypy errors than this are counted but not listed one by one.
MAX_MYPY_FINDINGS = 1000

HELP_ANNOTATE = (
    "https://mypy.readthedocs.io/en/stable/getting_started.html"
    "#function-signatures-and-dynamic-vs-static-typing"
)
HELP_STRICT = "https://mypy.readthedocs.io/en/stable/existing_code.html#introduce-stricter-options"
HELP_PY_TYPED = (
    "https://typing.python.org/en/latest/spec/distributing.html#packaging-type-information"
)
HELP_SYNTAX = "https://docs.python.org/3/reference/grammar.html"
HELP_UNREADABLE = "https://docs.python.org/3/reference/lexical_analysis.html#encoding-declarations"


@dataclass(frozen=True, kw_only=True)
class Coverage:
    functions: int
    complete: int
    slots: int
    filled: int

    @classmethod
    def of(cls, files: Sequence[FileAnnotations]) -> Coverage:
        funcs = [f for file in files for f in file.functions]
        return cls(
            functions=len(funcs),
            complete=sum(1 for f in funcs if f.complete),
            slots=sum(f.slots for f in funcs),
            filled=sum(f.filled for f in funcs),
        )

    @property
    def function_ratio(self) -> float | None:
        return self.complete / self.functions if self.functions else None

    @property
    def slot_ratio(self) -> float | None:
        return self.filled / self.slots if self.slots else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def mypy_score(errors: int, source_lines: int) -> tuple[float, float]:
    """(score, errors per KLOC): 100 at none, halved every MYPY_HALF_DENSITY per KLOC."""
    density = errors * 1000.0 / max(source_lines, 1)
    return decay(density, half_at=MYPY_HALF_DENSITY), density


def components(
    cov: Coverage,
    outcome: MypyOutcome | None,
    strict: Strictness,
    layout: Layout,
    source_lines: int,
) -> list[ScoreComponent]:
    out: list[ScoreComponent] = []
    if cov.functions:
        out.append(
            ScoreComponent(
                id="annotated-functions",
                weight=WEIGHT_FUNCTIONS,
                score=100.0 * cov.complete / cov.functions,
                detail=f"{cov.complete} of {cov.functions} functions fully annotated",
            )
        )
        out.append(
            ScoreComponent(
                id="annotated-slots",
                weight=WEIGHT_SLOTS,
                score=100.0 * cov.filled / cov.slots,
                detail=f"{cov.filled} of {cov.slots} parameter and return annotations present",
            )
        )
    if outcome is not None and not outcome.failure:
        score, density = mypy_score(len(outcome.errors), source_lines)
        # mypy does not check what carries no annotation: its silence on unannotated code
        # is no evidence, so its part counts in the share of annotation slots filled.
        share = cov.slot_ratio if cov.slot_ratio is not None else 1.0
        out.append(
            ScoreComponent(
                id="mypy",
                weight=WEIGHT_MYPY,
                score=score * share,
                detail=(
                    f"{_count(len(outcome.errors), 'mypy error')} in {source_lines} source lines "
                    f"({density:.1f} per KLOC; {MYPY_HALF_DENSITY:g} per KLOC halves this part), "
                    f"times the {100 * share:.0f}% of annotation slots filled that mypy can check"
                ),
            )
        )
    out.append(
        ScoreComponent(id="strict", weight=WEIGHT_STRICT, score=strict.score, detail=strict.detail)
    )
    if layout.packages:
        out.append(
            ScoreComponent(
                id="py-typed",
                weight=WEIGHT_PY_TYPED,
                score=100.0 * len(layout.py_typed) / len(layout.packages),
                detail=f"{len(layout.py_typed)} of {len(layout.packages)} packages ship py.typed",
            )
        )
    return out


def _mypy_finding(msg: MypyMessage, severity: Severity) -> Finding:
    return Finding(
        check=CHECK_ID,
        rule=f"mypy/{msg.code or 'error'}",
        severity=severity,
        message=msg.message,
        path=msg.path,
        line=msg.line,
        help=msg.help,
        column=msg.column,
        end_line=msg.end_line,
        end_column=msg.end_column,
        rule_name=msg.code or "",
    )


def _coverage_finding(file: FileAnnotations) -> Finding | None:
    missing = [f for f in file.functions if not f.complete]
    if not missing:
        return None
    examples = ", ".join(f"{f.name} (line {f.line})" for f in missing[:3])
    more = ", ..." if len(missing) > 3 else ""
    return Finding(
        check=CHECK_ID,
        rule="typing/unannotated",
        severity=Severity.LOW,
        message=(
            f"{len(missing)} of {len(file.functions)} functions lack complete annotations: "
            f"{examples}{more}"
        ),
        path=file.path,
        line=missing[0].line,
        help=HELP_ANNOTATE,
        grouped=True,
    )


def findings(
    files: Sequence[FileAnnotations],
    outcome: MypyOutcome | None,
    config: RepoMypyConfig,
    layout: Layout,
    config_anchor: str | None,
    *,
    strict: Strictness,
    target: TargetPython,
) -> list[Finding]:
    out: list[Finding] = []
    for file in files:
        if file.unreadable:
            out.append(
                Finding(
                    check=CHECK_ID,
                    rule="typing/unreadable",
                    severity=Severity.INFO,
                    message=f"{file.error}: left out of annotation coverage and mypy",
                    path=file.path,
                    help=HELP_UNREADABLE,
                )
            )
        elif file.error is not None and target.newer_than_running:
            out.append(
                Finding(
                    check=CHECK_ID,
                    rule="typing/newer-syntax",
                    severity=Severity.INFO,
                    message=(
                        f"cannot be parsed by Python {PYTHON_VERSION}, older than the Python "
                        f"{target.label} the project targets ({target.evidence} in "
                        f"{target.source}): {file.error}; left out of annotation coverage "
                        f"and mypy. Run pyreadiness under Python {target.label} to measure it"
                    ),
                    path=file.path,
                    line=file.error_line,
                    help=HELP_SYNTAX,
                )
            )
        elif file.error is not None:
            out.append(
                Finding(
                    check=CHECK_ID,
                    rule="typing/syntax-error",
                    severity=Severity.MEDIUM,
                    message=(
                        f"cannot be parsed by Python {PYTHON_VERSION}: {file.error}; left out of "
                        "annotation coverage and mypy (syntax of a newer Python needs "
                        "pyreadiness to run under that Python)"
                    ),
                    path=file.path,
                    line=file.error_line,
                    help=HELP_SYNTAX,
                )
            )
        elif (found := _coverage_finding(file)) is not None:
            out.append(found)
    for problem in config.problems:
        out.append(
            Finding(
                check=CHECK_ID,
                rule="typing/mypy-config-invalid",
                severity=Severity.MEDIUM,
                message=f"mypy cannot read this file and ignores it: {problem.message}",
                path=problem.path,
                line=problem.line,
                help=HELP_CONFIG,
            )
        )
    if outcome is not None:
        out.extend(_mypy_findings(outcome, config))
    if not strict.strict:
        out.append(
            Finding(
                check=CHECK_ID,
                rule="typing/not-strict",
                severity=Severity.LOW,
                message="neither mypy (strict = true) nor pyright (typeCheckingMode = "
                '"strict") is asked for strict checking',
                path=config_anchor,
                help=HELP_STRICT,
            )
        )
    for package in layout.packages:
        if package not in layout.py_typed:
            out.append(
                Finding(
                    check=CHECK_ID,
                    rule="typing/no-py-typed",
                    severity=Severity.LOW,
                    message=f"package {package} ships no py.typed marker (PEP 561): type checkers "
                    "of its users ignore its annotations",
                    path=f"{package}/py.typed",
                    help=HELP_PY_TYPED,
                )
            )
    return sorted(out, key=lambda f: (f.path or "", f.line or 0, f.rule, f.message))


def _mypy_findings(outcome: MypyOutcome, config: RepoMypyConfig) -> list[Finding]:
    out = [_mypy_finding(m, Severity.HIGH) for m in outcome.blocking]
    if outcome.failure and outcome.repo_fault and not outcome.blocking:
        out.append(
            Finding(
                check=CHECK_ID,
                rule="typing/mypy-config",
                severity=Severity.MEDIUM,
                message=outcome.failure,
                path=config.path,
                help=HELP_CONFIG,
            )
        )
    for note in outcome.config_notes:
        out.append(
            Finding(
                check=CHECK_ID,
                rule="typing/mypy-config",
                severity=Severity.INFO,
                message=note,
                path=config.path,
                help=HELP_CONFIG,
            )
        )
    if not outcome.failure:
        errors = sorted(outcome.errors, key=lambda m: (m.path or "", m.line or 0, m.message))
        out.extend(_mypy_finding(m, Severity.MEDIUM) for m in errors[:MAX_MYPY_FINDINGS])
    return out


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def metrics(
    cov: Coverage,
    files: Sequence[FileAnnotations],
    layout: Layout,
    outcome: MypyOutcome | None,
    config: RepoMypyConfig,
    sanitised: SanitisedConfig | None,
    mypy_files: int,
    strict: Strictness,
    mypy_scope: str,
) -> dict[str, MetricValue]:
    done = outcome if outcome is not None and not outcome.failure else None
    return {
        "annotation_coverage": _ratio(cov.function_ratio),
        "annotation_slot_coverage": _ratio(cov.slot_ratio),
        "functions": cov.functions,
        "functions_annotated": cov.complete,
        "annotation_slots": cov.slots,
        "annotation_slots_filled": cov.filled,
        "modules": len(files),
        "modules_from_stubs": sum(1 for f in files if f.path.endswith(".pyi")),
        "implementation_modules": len(layout.implementation),
        "files_unparsed": sum(1 for f in files if f.error is not None),
        "mypy_errors": len(done.errors) if done else None,
        "mypy_ignored_imports": done.ignored_imports if done else None,
        "mypy_errors_elsewhere": done.elsewhere if done else None,
        "mypy_annotation_gaps": done.annotation_gaps if done else None,
        "mypy_files": mypy_files,
        "mypy_scope": mypy_scope,
        "mypy_config": config.path,
        "mypy_dropped_options": list(sanitised.dropped) if sanitised else [],
        "mypy_relaxed_checks": list(sanitised.relaxed) if sanitised else [],
        "strict": strict.strict,
        "strict_source": strict.source if strict.strict else None,
        "py_typed": bool(layout.packages) and len(layout.py_typed) == len(layout.packages),
        "packages": list(layout.packages),
    }


def summary(cov: Coverage, outcome: MypyOutcome | None, strict: Strictness) -> str:
    parts = []
    if cov.functions:
        parts.append(
            f"{cov.complete}/{cov.functions} functions fully annotated "
            f"({100 * cov.complete / cov.functions:.0f}%, "
            f"{100 * cov.filled / cov.slots:.0f}% of annotation slots)"
        )
    else:
        parts.append("no functions to annotate")
    if outcome is not None and not outcome.failure:
        parts.append(_count(len(outcome.errors), "mypy error"))
    else:
        parts.append("mypy not measured")
    parts.append("strict" if strict.strict else "not strict")
    return "; ".join(parts)
