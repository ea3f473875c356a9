"""Committed artifacts: build output, bytecode, caches, databases, pickles, binaries and
large data files in the tree (OpenSSF Scorecard's Binary-Artifacts, extended to what Python
repositories really commit). Judged from names and sizes only: no file is opened.

Files inside folders discovery sets aside (``__pycache__``, ``dist``, ``*.egg-info``...) come
from ``Inventory.set_aside``: git lists them, so they are committed (or present and not
ignored). Databases, pickles, binaries and large files under test folders (``tests/``,
``fixtures/``, ``testdata/``...) are test inputs: reported as info, never scored (bytecode
always is). Secret-bearing files (keys, ``.env``) are the security-process checker's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath

from pyreadiness.checkers.project.rules import finding
from pyreadiness.discover.classify import in_test_material
from pyreadiness.discover.inventory import Inventory
from pyreadiness.model import Finding, Severity

#: A file larger than this is a data file that belongs in an artifact store or Git LFS.
#: 5 MiB: files this large are never read by any checker (inventory.MAX_READ_BYTES), and
#: GitHub itself warns from 50 MB; source files are far below either.
LARGE_FILE_BYTES = 5 * 1024 * 1024

#: (rule, severity, what it is, suffixes).
_BY_SUFFIX: tuple[tuple[str, Severity, str, frozenset[str]], ...] = (
    ("artifact-bytecode", Severity.MEDIUM, "compiled bytecode", frozenset({".pyc", ".pyo"})),
    (
        "artifact-database",
        Severity.MEDIUM,
        "a database file",
        frozenset({".sqlite", ".sqlite3", ".db", ".db3", ".sqlite-journal"}),
    ),
    (
        "artifact-pickle",
        Severity.MEDIUM,
        "a pickled object or model (loading it runs code)",
        frozenset({".pkl", ".pickle", ".joblib", ".pt", ".pth", ".ckpt", ".sav"}),
    ),
    (
        "artifact-binary",
        Severity.MEDIUM,
        "a compiled binary or package",
        frozenset(
            {
                ".exe",
                ".dll",
                ".so",
                ".dylib",
                ".pyd",
                ".o",
                ".obj",
                ".a",
                ".lib",
                ".class",
                ".jar",
                ".war",
                ".whl",
                ".egg",
                ".msi",
            }
        ),
    ),
)
#: Folders of generated output: (rule, what it is). ``*.egg-info`` is matched by suffix.
_FOLDERS = {
    "__pycache__": ("artifact-bytecode", "compiled bytecode"),
    "dist": ("artifact-build-output", "built distributions"),
    ".eggs": ("artifact-build-output", "setuptools' downloaded eggs"),
    ".tox": ("artifact-tool-cache", "a tox environment"),
    ".nox": ("artifact-tool-cache", "a nox environment"),
    ".venv": ("artifact-tool-cache", "a virtual environment"),
    "venv": ("artifact-tool-cache", "a virtual environment"),
    ".pytest_cache": ("artifact-tool-cache", "pytest's cache"),
    ".mypy_cache": ("artifact-tool-cache", "mypy's cache"),
    ".ruff_cache": ("artifact-tool-cache", "ruff's cache"),
    ".hypothesis": ("artifact-tool-cache", "hypothesis' database"),
    "htmlcov": ("artifact-tool-cache", "a coverage report"),
}


@dataclass(frozen=True, kw_only=True)
class Artifacts:
    count: int  # scored findings: one per artifact folder or file
    files: int  # files involved
    test_material: int  # databases, pickles, binaries, large files under test folders
    findings: tuple[Finding, ...]


def _folder_rule(path: str) -> tuple[str, str, str] | None:
    """(folder, rule, what) of the first generated-output folder on the path."""
    parts = path.split("/")[:-1]
    for i, part in enumerate(parts):
        if part in _FOLDERS:
            return "/".join(parts[: i + 1]), *_FOLDERS[part]
        if part.endswith(".egg-info"):
            return "/".join(parts[: i + 1]), "artifact-build-output", "setuptools metadata"
    return None


def find_artifacts(inv: Inventory) -> Artifacts:
    folders: dict[tuple[str, str, str], int] = defaultdict(int)
    out: list[Finding] = []
    files = 0
    for path in inv.set_aside:
        hit = _folder_rule(path)
        if hit is not None:
            folders[hit] += 1
    for folder_hit, count in sorted(folders.items()):
        folder, rule, what = folder_hit
        files += count
        out.append(
            finding(
                rule,
                Severity.MEDIUM,
                f"{folder}/ is committed: {what} ({count} file{'s' * (count != 1)})",
                path=folder + "/",
                help=f"git rm -r --cached {folder} and add it to .gitignore.",
            )
        )
    test_material = 0
    for f in inv.files:
        suffix = PurePosixPath(f.path).suffix.lower()
        by_suffix = next((h for h in _BY_SUFFIX if suffix in h[3]), None)
        if by_suffix is not None:
            rule, severity, what, _ = by_suffix
            message = f"{f.path} is committed: {what}"
        elif f.size > LARGE_FILE_BYTES:
            rule, severity = "artifact-large-file", Severity.LOW
            message = f"{f.path} is committed: {f.size / 1024 / 1024:.1f} MiB of data"
        else:
            continue
        if rule != "artifact-bytecode" and in_test_material(f.path):
            # A database or model a test loads is test input: reported, never scored.
            severity, message = Severity.INFO, message + " (test material: not scored)"
            test_material += 1
        files += 1
        out.append(
            finding(
                rule,
                severity,
                message,
                path=f.path,
                help="Remove it from git (git rm --cached) and ignore it; keep data and "
                "models in an artifact store or Git LFS.",
            )
        )
    return Artifacts(
        count=len(out) - test_material,
        files=files,
        test_material=test_material,
        findings=tuple(out),
    )
