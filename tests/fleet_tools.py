"""Fleets for tests: a git repository to clone over file://, and manifests around it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.helpers import FIXTURES, run_cli


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def git_repository(tmp_path: Path, fixture: str = "lint-clean", name: str = "origin") -> Path:
    """A copy of a fixture committed on branch ``main``: something to clone over file://."""
    repo = tmp_path / name
    shutil.copytree(FIXTURES / fixture, repo)
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "initial", cwd=repo)
    return repo


def fleet_manifest(tmp_path: Path) -> tuple[Path, str]:
    """The fixture manifest plus a file:// URL of a fresh git repository; and its commit."""
    origin = git_repository(tmp_path)
    text = (FIXTURES / "fleet-manifest" / "fleet.txt").read_text(encoding="utf-8")
    text = text.replace("../", f"{FIXTURES}/")
    text = text.replace("no-such-folder", str(tmp_path / "no-such-folder"))
    manifest = tmp_path / "fleet.txt"
    manifest.write_text(text + f"file://{origin} main\n", encoding="utf-8")
    return manifest, git("rev-parse", "HEAD", cwd=origin)


def check_scores(fixture: Path, cache: Path) -> tuple[float, str, dict[str, float | None]]:
    """What ``pyreadiness check`` says of a folder: a fleet must say exactly the same."""
    report = run_cli("check", fixture, "--offline", "-q", "-f", "json", "--cache-dir", cache)
    data = report.json()
    return data["score"], data["grade"], {p["id"]: p["score"] for p in data["pillars"]}
