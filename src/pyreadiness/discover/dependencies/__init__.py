"""Read a repository's dependency declarations and lock files, statically.

One entry point, :func:`read_dependencies`, shared by every checker that needs to know
what the project depends on and which exact versions it resolves to.
"""

from __future__ import annotations

from pyreadiness.discover.dependencies.model import (
    Declared,
    DependencyKind,
    DependencySet,
    LockFile,
    LockFormat,
    Pinned,
    Problem,
    ProjectMeta,
)
from pyreadiness.discover.dependencies.read import read_dependencies

__all__ = [
    "Declared",
    "DependencyKind",
    "DependencySet",
    "LockFile",
    "LockFormat",
    "Pinned",
    "Problem",
    "ProjectMeta",
    "read_dependencies",
]
