"""Nothing outside the scanned root is read, and no secret comes out in full anywhere."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pyreadiness.discover.files import list_files
from tests.hostile.harness import (
    FORMATS,
    OUTSIDE_SECRET,
    assert_no_secret,
    check,
    findings,
    minimal_repo,
)

CONFINED = "security,lint,typing,dependencies,tests,ci"


def _outside(tmp_path: Path) -> Path:
    """A folder beside the repository holding a secret in every shape a checker reads."""
    outside = tmp_path / "outside"
    outside.mkdir()
    secret_py = f'KEY = "{OUTSIDE_SECRET}"\nx: int = "not an int"\nimport os, sys\n'
    (outside / "secret.py").write_text(secret_py)
    (outside / "requirements.txt").write_text(f"{OUTSIDE_SECRET.lower()}==1.0\n")
    (outside / ".env").write_text(f"AWS_ACCESS_KEY_ID={OUTSIDE_SECRET}\n")
    return outside


def _git_init(repo: Path) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
            cwd=repo,
            env=env,
            check=True,
            capture_output=True,
        )


@pytest.mark.parametrize("listing", ["walk", "git"])
def test_symlinks_out_of_the_root_are_findings_never_followed(tmp_path: Path, listing: str) -> None:
    outside = _outside(tmp_path)
    repo = minimal_repo(tmp_path / "repo")
    links = {
        "src/victim/leak.py": outside / "secret.py",
        "requirements.txt": outside / "requirements.txt",
        ".env": outside / ".env",
        "src/victim/outdir": outside,
        "etc": Path("/etc"),
        "src/victim/passwd.py": Path("/etc/passwd"),
    }
    for rel, target in links.items():
        (repo / rel).symlink_to(target)
    if listing == "git":
        _git_init(repo)
    cache = tmp_path / "cache"
    outcome = check(repo, cache, "--select", CONFINED, formats=FORMATS)
    report = outcome.json()
    assert report["target"]["listed_by"] == listing
    flagged = {f["path"] for f in findings(report, "discovery/unreadable")}
    assert flagged >= set(links) - {"src/victim/outdir", "etc"}
    assert_no_secret(outcome, cache)
    assert "root:" not in outcome.everything()


def test_index_entries_beneath_a_symlinked_folder_are_confined(tmp_path: Path) -> None:
    """git lists ``outdir/secret.py`` when the index has it, though ``outdir`` is now a
    link to a folder outside: the path's parents must be resolved, not just the last part."""
    outside = _outside(tmp_path)
    repo = minimal_repo(tmp_path / "repo")
    (repo / "outdir").mkdir()
    (repo / "outdir" / "secret.py").write_text("PLACEHOLDER = 1\n")
    (repo / "outdir" / ".env").write_text("X=1\n")
    _git_init(repo)
    (repo / "outdir" / "secret.py").unlink()
    (repo / "outdir" / ".env").unlink()
    (repo / "outdir").rmdir()
    (repo / "outdir").symlink_to(outside)  # the index still lists outdir/secret.py
    cache = tmp_path / "cache"
    outcome = check(repo, cache, "--select", CONFINED, formats=FORMATS)
    report = outcome.json()
    assert report["target"]["listed_by"] == "git"
    flagged = {f["path"] for f in findings(report, "discovery/unreadable")}
    assert {"outdir/secret.py", "outdir/.env"} <= flagged
    assert_no_secret(outcome, cache)


def test_listed_paths_that_climb_out_are_refused(tmp_path: Path) -> None:
    """Index paths with ``..`` (a hand-made index) never leave the root."""
    from pyreadiness.discover.files import _filter

    _outside(tmp_path)
    repo = minimal_repo(tmp_path / "repo")
    kept, problems = _filter(
        repo, ["../outside/secret.py", "src/../../outside/.env", "/etc/passwd"]
    )
    assert kept == ()
    assert [p for p, _ in problems] == sorted(
        ["../outside/secret.py", "src/../../outside/.env", "/etc/passwd"]
    )


def test_the_listing_of_a_symlinked_root_still_confines(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    repo = minimal_repo(tmp_path / "repo")
    (repo / "leak.py").symlink_to(outside / "secret.py")
    alias = tmp_path / "alias"
    alias.symlink_to(repo)
    listing = list_files(alias)
    assert "leak.py" not in listing.paths
    assert "src/victim/__init__.py" in listing.paths


SECRETS_IN_REPO = {
    "aws": 'AWS = "AKIAZYXWVUTSRQPONMLK"\n',
    "password": 'password = "Tr0ub4dor&3-correct-horse-battery"\n',
    "private-key": 'KEY = """-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq98xPQv2ka'
    'Zm1z8dKq\n-----END RSA PRIVATE KEY-----"""\n',
    "url": 'DB = "postgres://admin:S3cr3tPassw0rdXyz@db.internal.corp:5432/app"\n',
}
MIDDLES = {
    "aws": "XWVUTSRQPO",
    "password": "ub4dor&3-correct",
    "private-key": "MIIEpAIBAAKCAQEA7bq98",
    "url": "S3cr3tPassw0rdXyz",
}


@pytest.mark.parametrize("kind", sorted(SECRETS_IN_REPO))
def test_secrets_found_are_masked_in_every_output_and_the_cache(tmp_path: Path, kind: str) -> None:
    repo = minimal_repo(tmp_path / "repo", {"src/victim/settings.py": SECRETS_IN_REPO[kind]})
    cache = tmp_path / "cache"
    outcome = check(repo, cache, "--select", "security", formats=FORMATS)
    assert findings(outcome.json()), "the secret was not found at all"
    assert_no_secret(outcome, cache, "xxxx" + MIDDLES[kind] + "xxxx")
