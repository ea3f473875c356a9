"""The fleet manifest in its three spellings, and every bad line named (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyreadiness.errors import UsageError
from pyreadiness.fleet.manifest import read_manifest
from pyreadiness.model import Pillar
from tests.helpers import FIXTURES, run_cli

MANIFESTS = FIXTURES / "fleet-manifest"


def test_plain_lines() -> None:
    entries = read_manifest(MANIFESTS / "fleet.txt")
    assert [(e.name, e.is_url, e.ref, e.where) for e in entries] == [
        ("lint-clean", False, None, f"{MANIFESTS / 'fleet.txt'}:3"),
        ("core-no-python", False, None, f"{MANIFESTS / 'fleet.txt'}:4"),
        ("no-such-folder", False, None, f"{MANIFESTS / 'fleet.txt'}:5"),
        ("unreachable", True, None, f"{MANIFESTS / 'fleet.txt'}:6"),
    ]
    assert entries[0].source == str(FIXTURES / "lint-clean")  # relative to the manifest


def test_toml_with_per_repository_options() -> None:
    clean, nothing, remote = read_manifest(MANIFESTS / "fleet.toml")
    assert (clean.name, clean.fail_under, dict(clean.pillar_minimums)) == (
        "clean",
        90.0,
        {Pillar.SECURITY: 80.0},
    )
    assert nothing.select == ("tests", "lint")
    assert (remote.is_url, remote.ref) == (True, "v1.2")


def test_yaml_with_strings_and_mappings() -> None:
    clean, nothing, remote = read_manifest(MANIFESTS / "fleet.yaml")
    assert clean.name == "lint-clean"
    assert (nothing.name, nothing.ignore) == ("nothing-to-score", ("vulnerabilities",))
    assert (remote.ref, remote.where) == ("main", f"{MANIFESTS / 'fleet.yaml'}:7")


#: "Billion laughs": seven levels of ten aliases, 10**7 nodes from a few hundred bytes.
BOMB = (
    "".join(
        f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}" if n else "x"] * 10) + "]\n" for n in range(7)
    )
    + "repositories: [*l6]\n"
)


@pytest.mark.parametrize(
    ("text", "suffix", "message"),
    [
        ("a b c\n", ".txt", r"m\.txt:1: expected 'SOURCE \[REF\]'"),
        ("ftp://host/x.git\n", ".txt", r"m\.txt:1: 'ftp://host/x\.git' is not a git URL"),
        ("ext::sh -c evil\n", ".txt", r"m\.txt:1: expected 'SOURCE \[REF\]'"),
        ("ext::evil\n", ".txt", r"m\.txt:1: 'ext::evil' is not a git URL"),
        ("https://h/x.git --upload-pack=evil\n", ".txt", r"m\.txt:1: bad ref"),
        ("./a\n./b/a\n", ".txt", r"m\.txt:2: repository name 'a' already used at .*m\.txt:1"),
        ("./a main\n", ".txt", r"m\.txt:1: a ref applies to a git URL only"),
        ("# nothing\n", ".txt", r"lists no repository"),
        ("[[repository]]\nsorce = 'x'\n", ".toml", r"repository #1: unknown key 'sorce'"),
        ("[[repository]]\nsource = 'x'\nfail_under = 'high'\n", ".toml", "fail_under"),
        ("[[repository]]\nsource = 'x'\nmin = { speed = 3 }\n", ".toml", "speed"),
        ("[[repository\n", ".toml", "not valid TOML"),
        # Bug: nested past the parser's recursion: "internal error: RecursionError".
        ("repository = " + "[" * 100_000 + "]" * 100_000 + "\n", ".toml", "nested too deeply"),
        ("repositories:\n  - ./a\n  - [1, 2]\n", ".yaml", r"m\.yaml:3: expected a URL"),
        ("repositories: [\n", ".yaml", "not valid YAML"),
        ("repositories: " + "[" * 100_000 + "\n", ".yaml", "nested too deeply"),
        (BOMB, ".yaml", "aliases expand this document beyond"),
    ],
)
def test_a_bad_manifest_names_the_line(
    tmp_path: Path, text: str, suffix: str, message: str
) -> None:
    path = tmp_path / f"m{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        read_manifest(path)


def test_a_bad_line_exits_2_naming_it_before_any_scan(tmp_path: Path) -> None:
    manifest = FIXTURES / "fleet-manifest-bad-line" / "fleet.txt"
    result = run_cli("fleet", manifest, "--store", tmp_path / "runs.sqlite3")
    assert result.code == 2
    assert f"{manifest}:3: expected 'SOURCE [REF]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "runs.sqlite3").exists()
