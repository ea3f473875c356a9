"""Sub-project detection, the sub-project's view of the repository, and CI attribution."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pyreadiness.checkers.ci.attribution import folder_applies, script_applies, workflow_applies
from pyreadiness.checkers.ci.evidence import gather
from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.inventory import ProjectScope, build_inventory
from pyreadiness.discover.projects import detect_projects
from pyreadiness.discover.subproject import project_inventory
from pyreadiness.model import Pillar
from pyreadiness.score.aggregate import PillarScore
from pyreadiness.score.rollup import ProjectScore, roll_up
from tests.helpers import FIXTURES


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _layout(root: Path) -> list[tuple[str, str, str]]:
    layout = detect_projects(build_inventory(root))
    return [(p.name, p.path, p.declared_by) for p in layout.projects]


def test_uv_workspace_members_are_the_projects() -> None:
    assert _layout(FIXTURES / "monorepo-uv-workspace") == [
        ("acme-api", "packages/api", "uv workspace"),
        ("acme-worker", "packages/worker", "uv workspace"),
    ]


def test_packaging_files_below_the_root_are_projects() -> None:
    assert _layout(FIXTURES / "monorepo-two-projects") == [
        ("shop-backend", "backend", "packaging file"),  # setup.py name=
        ("sales-report", "tools/report", "packaging file"),
    ]


def test_a_packaged_workspace_root_with_its_own_source_is_a_project() -> None:
    assert _layout(FIXTURES / "deps-workspace-members-declare-their-own") == [
        ("rootpkg", ".", "uv workspace"),
        ("core", "packages/core", "uv workspace"),
    ]


@pytest.mark.parametrize(
    "fixture", ["lint-clean", "deps-app-backend-folder-project", "report-every-checker"]
)
def test_one_project_is_not_a_monorepo(fixture: str) -> None:
    layout = detect_projects(build_inventory(FIXTURES / fixture))
    assert not layout.is_monorepo
    assert layout.projects == ()


def test_uv_exclude_and_double_star_globs(tmp_path: Path) -> None:
    project = '[project]\nname = "{}"\n'
    _write(
        tmp_path,
        {
            "pyproject.toml": "[tool.uv.workspace]\n"
            'members = ["libs/**"]\nexclude = ["libs/old"]\n',
            "libs/a/pyproject.toml": project.format("a"),
            "libs/group/b/pyproject.toml": project.format("b"),
            "libs/old/pyproject.toml": project.format("old"),
            "apps/c/pyproject.toml": project.format("c"),  # not a member
        },
    )
    assert [p for _, p, _ in _layout(tmp_path)] == ["libs/a", "libs/group/b"]


def test_packaged_folders_among_many_loose_scripts_are_not_a_monorepo(tmp_path: Path) -> None:
    files = {f"script_{i}.py": "print(1)\n" for i in range(5)}
    files |= {f"{name}/pyproject.toml": f'[project]\nname = "{name}"\n' for name in "ab"}
    files |= {"a/a.py": "", "b/b.py": ""}
    _write(tmp_path, files)  # 2 of 7 shipped files in projects: a collection of scripts
    assert _layout(tmp_path) == []
    _write(tmp_path, {"a/more.py": "", "b/more.py": "", "a/again.py": ""})  # 5 of 10: half
    assert [p for _, p, _ in _layout(tmp_path)] == ["a", "b"]


def test_hatch_and_pdm_workspaces(tmp_path: Path) -> None:
    project = '[project]\nname = "{}"\n'
    hatch = _write(
        tmp_path / "hatch",
        {
            "pyproject.toml": '[tool.hatch.envs.default]\nworkspace.members = ["pkgs/*", '
            '{path = "tools/cli"}]\n',
            "pkgs/one/pyproject.toml": project.format("one"),
            "tools/cli/pyproject.toml": project.format("cli"),
        },
    )
    assert _layout(hatch) == [
        ("one", "pkgs/one", "hatch workspace"),
        ("cli", "tools/cli", "hatch workspace"),
    ]
    pdm = _write(
        tmp_path / "pdm",
        {
            "pyproject.toml": "[tool.pdm.dev-dependencies]\ndev = [\n"
            '  "-e file:///${PROJECT_ROOT}/packages/core#egg=core",\n'
            '  "-e file:///${PROJECT_ROOT}/packages/web#egg=web",\n]\n',
            "packages/core/pyproject.toml": project.format("core"),
            "packages/web/pyproject.toml": project.format("web"),
        },
    )
    assert [p for _, p, how in _layout(pdm) if how == "pdm workspace"] == [
        "packages/core",
        "packages/web",
    ]


def test_fixtures_examples_tests_and_vendored_copies_are_not_projects(tmp_path: Path) -> None:
    project = '[project]\nname = "{}"\n'
    _write(
        tmp_path,
        {
            "app/pyproject.toml": project.format("app"),
            "tests/data/pyproject.toml": project.format("data"),
            "fixtures/sample/setup.py": "from setuptools import setup\nsetup(name='s')\n",
            "examples/demo/pyproject.toml": project.format("demo"),
            "docs/ext/pyproject.toml": project.format("ext"),
            "vendor/lib/pyproject.toml": project.format("lib"),
            ".hidden/x/pyproject.toml": project.format("x"),
            "a/b/c/d/pyproject.toml": project.format("deep"),  # deeper than MAX_DEPTH
            "app/sub/pyproject.toml": project.format("inner"),  # inside app: part of it
            # configures a tool, packages nothing
            "tool.cfg/setup.cfg": "[flake8]\nmax-line-length = 100\n",
        },
    )
    assert _layout(tmp_path) == []  # only app is left: one project


def test_two_projects_of_one_name_are_told_apart_by_folder(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "one/pyproject.toml": '[project]\nname = "svc"\n',
            "one/svc/__init__.py": "",
            "two/pyproject.toml": '[project]\nname = "svc"\n',
            "two/svc/__init__.py": "",
        },
    )
    assert [n for n, _, _ in _layout(tmp_path)] == ["one", "two"]


def test_project_view_mounts_shared_files_and_merges_tool_tables() -> None:
    inv = build_inventory(FIXTURES / "monorepo-uv-workspace")
    layout = detect_projects(inv)
    api = project_inventory(inv, layout.projects[0], layout.projects)
    assert api.root == inv.root / "packages/api"
    assert sorted((f.path, f.kind) for f in api.files) == [
        (".github/workflows/ci.yml", FileKind.CONFIG),
        ("pyproject.toml", FileKind.CONFIG),
        ("src/acme_api/__init__.py", FileKind.SOURCE),
        ("src/acme_api/prices.py", FileKind.SOURCE),
        ("tests/test_prices.py", FileKind.TEST),
    ]
    assert api.origins == {".github/workflows/ci.yml": inv.root / ".github/workflows/ci.yml"}
    assert api.read_text(".github/workflows/ci.yml") == inv.read_text(".github/workflows/ci.yml")
    doc = api.toml("pyproject.toml")
    assert doc is not None and doc.data is not None
    # Its own [tool.mypy], the root's [tool.ruff]; the root's [tool.uv] is not inherited.
    assert doc.data["tool"] == {"mypy": {"strict": True}, "ruff": {"line-length": 100}}
    assert doc.data["project"]["name"] == "acme-api"
    assert api.scope == ProjectScope(path="packages/api", others=("packages/worker",))


def test_ci_jobs_are_attributed_by_working_directory() -> None:
    inv = build_inventory(FIXTURES / "monorepo-uv-workspace")
    layout = detect_projects(inv)
    vias = {}
    for project in layout.projects:
        evidence = gather(project_inventory(inv, project, layout.projects))
        vias[project.name] = sorted((h.category.value, h.via) for h in evidence.hits)
    assert vias == {
        "acme-api": [
            ("lint", "ruff check ."),
            ("tests", "python -m pytest"),
            ("typecheck", "mypy src"),
        ],
        # The api job's mypy (defaults.run.working-directory) is not the worker's.
        "acme-worker": [("lint", "ruff check ."), ("tests", "python -m pytest")],
    }


def test_ci_paths_filter_and_cd_attribute_jobs() -> None:
    inv = build_inventory(FIXTURES / "monorepo-two-projects")
    layout = detect_projects(inv)
    hits = {
        p.name: len(gather(project_inventory(inv, p, layout.projects)).hits)
        for p in layout.projects
    }
    assert hits == {"shop-backend": 1, "sales-report": 0}


SCOPE = ProjectScope(path="packages/api", others=("packages/worker", "tools/cli"))


@pytest.mark.parametrize(
    ("folder", "applies"),
    [
        (None, True),
        (".", True),
        ("packages/api", True),
        ("./packages/api/src", True),
        ("packages/worker", False),
        ("packages/worker/", False),
        ("tools/cli", False),
        ("docs", True),
        ("${{ matrix.dir }}", True),  # unknown until run: counts
    ],
)
def test_folder_applies(folder: str | None, applies: bool) -> None:
    assert folder_applies(folder, SCOPE) is applies


@pytest.mark.parametrize(
    ("script", "cwd", "applies"),
    [
        ("cd packages/worker && pytest", None, False),
        ("cd packages/api && pytest", None, True),
        ("cd ../worker\npytest", "packages/api", False),
        ("cd $HOME && pytest", None, True),
        ("pytest\ncd packages/worker", None, True),  # only a leading cd moves the whole script
        ('cd "packages/worker";pytest', None, False),
    ],
)
def test_script_applies(script: str, cwd: str | None, applies: bool) -> None:
    assert script_applies(script, SCOPE, cwd) is applies


@pytest.mark.parametrize(
    ("on", "applies"),
    [
        ({"push": {"paths": ["packages/api/**"]}}, True),
        ({"push": {"paths": ["packages/worker/**"]}}, False),
        ({"push": {"paths": ["packages/*/src/**"]}}, True),
        ({"push": {"paths": ["**.py"]}}, True),
        ({"push": {"paths": ["*.md"]}}, False),  # root files only
        ({"push": {"paths": ["packages/worker/**"]}, "pull_request": {}}, True),
        ({"schedule": [{"cron": "0 0 * * *"}]}, True),
        (["push"], True),
    ],
)
def test_workflow_applies(on: object, applies: bool) -> None:
    assert workflow_applies({"on": on}, SCOPE) is applies


def _pillar(score: float | None) -> PillarScore:
    return PillarScore(pillar=Pillar.TESTING, score=score, grade=None, weight=20.0, checks=("t",))


def test_rollup_weights_by_shipped_lines_and_names_the_weakest() -> None:
    rollup = roll_up(
        [
            ProjectScore(name="big", shipped_lines=900, score=80.0, pillars=(_pillar(90.0),)),
            ProjectScore(name="small", shipped_lines=100, score=40.0, pillars=(_pillar(None),)),
            ProjectScore(name="empty", shipped_lines=0, score=None, pillars=()),
        ]
    )
    assert rollup.score == 76.0  # (80*900 + 40*100) / 1000
    assert [(p.pillar, p.score) for p in rollup.pillars] == [(Pillar.TESTING, 90.0)]
    assert rollup.weakest == "small"
    assert rollup.partial == ("project empty: no score could be measured",)


def test_rollup_without_shipped_lines_weighs_projects_equally() -> None:
    rollup = roll_up(
        [
            ProjectScore(name="a", shipped_lines=0, score=50.0, pillars=()),
            ProjectScore(name="b", shipped_lines=0, score=70.0, pillars=()),
        ]
    )
    assert (rollup.score, rollup.weakest) == (60.0, "a")


def test_makefile_recipes_that_cd_into_a_project_count_for_it_only(tmp_path: Path) -> None:
    project = '[project]\nname = "{}"\n'
    _write(
        tmp_path,
        {
            "pyproject.toml": '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
            "packages/api/pyproject.toml": project.format("api"),
            "packages/api/api.py": "",
            "packages/api/tests/test_api.py": "def test_a():\n    assert 1\n",
            "packages/worker/pyproject.toml": project.format("worker"),
            "packages/worker/worker.py": "",
            "packages/worker/tests/test_worker.py": "def test_w():\n    assert 1\n",
            "Makefile": "test-api:\n\tcd packages/api && pytest\nlint:\n\truff check .\n",
            ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: x\n"
            "    steps:\n      - run: make test-api lint\n",
        },
    )
    inv = build_inventory(tmp_path)
    layout = detect_projects(inv)
    categories = {
        p.name: sorted(
            {h.category.value for h in gather(project_inventory(inv, p, layout.projects)).hits}
        )
        for p in layout.projects
    }
    assert categories == {"api": ["lint", "tests"], "worker": ["lint"]}


def test_a_shared_file_is_read_only_inside_its_repository(tmp_path: Path) -> None:
    project = '[project]\nname = "{}"\n'
    repo = _write(
        tmp_path / "repo",
        {
            "pyproject.toml": '[tool.uv.workspace]\nmembers = ["p/*"]\n',
            "p/a/pyproject.toml": project.format("a"),
            "p/b/pyproject.toml": project.format("b"),
            "docs/policy.md": "report to security@example.com\n",
        },
    )
    (tmp_path / "secret.txt").write_text("outside the repository\n")
    (repo / "SECURITY.md").symlink_to(repo / "docs" / "policy.md")  # inside: followed
    (repo / "LICENSE").symlink_to(tmp_path / "secret.txt")  # outside: dropped when listed
    inv = build_inventory(repo)
    layout = detect_projects(inv)
    view = project_inventory(inv, layout.projects[0], layout.projects)
    assert view.read_text("SECURITY.md") == "report to security@example.com\n"
    assert not view.has("LICENSE")
    # Even named as a shared file, a link leaving the repository is never read.
    hostile = dataclasses.replace(view, origins={**view.origins, "LICENSE": repo / "LICENSE"})
    assert hostile.read_bytes("LICENSE") is None


def test_imported_tops_reads_every_import_form_and_nothing_else() -> None:
    from pyreadiness.discover.subproject import imported_tops

    text = (
        "import a.b, c as d\n"
        "from e.f import g\n"
        "from . import h\n"
        "from .i import j\n"
        "def f():\n"
        "    import k\n"
        'NAME = "l"  # import m is a comment\n'
        "x = 'import n'\n"
    )
    assert imported_tops(text) == {"a", "c", "e", "k"}
