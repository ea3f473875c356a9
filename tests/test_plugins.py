"""Third-party checkers through the entry-point group our built-ins use.

The plugin is a real installed distribution (a dist-info folder on PYTHONPATH), so the
test goes through importlib.metadata exactly as an installed package would.
"""

from __future__ import annotations

import importlib
import textwrap
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ROOT, check_json, check_result, run_cli

PLUGIN = '''
from pyreadiness.model import CheckResult, Finding, Pillar, ScoreComponent, Severity, scored
from pyreadiness.checkers.interface import Checker, CheckContext


class LicenseChecker(Checker):
    """Has a LICENSE file at the root.

    Scores 100 with one, 0 without.
    """

    id = "license"
    pillar = Pillar.OPERABILITY
    title = "License file present"

    def run(self, ctx: CheckContext) -> CheckResult:
        present = ctx.inventory.has("LICENSE")
        findings = [] if present else [Finding(
            check=self.id, rule="license/missing", severity=Severity.MEDIUM,
            message="no LICENSE file", path=None, help="Add a LICENSE file.",
        )]
        return scored(
            self.id,
            components=[ScoreComponent(id="present", weight=1, score=100 if present else 0,
                                       detail="LICENSE present" if present else "no LICENSE")],
            summary="license found" if present else "no license",
            findings=findings,
        )


class ExplodingChecker(Checker):
    """Always raises."""

    id = "exploding"
    pillar = Pillar.OPERABILITY
    title = "Raises on purpose"

    def run(self, ctx: CheckContext) -> CheckResult:
        raise RuntimeError("kaboom")


class NotAChecker:
    id = "notachecker"
'''

ENTRY_POINTS = """
[pyreadiness.checkers]
license = acme_readiness:LicenseChecker
exploding = acme_readiness:ExplodingChecker
gone = acme_readiness_gone:Nothing
notachecker = acme_readiness:NotAChecker
mislabelled = acme_readiness:LicenseChecker
boom = acme_readiness_boom:BoomChecker
"""

# A plugin whose module leaves a mark, then raises, at import: a run that does not select it
# must not import it at all.
BOOM = """
import os
from pathlib import Path

Path(os.environ["ACME_BOOM_MARK"]).write_text("imported")
raise RuntimeError("acme_readiness_boom was imported")
"""


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "site"
    dist = site / "acme_readiness-1.2.3.dist-info"
    dist.mkdir(parents=True)
    (site / "acme_readiness.py").write_text(textwrap.dedent(PLUGIN))
    (site / "acme_readiness_boom.py").write_text(BOOM)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-readiness\nVersion: 1.2.3\n")
    (dist / "entry_points.txt").write_text(ENTRY_POINTS)
    return {"PYTHONPATH": str(site), "ACME_BOOM_MARK": str(tmp_path / "boom-imported")}


def test_third_party_checker_is_listed_with_its_package(plugin_env: dict[str, str]) -> None:
    run = run_cli("checks", env=plugin_env)
    assert run.code == 0
    row = next(line for line in run.stdout.splitlines() if line.startswith("license "))
    assert "operability" in row
    assert "acme-readiness 1.2.3" in row
    assert "failed to load gone (acme-readiness): ModuleNotFoundError" in run.stdout


@pytest.mark.slow
def test_broken_plugins_are_reported_and_the_report_still_comes_out(
    plugin_env: dict[str, str], cache_dir: Path
) -> None:
    code, report = check_json(
        FIXTURES / "core-config-gate",
        "--select",
        # Only selected plugins are imported, so only selected ones can fail to load.
        "tests,license,exploding,gone,notachecker,mislabelled",
        "--fail-under",
        "0",
        "--min",
        "testing=0",
        # The exploding plugin errors; an errored check fails a gate unless allowed.
        "--allow-errors",
        cache_dir=cache_dir,
        env=plugin_env,
    )
    assert code == 0
    failures = {e["name"]: e for e in report["plugin_errors"]}
    assert set(failures) == {"gone", "notachecker", "mislabelled"}
    assert failures["gone"]["package"] == "acme-readiness"
    assert "not a pyreadiness Checker subclass" in failures["notachecker"]["reason"]
    assert "declares id 'license'" in failures["mislabelled"]["reason"]

    exploding = check_result(report, "exploding")
    assert exploding["status"] == "error"
    assert exploding["reason"] == "checker crashed: RuntimeError: kaboom"
    assert exploding["score"] is None

    license_check = check_result(report, "license")
    assert license_check["status"] == "failed"
    assert license_check["score"] == 0
    assert license_check["package"] == "acme-readiness"
    assert {"check": "license", "rule": "license/missing"}.items() <= next(
        f for f in report["findings"] if f["check"] == "license"
    ).items()
    assert "exploding error: checker crashed: RuntimeError: kaboom" in report["partial"]
    operability = next(p for p in report["pillars"] if p["id"] == "operability")
    assert operability["score"] == 0  # license measured 0; exploding left the aggregate


@pytest.mark.slow
def test_a_run_imports_only_the_checkers_it_selects(
    plugin_env: dict[str, str], cache_dir: Path, tmp_path: Path
) -> None:
    mark = tmp_path / "boom-imported"
    code, report = check_json(
        FIXTURES / "lint-clean", "--select", "lint", cache_dir=cache_dir, env=plugin_env
    )
    assert code == 0
    assert [c["id"] for c in report["checks"]] == ["lint"]
    assert check_result(report, "lint")["status"] == "passed"
    assert report["plugin_errors"] == []  # the broken plugins were not even imported
    assert not mark.exists()

    # An unknown id still lists every installed one, loaded or not, and imports none.
    run = run_cli("check", FIXTURES / "lint-clean", "--select", "nosuch", env=plugin_env)
    assert run.code == 2
    installed = run.stderr.partition("(installed: ")[2].partition(")")[0].split(", ")
    assert {"boom", "gone", "license", "lint", "mislabelled", "tests"} <= set(installed)
    assert not mark.exists()

    # `checks` loads everything, so it reports the broken plugin.
    listing = run_cli("checks", env=plugin_env)
    assert listing.code == 0
    unwrapped = " ".join(listing.stdout.split())  # the table wraps long lines
    assert (
        "failed to load boom (acme-readiness): RuntimeError: acme_readiness_boom was imported"
        in unwrapped
    )
    assert mark.exists()


PUBLIC_MODULES = [
    "pyreadiness.checkers.interface",
    "pyreadiness.checkers.options",
    "pyreadiness.model",
    "pyreadiness.score.model",
    "pyreadiness.discover.classify",
    "pyreadiness.tools.process",
    "pyreadiness.tools.memo",
    "pyreadiness.testing",
]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_the_public_api_lists_what_exists(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert exported, f"{name} has an empty __all__"
    assert [n for n in exported if not hasattr(module, n)] == []
    # docs/plugins.md names every public module.
    assert f"`{name}`" in (ROOT / "docs" / "plugins.md").read_text("utf-8")
