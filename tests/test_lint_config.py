"""What the lint checker reads from a repository's configuration, and its severity table."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.lint import LintChecker
from pyreadiness.checkers.lint.repo_config import RepoLintConfig, read_repo_config
from pyreadiness.checkers.lint.rules import IGNORE, SELECT, normalise_code, severity_of
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Severity, Status
from pyreadiness.tools.cache import Cache

NO_TARGET = "no target Python declared: parsed as Python 3.14, the newest ruff knows"


def make_repo(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def config_of(tmp_path: Path, files: dict[str, str]) -> RepoLintConfig:
    return read_repo_config(build_inventory(make_repo(tmp_path, files)))


def run_lint(root: Path, cache: Path) -> CheckResult:
    ctx = CheckContext(root=root, inventory=build_inventory(root), cache=Cache(cache))
    return LintChecker().run(ctx)


@pytest.mark.parametrize(
    ("requires", "target", "origin"),
    [
        (">=3.9", "py39", "from requires-python '>=3.9' in pyproject.toml"),
        (">=3.8, <4", "py38", "from requires-python '>=3.8, <4' in pyproject.toml"),
        ("~=3.12", "py312", "from requires-python '~=3.12' in pyproject.toml"),
        ("==3.11.*", "py311", "from requires-python '==3.11.*' in pyproject.toml"),
        (">=3.9,>=3.10", "py310", "from requires-python '>=3.9,>=3.10' in pyproject.toml"),
        (">=2.7, !=3.0.*", "py37", "from requires-python '>=2.7, !=3.0.*' in pyproject.toml"),
        (">=3.99", "py314", "from requires-python '>=3.99' in pyproject.toml"),
        ("<4", "py314", NO_TARGET),
        ("three", "py314", NO_TARGET),
    ],
)
def test_target_version_is_the_lower_bound_of_requires_python(
    tmp_path: Path, requires: str, target: str, origin: str
) -> None:
    pyproject = f'[project]\nname = "x"\nrequires-python = "{requires}"\n'
    config = config_of(tmp_path, {"pyproject.toml": pyproject})
    assert (config.target_version, config.target_origin) == (target, origin)


def test_no_declared_target_parses_as_the_newest_python(tmp_path: Path) -> None:
    # Syntax only a newer Python accepts is no defect when the project claims no older one.
    config = config_of(tmp_path, {"pkg/__init__.py": ""})
    assert (config.target_version, config.target_origin) == ("py314", NO_TARGET)
    assert (config.own_linter, config.format_style) == (None, "default")


def test_black_options_are_translated_for_ruff_format(tmp_path: Path) -> None:
    pyproject = (
        "[tool.black]\nline_length = 120\nskip-string-normalization = true\n"
        "skip-magic-trailing-comma = true\n"
    )
    config = config_of(tmp_path, {"pyproject.toml": pyproject})
    assert config.format_style == "black"
    assert config.format_options == (
        "--line-length",
        "120",
        "--config",
        'format.quote-style = "preserve"',
        "--config",
        "format.skip-magic-trailing-comma = true",
    )


def test_nonsense_black_options_are_left_out(tmp_path: Path) -> None:
    pyproject = '[tool.black]\nline-length = true\nskip-string-normalization = "yes"\n'
    config = config_of(tmp_path, {"pyproject.toml": pyproject})
    assert (config.format_style, config.format_options) == ("black", ())


@pytest.mark.parametrize(
    ("files", "linter", "ruff_config"),
    [
        ({".ruff.toml": "", "ruff.toml": ""}, "ruff", ".ruff.toml"),
        ({"ruff.toml": "", ".flake8": "[flake8]\n"}, "ruff", "ruff.toml"),
        ({"pyproject.toml": "[tool.ruff]\n"}, "ruff", "pyproject.toml"),
        ({"pyproject.toml": "[tool.ruff\n"}, "ruff", "pyproject.toml"),  # broken TOML
        ({"setup.cfg": "[flake8]\nmax-line-length = 99\n"}, "flake8", None),
        ({"tox.ini": "[flake8]\n"}, "flake8", None),
        ({"pyproject.toml": "[tool.pylint.main]\n"}, "pylint", None),
        ({".pylintrc": ""}, "pylint", None),
        ({"setup.cfg": "[metadata]\nname = x\n"}, None, None),
    ],
)
def test_own_linter_detection(
    tmp_path: Path, files: dict[str, str], linter: str | None, ruff_config: str | None
) -> None:
    config = config_of(tmp_path, files)
    assert (config.own_linter, config.ruff_config) == (linter, ruff_config)


def test_own_config_pinned_to_another_ruff_is_not_verified(tmp_path: Path, cache_dir: Path) -> None:
    root = make_repo(
        tmp_path / "repo",
        {"ruff.toml": 'required-version = "==0.5.0"\n', "pkg/__init__.py": "VALUE = 1\n"},
    )
    result = run_lint(root, cache_dir)
    assert result.status is Status.PASSED
    assert result.metrics["own_config_passes"] is None
    assert result.reason.startswith("own ruff config not verified: ")
    assert "Required version `==0.5.0` does not match" in result.reason
    assert [c.id for c in result.components] == ["findings_per_kloc", "parses", "formatting"]


def test_malformed_pyproject_with_ruff_section_is_an_invalid_config(
    tmp_path: Path, cache_dir: Path
) -> None:
    root = make_repo(
        tmp_path / "repo",
        {"pyproject.toml": "[tool.ruff\nline-length = 3\n", "pkg/__init__.py": "VALUE = 1\n"},
    )
    result = run_lint(root, cache_dir)
    [finding] = [f for f in result.findings if f.rule == "own-config-invalid"]
    assert finding.path == "pyproject.toml"
    assert finding.line == 1
    assert result.metrics["findings"] == 0  # the fixed rule set never reads the config


@pytest.mark.parametrize(
    ("code", "severity"),
    [
        ("invalid-syntax", Severity.HIGH),
        ("F821", Severity.HIGH),
        ("F632", Severity.HIGH),
        ("F706", Severity.HIGH),
        ("PLE0101", Severity.HIGH),
        ("E902", Severity.HIGH),
        ("F401", Severity.LOW),
        ("F841", Severity.LOW),
        ("E402", Severity.LOW),
        ("E741", Severity.LOW),
        ("E711", Severity.MEDIUM),
        ("E722", Severity.MEDIUM),
        ("B006", Severity.MEDIUM),
        ("F403", Severity.MEDIUM),
        ("T100", Severity.MEDIUM),
        ("W605", Severity.MEDIUM),
    ],
)
def test_severity_by_rule(code: str, severity: Severity) -> None:
    assert severity_of(code) is severity


def test_syntax_errors_have_one_spelling_across_ruff_versions() -> None:
    assert normalise_code(None) == "invalid-syntax"  # ruff 0.6, for one
    assert normalise_code("E999") == "invalid-syntax"  # older still
    assert normalise_code("invalid-syntax") == "invalid-syntax"
    assert normalise_code("F401") == "F401"


def test_explanation_names_the_whole_rule_set() -> None:
    doc = LintChecker.__doc__ or ""
    assert ", ".join(SELECT[:-1]) + " and " + SELECT[-1] in " ".join(doc.split())
    assert "minus " + ", ".join(IGNORE[:-1]) + " and " + IGNORE[-1] in " ".join(doc.split())
    assert ",".join(SELECT) in doc and ",".join(IGNORE) in doc
