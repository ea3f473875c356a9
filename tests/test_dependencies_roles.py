"""The dependencies check judged by role (docs/checks/dependencies.md, "By role").

Every number here is a documented weight or curve: a changed constant fails a test.
"""

from __future__ import annotations

from pathlib import Path

from pyreadiness.checkers.dependencies import DependenciesChecker
from pyreadiness.checkers.interface import CheckContext
from pyreadiness.discover.dependencies import read_dependencies
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Profile, ProfileDecision, Status
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES


def _run(root: Path, cache: Path, profile: Profile | None = None) -> CheckResult:
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache))
    if profile is not None:
        decision = ProfileDecision(profile=profile, evidence="set by the test", configured=True)
        ctx = CheckContext(root=root, inventory=ctx.inventory, cache=ctx.cache, profile=decision)
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


def test_library_with_ranges_and_a_pinned_dev_environment_keeps_the_pillar(
    cache_dir: Path,
) -> None:
    result = _run(FIXTURES / "deps-library-pinned-dev-requirements", cache_dir, Profile.LIBRARY)
    assert _parts(result) == [
        ("ranges", 40.0, 100.0),  # httpcore==1.* is a range, not a pin
        ("dev-env", 30.0, 100.0),
        ("update-tool", 15.0, 100.0),
    ]
    assert result.components[1].detail == "all 3 development dependencies pinned with =="
    assert result.score == 100.0
    assert _rules(result) == []
    assert result.metrics["kind"] == "library"


def test_a_cli_is_judged_like_a_library(cache_dir: Path) -> None:
    root = FIXTURES / "deps-library-pinned-dev-requirements"
    cli = _run(root, cache_dir, Profile.CLI)
    assert [c.id for c in cli.components] == ["ranges", "dev-env", "update-tool"]


def test_the_same_declarations_judged_as_an_application_need_runtime_pins(
    cache_dir: Path,
) -> None:
    result = _run(FIXTURES / "deps-library-pinned-dev-requirements", cache_dir, Profile.APPLICATION)
    # Every runtime declaration: the 3 of the metadata and the 3 pins of requirements.txt.
    assert _parts(result) == [("reproducible", 50.0, 42.5), ("update-tool", 15.0, 100.0)]
    assert result.metrics["kind"] == "application"
    assert result.score == 55.8


def test_library_without_any_lock_keeps_most_of_the_pillar(cache_dir: Path) -> None:
    groups = _run(FIXTURES / "deps-pep735-groups", cache_dir, Profile.LIBRARY)
    # Declared but unpinned dev groups: 50 for declaring them; no update tool.
    assert _parts(groups) == [
        ("ranges", 40.0, 100.0), ("dev-env", 30.0, 50.0), ("update-tool", 15.0, 0.0),
    ]  # fmt: skip
    assert groups.score == 64.7
    nothing = _run(FIXTURES / "deps-zero-deps", cache_dir, Profile.LIBRARY)
    assert _parts(nothing) == [("ranges", 40.0, 100.0), ("dev-env", 30.0, 0.0)]
    assert nothing.score == 57.1


def test_dev_env_partly_pinned_is_in_proportion() -> None:
    from pyreadiness.checkers.dependencies import library

    assert (library.WEIGHT_RANGES, library.WEIGHT_DEV_ENV, library.DEV_DECLARED_BASE) == (
        40.0, 30.0, 50.0,
    )  # fmt: skip


def test_folder_requirements_are_the_runtime_of_an_application(cache_dir: Path) -> None:
    result = _run(FIXTURES / "deps-app-folder-requirements", cache_dir, Profile.APPLICATION)
    assert result.metrics["from_folders"] == ["backend/requirements.txt", "worker/requirements.txt"]
    assert (result.metrics["declared"], result.metrics["pinned"]) == (4, 3)
    # 85 x 3/4 pinned, no hashes; docs/requirements.txt says development by its folder.
    assert _parts(result) == [("reproducible", 50.0, 63.8), ("update-tool", 15.0, 0.0)]
    assert ("unpinned", "worker/requirements.txt", 2) in _rules(result)


