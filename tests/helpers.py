"""Drive the real command line and parse what it prints, as a user's CI would."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@dataclass(frozen=True)
class CliRun:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> CliRun:
    """Run ``python -m pyreadiness ARGS`` in a subprocess (a real process, real exit code)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PYREADINESS_")}
    full_env["NO_COLOR"] = "1"
    full_env["PYTHONDONTWRITEBYTECODE"] = "1"
    if env:
        full_env.update(env)
    proc = subprocess.run(
        [sys.executable, "-m", "pyreadiness", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr)


@functools.cache
def report_schema() -> dict[str, Any]:
    """The JSON Schema we ship as package data, read the way users get it."""
    from importlib.resources import files

    text = files("pyreadiness").joinpath("resources/report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_report(report: Any) -> None:
    """Every report a test produces must match the published schema."""
    jsonschema.validate(report, report_schema())


def check_json(
    path: Path,
    *args: str | os.PathLike[str],
    cache_dir: Path,
    env: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    """``pyreadiness check PATH --format json``: the exit code and the parsed report."""
    run = run_cli("check", path, "--format", "json", "--cache-dir", cache_dir, *args, env=env)
    assert run.stdout, f"no JSON on stdout (exit {run.code}); stderr:\n{run.stderr}"
    assert "Traceback" not in run.stderr, run.stderr
    report = run.json()
    validate_report(report)
    return run.code, report


def check_result(report: dict[str, Any], check_id: str) -> dict[str, Any]:
    for check in report["checks"]:
        if check["id"] == check_id:
            return check  # type: ignore[no-any-return]
    raise AssertionError(f"no check {check_id!r} in report: {[c['id'] for c in report['checks']]}")


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write a small repository: relative path -> text (UTF-8) or bytes. Returns root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under root with a content hash, to prove nothing was written."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + str(path.readlink())
        elif path.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out
