"""The sanitised mypy configuration: what is kept, what is dropped, and valid TOML always."""

from __future__ import annotations

import sys
from pathlib import Path

from pyreadiness.checkers.typing.mypy_config import RepoMypyConfig, excluded, find_repo_config
from pyreadiness.checkers.typing.sanitise import sanitise
from pyreadiness.discover.inventory import build_inventory

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SETUP_CFG = """\
[metadata]
name = demo

[mypy]
strict = True
allow_subclassing_any = False
hide_error_codes = True
show_column_numbers = True
html_report = out
plugins = a.plugin, b.plugin
python_executable = /usr/bin/python3
mypy_path = $MYPY_CONFIG_FILE_DIR/stubs:/abs/stubs
files = src

[mypy-a.b,c.*]
ignore_missing_imports = True

[mypy-x]
python_executable = nope
"""


def mypy_table(text: str) -> dict[str, object]:
    table = tomllib.loads(text)["tool"]["mypy"]
    assert isinstance(table, dict)
    return table


def test_an_ini_config_becomes_a_safe_toml_copy(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(SETUP_CFG)
    config = find_repo_config(build_inventory(tmp_path))
    assert (config.path, config.strict) == ("setup.cfg", True)
    copy = sanitise(config, ["src/pkg/__init__.py", "src/pkg/we[ird].py"], relax=False)
    assert copy.dropped == (
        "files",
        "hide_error_codes",
        "html_report",
        "mypy_path: /abs/stubs",
        "plugins",
        "python_executable",
        "show_column_numbers",
    )
    assert mypy_table(copy.text) == {
        "strict": "True",
        "allow_subclassing_any": "False",
        "mypy_path": ["stubs"],
        "overrides": [{"module": "a.b,c.*", "ignore_missing_imports": "True"}],
        "files": ["src/pkg/__init__.py", "src/pkg/we[[]ird].py"],
    }
    assert copy.relaxed == ()


def test_relaxing_turns_off_the_environment_sensitive_checks_everywhere() -> None:
    config = RepoMypyConfig(
        path="pyproject.toml",
        options={"strict": True, "warn_return_any": False, "no_warn_unused_ignores": False},
        overrides=({"module": "pkg.*", "disallow_any_expr": True, "warn_unreachable": True},),
    )
    copy = sanitise(config, ["pkg/__init__.py"], relax=True)
    table = mypy_table(copy.text)
    # The repository had these on (strict, an explicit flag, a per-module section)...
    assert copy.relaxed == (
        "disallow_any_expr",
        "disallow_subclassing_any",
        "disallow_untyped_decorators",
        "warn_unused_ignores",
    )
    # ...and the copy has them off, globally and in no section.
    assert table["warn_unused_ignores"] is False
    assert table["disallow_any_expr"] is False
    assert table["overrides"] == [{"module": "pkg.*", "warn_unreachable": True}]
    assert "no_warn_unused_ignores" not in table


def test_modules_with_syntax_errors_are_skipped_without_conflicting_sections() -> None:
    config = RepoMypyConfig(
        path="pyproject.toml",
        options={},
        overrides=({"module": ["pkg.bad", "pkg.ok"], "follow_imports": "silent"},),
    )
    table = mypy_table(sanitise(config, ["pkg/ok.py"], relax=False, skip_modules=["pkg.bad"]).text)
    assert table["overrides"] == [
        {"module": ["pkg.ok"], "follow_imports": "silent"},
        {"module": "pkg.bad", "follow_imports": "skip"},
    ]


def test_any_value_survives_the_round_trip_through_toml() -> None:
    odd = 'quote " back \\ tab \t newline \n del \x7f astral \U0001f600 accent é'
    config = RepoMypyConfig(
        path="pyproject.toml",
        options={"always_true": [odd], odd: 3.1, "python_version": "3.10", "x_flag": -1},
    )
    table = mypy_table(sanitise(config, [], relax=False).text)
    assert table == {
        "always_true": [odd],
        odd: 3.1,
        "python_version": "3.10",
        "x_flag": -1,
        "files": [],
    }


def test_exclude_is_applied_like_mypy_to_folders_and_files() -> None:
    config = RepoMypyConfig(path="mypy.ini", options={"exclude": "^src/pkg/gen/|_pb2\\.py$"})
    assert excluded(config, "src/pkg/gen/a.py")
    assert excluded(config, "src/pkg/x_pb2.py")
    assert not excluded(config, "src/pkg/generic.py")
    broken = RepoMypyConfig(path="mypy.ini", options={"exclude": ["(unclosed", "^b/"]})
    assert excluded(broken, "b/x.py")
    assert not excluded(broken, "a/x.py")


def test_path_options_never_leave_the_repository(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.mypy]\n"
        'mypy_path = "stubs,../up,~/home,$HOME/x,${MYPY_CONFIG_FILE_DIR}/typings"\n'
        'custom_typeshed_dir = "/opt/typeshed"\n'
    )
    config = find_repo_config(build_inventory(tmp_path))
    copy = sanitise(config, [], relax=False)
    assert mypy_table(copy.text)["mypy_path"] == ["stubs", "typings"]
    assert "custom_typeshed_dir" not in mypy_table(copy.text)
    assert copy.dropped == (
        "custom_typeshed_dir: /opt/typeshed",
        "mypy_path: $HOME/x",
        "mypy_path: ../up",
        "mypy_path: ~/home",
    )


def test_a_toml_config_mypy_would_reject_is_a_problem_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mypy]\noverrides = 3\n")
    (tmp_path / "setup.cfg").write_text("[mypy]\nwarn_unreachable = True\n")
    config = find_repo_config(build_inventory(tmp_path))
    assert config.path == "setup.cfg"
    assert [(p.path, p.message) for p in config.problems] == [
        ("pyproject.toml", "[[tool.mypy.overrides]] must be tables that each name a module")
    ]


def test_setup_cfg_without_a_mypy_section_is_no_config(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n")
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    config = find_repo_config(build_inventory(tmp_path))
    assert (config.path, config.problems) == (None, ())