def test_no_runtime_dependency_but_third_party_imports_is_undeclared(cache_dir: Path) -> None:
    result = _run(FIXTURES / "deps-runtime-undeclared-dev-only", cache_dir, Profile.LIBRARY)
    # requests only: ujson and orjson are guarded, orjson is an extra, rich is for typing.
    assert result.components[0].detail == (
        "no dependency declared, yet 1 third-party modules are imported (requests)"
    )
    assert _parts(result) == [
        ("reproducible", 50.0, 0.0), ("dev-env", 30.0, 100.0), ("update-tool", 15.0, 0.0),
    ]  # fmt: skip
    assert _rules(result)[-1] == ("undeclared", "src/thin/__init__.py", 7)


def test_package_mode_false_beats_a_detected_profile_not_a_configured_one(
    tmp_path: Path, cache_dir: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry]\nname = "svc"\npackage-mode = false\n'
        '[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "^2"\n'
    )
    root = tmp_path
    inventory = build_inventory(root)
    detected = ProfileDecision(profile=Profile.LIBRARY, evidence="pyproject.toml packages it")
    ctx = CheckContext(root=root, inventory=inventory, cache=Cache(cache_dir), profile=detected)
    assert DependenciesChecker().run(ctx).metrics["kind"] == "application"
    assert _run(root, cache_dir, Profile.LIBRARY).metrics["kind"] == "library"


def test_an_application_in_one_folder_is_read_from_its_folder(cache_dir: Path) -> None:
    """full-stack-fastapi-template's layout: nothing at the root, backend/ is the project."""
    root = FIXTURES / "deps-app-backend-folder-project"
    deps = read_dependencies(build_inventory(root))
    assert deps.project.metadata_file == "backend/pyproject.toml"
    assert [lock.path for lock in deps.lock_files] == ["backend/uv.lock"]
    result = _run(root, cache_dir, Profile.APPLICATION)
    assert _parts(result) == [
        ("reproducible", 50.0, 100.0), ("lock-fresh", 20.0, 100.0), ("update-tool", 15.0, 0.0),
    ]  # fmt: skip
    assert result.metrics["lock_files"] == ["backend/uv.lock"]


def test_development_extras_are_the_development_environment(cache_dir: Path) -> None:
    """pip-audit's layout: test, lint, doc and dev extras, no dependency groups."""
    result = _run(FIXTURES / "deps-library-dev-extras", cache_dir, Profile.LIBRARY)
    # pytest, pretend, ruff, mypy (pinned), build; postgres is the users' extra.
    assert (result.metrics["development"], result.metrics["development_pinned"]) == (5, 1)
    assert _parts(result) == [
        ("ranges", 40.0, 100.0), ("dev-env", 30.0, 60.0), ("update-tool", 15.0, 0.0),
    ]  # fmt: skip


def test_workspace_members_and_any_python_s_standard_library_are_not_undeclared(
    cache_dir: Path,
) -> None:
    """attrs imports annotationlib (Python 3.14); pydantic-ai's members declare their own."""
    root = FIXTURES / "deps-workspace-members-declare-their-own"
    result = _run(root, cache_dir, Profile.LIBRARY)
    assert _parts(result) == [
        ("ranges", 40.0, 100.0), ("dev-env", 30.0, 100.0), ("update-tool", 15.0, 0.0),
    ]  # fmt: skip
    assert "undeclared" not in [r for r, _, _ in _rules(result)]


def test_dynamic_runtime_dependencies_are_not_measured_nor_undeclared(cache_dir: Path) -> None:
    """pydantic-ai: [project] dynamic = ["dependencies"], filled by a build hook."""
    result = _run(FIXTURES / "deps-dynamic-runtime-dependencies", cache_dir, Profile.LIBRARY)
    assert _parts(result) == [("dev-env", 30.0, 100.0), ("update-tool", 15.0, 0.0)]
    assert result.reason == (
        "the runtime dependencies are dynamic (pyproject.toml [project] dynamic): computed "
        "at build time, so not measured"
    )
    assert "undeclared" not in [r for r, _, _ in _rules(result)]


def test_only_dynamic_dependencies_and_nothing_else_is_skipped(
    tmp_path: Path, cache_dir: Path
) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndynamic = ["dependencies"]\n')
    result = _run(tmp_path, cache_dir, Profile.APPLICATION)
    assert (result.status.value, result.score) == ("skipped", None)
    assert result.reason.startswith("the runtime dependencies are dynamic")


