"""Each CI system's particulars, and GitHub hygiene, on small repositories built in tmp_path."""

from __future__ import annotations

import time
from pathlib import Path

from pyreadiness.checkers.ci import CIChecker
from pyreadiness.checkers.ci.evidence import gather
from pyreadiness.checkers.interface import CheckContext
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult
from pyreadiness.tools.cache import Cache

SHA = "8e5e7e5ab8b370d6c329ec480221332ada57f0ab"


def repo_context(tmp_path: Path, files: dict[str, str]) -> CheckContext:
    """A Python repository holding ``files``, and a context to run a checker on it."""
    root = tmp_path / "repo"
    files = {"src/pkg/__init__.py": "", **files}  # a Python repository
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return CheckContext(root=root, inventory=build_inventory(root), cache=Cache(tmp_path / "c"))


def check(tmp_path: Path, files: dict[str, str]) -> CheckResult:
    return CIChecker().run(repo_context(tmp_path, files))


def runs(result: CheckResult) -> tuple[object, object, object]:
    m = result.metrics
    return m["runs_tests"], m["runs_lint"], m["runs_typecheck"]


def rules(result: CheckResult) -> list[str]:
    return [f.rule for f in result.findings]


def component(result: CheckResult, component_id: str) -> float:
    return next(c.score for c in result.components if c.id == component_id)


# -- GitHub -----------------------------------------------------------------------------------
def test_local_composite_actions_are_followed(tmp_path: Path) -> None:
    action = "runs:\n  using: composite\n  steps:\n    - run: pytest\n      shell: bash\n"
    workflow = (
        "on: push\njobs:\n  a:\n    steps:\n      - uses: ./.github/actions/checks\n"
        "      - uses: ./.github/actions/checks\n"
    )
    result = check(
        tmp_path,
        {
            ".github/workflows/ci.yml": workflow,
            ".github/actions/checks/action.yml": action,
            "tests/test_a.py": "def test_a():\n    assert len('a')\n",
        },
    )
    assert runs(result) == (True, False, False)
    assert result.metrics["evidence"] == ["tests: pytest [.github/actions/checks/action.yml:4]"]


def test_a_custom_bash_shell_has_no_errexit(tmp_path: Path) -> None:
    workflow = """\
on: push
permissions: {}
jobs:
  a:
    steps:
      - shell: bash -l {0}
        run: |
          pycodestyle python/
          flake8 src
      - shell: bash -el {0}
        run: |
          mypy src
          echo done
"""
    result = check(tmp_path, {".github/workflows/a.yml": workflow})
    assert result.metrics["evidence"] == [
        "lint: flake8 src [.github/workflows/a.yml:9]",
        "typecheck: mypy src [.github/workflows/a.yml:12]",
    ]
    assert [f.line for f in result.findings if f.rule == "ci-check-cannot-fail"] == [8]


def test_known_actions_and_pre_commit_action(tmp_path: Path) -> None:
    workflow = f"""\
on: push
permissions: {{}}
jobs:
  a:
    steps:
      - uses: jakebailey/pyright-action@{SHA}
      - uses: pre-commit/action@{SHA}
        with:
          extra_args: pytest-check --all-files
  b:
    steps:
      - uses: j178/prek-action@{SHA}
"""
    hooks = (
        "repos:\n  - repo: local\n    hooks:\n      - id: pytest-check\n        entry: pytest\n"
        "      - id: ruff\n        entry: ruff check\n"
    )
    result = check(
        tmp_path, {".github/workflows/a.yml": workflow, ".pre-commit-config.yaml": hooks}
    )
    assert runs(result) == (True, True, True)
    assert result.metrics["evidence"] == [
        f"lint: j178/prek-action@{SHA} -> hook ruff (.pre-commit-config.yaml:6) "
        "[.github/workflows/a.yml:12]",
        f"tests: j178/prek-action@{SHA} -> hook pytest-check (.pre-commit-config.yaml:4) "
        "[.github/workflows/a.yml:12]",
        f"tests: pre-commit/action@{SHA} -> hook pytest-check (.pre-commit-config.yaml:4) "
        "[.github/workflows/a.yml:7]",
        f"typecheck: jakebailey/pyright-action@{SHA} [.github/workflows/a.yml:6]",
    ]


