"""The dependencies check judged by role (docs/checks/dependencies.md, "By role").

Every number here is a documented weight or curve: a changed constant fails a test.
"""

from __future__ import annotations

from pathlib import Path

from pyreadiness.checkers.dependencies import DependenciesChecker
from pyreadiness.checkers.interface import CheckContext
from pyreadiness.discover.dependencies import read_dependencies
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Profile, ProfileDecision
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES


def _run(root: Path, cache: Path, profile: Profile | None = None) -> CheckResult:
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache))
    if profile is not None:
        decision = ProfileDecision(profile=profile, evidence="set by the test", configured=True)
        ctx = CheckContext(
            root=root, inventory=ctx.inventory, cache=ctx.cache, profile=decision
        )
    return DependenciesChecker().run(ctx)


def _parts(result: CheckResult) -> list[tuple[str, float, float]]:
    return [(c.id, c.weight, c.score) for c in result.components]


def _rules(result: CheckResult) -> list[tuple[str, str | None, int | None]]:
    return [(f.rule.removeprefix("dependencies/"), f.path, f.line) for f in result.findings]


def test_tables_of_the_wrong_type_are_findings_not_type_errors(cache_dir: Path) -> None:
    root = FIXTURES / "deps-tool-table-wrong-type"
    deps = read_dependencies(build_inventory(root))
    assert [(p.rule, p.path, p.line) for p in deps.problems] == [
        ("wrong-type", "pyproject.toml", 8),
        ("wrong-type", "pyproject.toml", 11),
        ("wrong-type", "pyproject.toml", 15),
        ("wrong-type", "pyproject.toml", 21),
    ]
    assert deps.problems[0].message == (
        "[project] dependencies must be an array of requirement strings, not a string"
    )
    assert [d.name for d in deps.declared if d.kind.value != "build"] == ["pytest"]
    result = _run(root, cache_dir)
    wrong = [f for f in result.findings if f.rule == "dependencies/wrong-type"]
    assert [f.severity.value for f in wrong] == ["high"] * 4
    # [project] dependencies is unreadable: the runtime dependencies are unknown.
    assert result.components[0].score == 0.0
    assert result.reason == (
        "pyproject.toml: [project] dependencies, pyproject.toml: [tool.poetry] dependencies "
        "could not be read; scored on what could be read"
    )
