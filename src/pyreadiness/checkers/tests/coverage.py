"""Is coverage measured, and does a threshold fail the build when it drops?

Read statically from where teams put it: pytest-cov's ``--cov-fail-under`` in pytest
``addopts``; coverage.py's ``fail_under`` in ``[tool.coverage.report]`` (pyproject.toml),
``[report]`` (.coveragerc) or ``[coverage:report]`` (setup.cfg, tox.ini); and
``--cov-fail-under`` or ``coverage report --fail-under`` on a command line in tox, nox, a
Makefile or a CI workflow. A bare ``--fail-under`` belongs to whatever tool it follows
(interrogate, pylint, our own gate) and is not a coverage threshold. The highest threshold
found is the one reported. A committed coverage report (see :mod:`reports`) proves that
coverage was measured and gives the number it measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.tests.reports import Reported, read_report
from pyreadiness.discover.pytest_config import PytestConfig

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

# pytest-cov's option, anywhere; coverage.py's own only on a `coverage report` line.
_THRESHOLD_OPTION = re.compile(r"--cov-fail-under(?:=|\s+)(\d+(?:\.\d+)?)")
# `coverage report ... --fail-under N`, also as a list (`session.run("coverage", "report",
# "--fail-under=90")`): the words may be separated by spaces or by `", "`.
_SEP = r"(?:\s+|[\"'],\s*[\"'])"
_REPORT_THRESHOLD = re.compile(
    rf"\bcoverage{_SEP}report\b[^\n]*?[\s\"']--fail-under(?:=|{_SEP})[\"']?(\d+(?:\.\d+)?)"
)
_MAX_LINE = 4096
# Words that show coverage is at least measured: pytest-cov options or coverage.py runs.
_MEASURED = re.compile(r"--cov\b|\bcoverage\s+run\b|\bpytest-cov\b|\bcoverage\s+report\b")
_SCRIPT_FILES = (
    "pyproject.toml", "tox.ini", "setup.cfg", "noxfile.py", "Makefile", "justfile",
    ".gitlab-ci.yml", "azure-pipelines.yml", ".travis.yml", "bitbucket-pipelines.yml",
    "Jenkinsfile", ".pre-commit-config.yaml",
)  # fmt: skip
CONFIG_FILES = (".coveragerc", "pyproject.toml", "setup.cfg", "tox.ini")


@dataclass(frozen=True, kw_only=True)
class CoverageSetup:
    measured: bool
    threshold: float | None = None
    source: str | None = None  # the file the threshold came from
    reported: Reported | None = None  # a committed coverage report's measured number


def script_files(inv: Inventory) -> tuple[str, ...]:
    """Files whose command lines may run coverage: read as text, never executed."""
    found = {name for name in _SCRIPT_FILES if inv.has(name)}
    for f in inv.files:
        if f.path.startswith((".github/workflows/", ".circleci/")) and f.path.endswith(
            (".yml", ".yaml")
        ):
            found.add(f.path)
    return tuple(sorted(found))


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _structured(inv: Inventory, cfg: PytestConfig | None) -> list[tuple[float | None, str]]:
    """(threshold or None, file) for every place that configures coverage."""
    out: list[tuple[float | None, str]] = []
    if cfg is not None:
        words = " ".join(cfg.addopts)
        if _MEASURED.search(words) or _THRESHOLD_OPTION.search(words):
            match = _THRESHOLD_OPTION.search(words)
            out.append((float(match.group(1)) if match else None, cfg.path))
    doc = inv.toml("pyproject.toml")
    if doc is not None and doc.data is not None:
        tool = doc.data.get("tool")
        coverage = tool.get("coverage") if isinstance(tool, dict) else None
        if isinstance(coverage, dict):
            report = coverage.get("report")
            value = report.get("fail_under") if isinstance(report, dict) else None
            out.append((_number(value), "pyproject.toml"))
    for name, prefix in ((".coveragerc", ""), ("setup.cfg", "coverage:"), ("tox.ini", "coverage:")):
        ini = inv.ini(name)
        if ini is None:
            if name == ".coveragerc" and inv.has(name):
                out.append((None, name))  # present but unparsable: coverage is still set up
            continue
        sections = [s for s in ini.sections() if s.startswith(prefix)] if prefix else ini.sections()
        if name == ".coveragerc" or sections:
            section = prefix + "report"
            value = ini.get(section, "fail_under", fallback=None)
            out.append((_number(value), name))
    return out


def _thresholds(text: str) -> list[float]:
    """Coverage thresholds on the command lines of a file. Line by line, and lines longer
    than any real command are skipped: the report pattern scans to the end of its line, so
    one huge line could otherwise cost time quadratic in its length."""
    out: list[float] = []
    for line in text.splitlines():
        if len(line) <= _MAX_LINE:
            for pattern in (_THRESHOLD_OPTION, _REPORT_THRESHOLD):
                out.extend(float(m.group(1)) for m in pattern.finditer(line))
    return out


def find_coverage(inv: Inventory, cfg: PytestConfig | None) -> CoverageSetup:
    setup = _configured(inv, cfg)
    reported = read_report(inv)
    if reported is None:
        return setup
    return CoverageSetup(
        measured=True, threshold=setup.threshold, source=setup.source, reported=reported
    )


def _configured(inv: Inventory, cfg: PytestConfig | None) -> CoverageSetup:
    found = _structured(inv, cfg)
    for rel in script_files(inv):
        text = inv.read_text(rel)
        if not text:
            continue
        thresholds = _thresholds(text)
        if thresholds:
            found.append((max(thresholds), rel))
        elif _MEASURED.search(text):
            found.append((None, rel))
    if not found:
        return CoverageSetup(measured=False)
    with_value = [(value, rel) for value, rel in found if value is not None]
    if not with_value:
        return CoverageSetup(measured=True)
    # Highest wins; ties go to the first file name so the source is deterministic.
    value, rel = min(with_value, key=lambda item: (-item[0], item[1]))
    return CoverageSetup(measured=True, threshold=value, source=rel)