def test_code_only_in_member_projects_is_not_nothing_to_resolve(
    tmp_path: Path, cache_dir: Path
) -> None:
    """langgraph: libs/*/pyproject.toml each declare their own; the root declares nothing."""
    root = tmp_path
    for name in ("core", "cli"):
        member = root / "libs" / name
        (member / name).mkdir(parents=True)
        (member / "pyproject.toml").write_text(f'[project]\nname = "{name}"\n')
        (member / name / "__init__.py").write_text("import httpx\n")
    (root / "Makefile").write_text("test:\n\tpytest\n")
    result = _run(root, cache_dir, Profile.MONOREPO)
    assert (result.status.value, result.score) == ("skipped", None)
    assert result.reason == (
        "the code lives in projects of their own (libs/cli, libs/core): their runtime "
        "dependencies are declared there and not measured here"
    )


def test_an_update_tool_alone_is_not_a_measurement(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "libs" / "core" / "core").mkdir(parents=True)
    (tmp_path / "libs" / "core" / "pyproject.toml").write_text('[project]\nname = "core"\n')
    (tmp_path / "libs" / "core" / "core" / "__init__.py").write_text("import httpx\n")
    (tmp_path / "renovate.json").write_text("{}\n")
    result = _run(tmp_path, cache_dir, Profile.MONOREPO)
    assert (result.status.value, result.score) == ("skipped", None)
    assert result.reason.startswith("the code lives in projects of their own (libs/core)")


def test_nothing_declared_and_no_shipped_source_is_not_measured(cache_dir: Path) -> None:
    # The only code is an extensionless script the inventory cannot read as Python and a
    # test: "no dependencies" cannot be told from "undeclared ones", so no full marks.
    fixture = FIXTURES / "deps-nothing-declared-no-shipped-source"
    result = _run(fixture, cache_dir, Profile.SCRIPTS)
    assert result.status is Status.SKIPPED
    assert result.score is None
    assert result.components == ()
    assert result.reason == (
        "no runtime dependency declared and no shipped Python source to read imports "
        "from: whether the code needs any is not measured"
    )


def test_nothing_declared_and_stdlib_only_source_has_nothing_to_resolve(
    tmp_path: Path, cache_dir: Path
) -> None:
    # Shipped code read, and it imports only the standard library: real evidence.
    (tmp_path / "tool.py").write_text("import json\nimport sys\n\nprint(json.dumps(sys.argv))\n")
    result = _run(tmp_path, cache_dir, Profile.SCRIPTS)
    assert _parts(result) == [("reproducible", 50.0, 100.0)]
    assert result.components[0].detail == "no runtime dependencies declared: nothing to resolve"


def test_root_requirements_of_development_tools_only_leave_the_folders_as_runtime(
    cache_dir: Path,
) -> None:
    # realpython/materials: requirements.txt pins ruff alone; 85 for "1 of 1 pinned" would
    # rest on a linter, while the folders' requirements (what the scripts need) went unread.
    fixture = FIXTURES / "deps-scripts-root-requirements-dev-tools-only"
    result = _run(fixture, cache_dir, Profile.SCRIPTS)
    assert result.metrics["from_folders"] == ["plots/requirements.txt", "weather/requirements.txt"]
    assert (result.metrics["declared"], result.metrics["pinned"]) == (2, 1)
    # 85 x 1/2 pinned, no hashes.
    assert _parts(result) == [("reproducible", 50.0, 42.5), ("update-tool", 15.0, 0.0)]


def test_dependabot_allowed_only_development_tools_updates_no_runtime_dependency(
    cache_dir: Path,
) -> None:
    # realpython/materials: a pip entry whose allow list names ruff alone keeps the linter
    # fresh and none of what the code runs on: no update tool for these dependencies.
    fixture = FIXTURES / "deps-dependabot-allows-only-dev-tools"
    result = _run(fixture, cache_dir, Profile.SCRIPTS)
    assert _parts(result) == [("reproducible", 50.0, 85.0), ("update-tool", 15.0, 0.0)]
    assert result.components[1].detail == (
        "Dependabot in .github/dependabot.yml updates development tools only (allow: ruff), "
        "no runtime dependency"
    )
    assert _rules(result) == [("update-tool-not-python", ".github/dependabot.yml", 3)]