def test_expressions_in_continue_on_error_can_fail_and_shells_matter(tmp_path: Path) -> None:
    workflow = """\
on: push
jobs:
  a:
    continue-on-error: ${{ matrix.experimental }}
    steps:
      - run: |
          pytest | tee log
        shell: bash
      - run: |
          ruff check . | tee log
      - run: import subprocess
        shell: python
      - run: |
          mypy src
          echo done
        shell: pwsh
"""
    result = check(tmp_path, {".github/workflows/a.yml": workflow})
    assert runs(result) == (True, False, False)
    messages = [f.message for f in result.findings if f.rule == "ci-check-cannot-fail"]
    assert len(messages) == 2
    assert "piped into `tee`" in messages[0]
    assert "`set -e` is off" in messages[1]


def test_matrix_values_are_expanded_in_run_scripts(tmp_path: Path) -> None:
    workflow = """\
on: push
permissions: {}
jobs:
  tox:
    strategy:
      matrix:
        python: ["3.11", "3.12"]
        include:
          - toxenv: py
          - toxenv: lint
    steps:
      - run: tox -e ${{ matrix.toxenv }}
"""
    tox_ini = "[testenv]\ncommands = pytest\n[testenv:lint]\ncommands = ruff check .\n"
    result = check(tmp_path, {".github/workflows/t.yml": workflow, "tox.ini": tox_ini})
    assert runs(result) == (True, True, False)
    assert result.metrics["evidence"] == [
        "lint: tox -e lint -> ruff check . (tox.ini:4) [.github/workflows/t.yml:12]",
        "tests: tox -e py -> pytest (tox.ini:2) [.github/workflows/t.yml:12]",
    ]


# -- other systems ----------------------------------------------------------------------------
def test_gitlab_manual_jobs_and_default_before_script(tmp_path: Path) -> None:
    config = """\
default:
  before_script:
    - ruff check .
deploy-check:
  when: manual
  script:
    - pytest
build:
  script:
    - echo build
hidden:
  trigger: child.yml
"""
    result = check(tmp_path, {".gitlab-ci.yml": config})
    assert runs(result) == (False, True, False)
    cannot = [f.message for f in result.findings if f.rule == "ci-check-cannot-fail"]
    assert len(cannot) == 2
    assert all("when: manual" in m for m in cannot)


def test_gitlab_local_include_globs_and_nested_includes(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            ".gitlab-ci.yml": "include: '/ci/*.yml'\n",
            "ci/a.yml": "include:\n  - local: ci/nested/b.yml\nt:\n  script: [pytest]\n",
            "ci/nested/b.yml": "m:\n  script:\n    - - mypy src\n",
            "ci/broken.yml": "x: [\n",
        },
    )
    assert runs(result) == (True, False, True)
    assert result.metrics["invalid_files"] == ["ci/broken.yml"]
    assert result.metrics["evidence"] == [
        "tests: pytest [ci/a.yml:4]",
        "typecheck: mypy src [ci/nested/b.yml:3]",
    ]


def test_circleci_conditional_steps_and_shell(tmp_path: Path) -> None:
    config = """\
version: 2.1
jobs:
  build:
    shell: /bin/sh
    steps:
      - when:
          condition: true
          steps:
            - run: pytest | tee out
      - run:
          command: mypy src | tee out
          shell: /bin/bash -eo pipefail
"""
    result = check(tmp_path, {".circleci/config.yml": config})
    assert runs(result) == (False, False, True)


def test_azure_shellopts_templates_tasks_and_disabled_steps(tmp_path: Path) -> None:
    pipeline = """\
variables:
  SHELLOPTS: errexit
jobs:
  - job: a
    steps:
      - script: |
          pytest
          echo done
      - task: Bash@3
        inputs:
          filePath: ci/lint.sh
      - script: mypy src
        enabled: false
      - template: steps.yml@templates
  - job: b
    continueOnError: true
    steps:
      - template: ../x.yml
"""
    result = check(
        tmp_path,
        {".azure-pipelines/ci.yml": pipeline, "ci/lint.sh": "set -e\nflake8\n"},
    )
    assert result.metrics["systems"] == ["azure-pipelines"]
    assert runs(result) == (True, True, False)
    assert "ci-include-not-followed" in rules(result)
    assert any("enabled: false" in f.message for f in result.findings)


def test_travis_allow_failures(tmp_path: Path) -> None:
    config = """\
language: python
jobs:
  include:
    - name: tests
      script: pytest
    - name: types
      script: mypy src
  allow_failures:
    - name: types
after_script: flake8
"""
    result = check(tmp_path, {".travis.yml": config})
    assert runs(result) == (False, False, False)  # legacy: scored as no CI
    assert any("allow_failures" in f.message for f in result.findings)
    # Still read: the tests job can fail, the types job cannot.
    hits = gather(build_inventory(tmp_path / "repo")).hits
    assert {(h.category.value, h.counts) for h in hits} == {("tests", True), ("typecheck", False)}


