"""Which modules the repository ships, under which names, and where their types live.

A module's types are read from its ``.pyi`` stub when one sits beside it (or in a PEP 561
``<name>-stubs`` package): that is also what mypy and every type checker use. Stubs of
compiled extension modules count when they sit among shipped source; stubs vendored for
third-party libraries (``typings/requests/...``) do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from pyreadiness.discover.classify import FileKind, classify
from pyreadiness.discover.inventory import Inventory

_STUBS_SUFFIX = "-stubs"


@dataclass(frozen=True, kw_only=True)
class Layout:
    #: Files read for annotation coverage and handed to mypy: one per module, stub preferred.
    modules: tuple[str, ...]
    #: Shipped ``.py`` files whose annotations are taken from a stub instead.
    stubbed: tuple[str, ...]
    #: Private modules (``_impl.py``, ``_internal/...``) of a package whose public API is
    #: declared by stubs (``__init__.pyi``): implementation, not measured and not given to
    #: mypy (its errors there, if it follows an import, are not counted).
    implementation: tuple[str, ...] = ()
    #: Dotted module name of each file in ``modules``, found the way mypy finds it.
    module_names: dict[str, str]
    #: Top-level import names of the repository's own code.
    own_names: frozenset[str]
    #: Top-most package folders (PEP 561 puts ``py.typed`` there).
    packages: tuple[str, ...]
    #: Those of ``packages`` that carry a ``py.typed`` marker.
    py_typed: tuple[str, ...]


def _implementation_path(stub: str) -> str:
    """``pkg/mod.pyi`` -> ``pkg/mod.py``; ``pkg-stubs/mod.pyi`` -> ``pkg/mod.py``."""
    parts = list(PurePosixPath(stub).parts)
    parts = [p.removesuffix(_STUBS_SUFFIX) if p.endswith(_STUBS_SUFFIX) else p for p in parts]
    return "/".join(parts)[:-1]


def _is_package_dir(inventory: Inventory, folder: str) -> bool:
    if folder in ("", "."):
        return False
    return inventory.has(f"{folder}/__init__.py") or inventory.has(f"{folder}/__init__.pyi")


def module_name(inventory: Inventory, rel: str) -> str:
    """Crawl up through ``__init__`` files, as mypy does for files named on its command line."""
    path = PurePosixPath(rel)
    stem = path.name.rsplit(".", 1)[0]
    parts: list[str] = [] if stem == "__init__" else [stem]
    folder = path.parent
    while _is_package_dir(inventory, folder.as_posix()):
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts) if parts else stem


def _top_package(inventory: Inventory, rel: str) -> str | None:
    folder = PurePosixPath(rel).parent
    top: str | None = None
    while _is_package_dir(inventory, folder.as_posix()):
        top = folder.as_posix()
        folder = folder.parent
    return top


def _is_private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


def _behind_stubbed_api(sources: set[str], stub_for: dict[str, str]) -> set[str]:
    """Private modules without a stub inside a package that declares its API in stubs.

    attrs ships ``attr/__init__.pyi`` and a stub for each public module; ``attr/_make.py``
    is the untyped implementation behind them. Users' type checkers read the stubs only,
    so the stubs are the typed surface; a public module without a stub still counts.
    """
    stubbed_packages = [
        PurePosixPath(impl).parent for impl in stub_for if PurePosixPath(impl).name == "__init__.py"
    ]
    behind = set()
    for rel in sources:
        if rel in stub_for:
            continue
        path = PurePosixPath(rel)
        for package in stubbed_packages:
            if package not in path.parents:
                continue
            inner = path.relative_to(package).parts
            if any(_is_private(p.removesuffix(".py")) for p in inner):
                behind.add(rel)
                break
    return behind


def discover_layout(inventory: Inventory) -> Layout:
    sources = set(inventory.paths(FileKind.SOURCE))
    source_dirs = {PurePosixPath(p).parent.as_posix() for p in sources}
    stub_for: dict[str, str] = {}  # implementation path -> stub path
    extra_stubs: list[str] = []
    for stub in inventory.paths(FileKind.STUB):
        impl = _implementation_path(stub)
        if impl in sources:
            stub_for[impl] = stub
        elif classify(impl) is FileKind.SOURCE and (
            PurePosixPath(impl).parent.as_posix() in source_dirs or _STUBS_SUFFIX + "/" in stub
        ):
            # A compiled extension's stub inside a shipped package, or a stub-only package.
            extra_stubs.append(stub)
    behind = _behind_stubbed_api(sources, stub_for)
    modules = sorted([stub_for.get(p, p) for p in sources if p not in behind] + extra_stubs)
    names = {rel: module_name(inventory, rel) for rel in modules}
    own = frozenset(name.split(".", 1)[0].removesuffix(_STUBS_SUFFIX) for name in names.values())
    packages = sorted({top for rel in modules if (top := _top_package(inventory, rel))})
    typed = [p for p in packages if inventory.has(f"{p}/py.typed")]
    return Layout(
        modules=tuple(modules),
        stubbed=tuple(sorted(stub_for)),
        implementation=tuple(sorted(behind)),
        module_names=names,
        own_names=own,
        packages=tuple(packages),
        py_typed=tuple(typed),
    )