def test_jenkins_catch_error_success_swallows(tmp_path: Path) -> None:
    jenkinsfile = """\
node {
    catchError(buildResult: 'SUCCESS', stageResult: 'FAILURE') {
        sh "pytest"
    }
    sh(script: "ruff check .")
    bat 'mypy src || exit 0'
}
"""
    result = check(tmp_path, {"Jenkinsfile": jenkinsfile})
    assert runs(result) == (False, True, False)
    assert [f.line for f in result.findings if f.rule == "ci-check-cannot-fail"] == [3, 6]


def test_undecodable_jenkinsfile_and_only_broken_files(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Jenkinsfile").write_bytes(b"\xff\xfe sh 'pytest'")
    (root / ".travis.yml").write_text("script: [\n", encoding="utf-8")
    (root / "app.py").write_text("", encoding="utf-8")
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(tmp_path / "c"))
    result = CIChecker().run(ctx)
    assert result.metrics["systems"] == ["jenkins", "travis"]
    assert result.score == 0.0
    assert component(result, "ci-present") == 0.0
    assert next(c.detail for c in result.components if c.id == "ci-present") == (
        "CI files exist but none could be read"
    )
    assert result.caps == ()  # an unreadable Jenkinsfile is not clear-cut evidence of no CI
    assert [(f.rule, f.path, f.line) for f in result.findings] == [
        ("ci-legacy", ".travis.yml", None),
        ("ci-yaml-invalid", ".travis.yml", 2),
        ("ci-config-invalid", "Jenkinsfile", None),
    ]


def _alias_bomb(leaf: str, use: str, levels: int = 9) -> str:
    """Nine aliases per level: 9**levels leaves if anything walks it naively."""
    lines = [f"x0: &x0 {leaf}"]
    lines += [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n" + use


def test_alias_bombs_and_extends_fan_out_are_read_once(tmp_path: Path) -> None:
    extends = "\n".join(
        [".t0:\n  script: [pytest]"]
        + [f".t{i}:\n  extends: [{', '.join([f'.t{i - 1}'] * 9)}]" for i in range(1, 10)]
    )
    files = {
        "azure-pipelines.yml": _alias_bomb("{script: pytest}", "steps: *x9\n"),
        "bitbucket-pipelines.yml": _alias_bomb(
            "{step: {script: [pytest]}}", "pipelines:\n  default: *x9\n"
        ),
        # GitLab flattens nested script lists (we read five levels deep).
        ".gitlab-ci.yml": _alias_bomb("mypy", "job:\n  script: *x4\n", levels=4)
        + extends
        + "\nt:\n  extends: .t9\n",
        ".circleci/config.yml": _alias_bomb("{run: pytest}", "jobs:\n  a:\n    steps: *x9\n"),
    }
    started = time.monotonic()
    result = check(tmp_path, files)
    assert time.monotonic() - started < 10
    assert result.metrics["tests_in"] == ["azure-pipelines", "bitbucket-pipelines", "gitlab-ci"]
    assert result.metrics["typecheck_in"] == ["gitlab-ci"]


def test_a_folder_without_python_is_skipped(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "pages.yml").write_text("on: push\n", encoding="utf-8")
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(tmp_path / "c"))
    result = CIChecker().run(ctx)
    assert (result.status.value, result.score) == ("skipped", None)
    assert result.reason == "no Python files: not a Python repository to judge"


def test_legacy_travis_counts_nothing_even_next_to_a_current_system(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            ".gitlab-ci.yml": "t:\n  script: [pytest]\n",
            ".travis.yml": "script:\n  - pytest\n  - mypy src\n",
            "tests/test_a.py": "def test_a():\n    assert len('a')\n",
        },
    )
    assert result.metrics["systems"] == ["gitlab-ci", "travis"]
    assert result.metrics["tests_in"] == ["gitlab-ci"]
    assert result.metrics["typecheck_in"] == []
    assert component(result, "runs-tests") == 100.0
    assert component(result, "runs-typecheck") == 0.0
    assert component(result, "ci-present") == 100.0
    assert result.caps == ()
    # the missing-check findings point at the current system's file
    assert [f.path for f in result.findings if f.rule == "ci-no-lint"] == [".gitlab-ci.yml"]
