"""Facts of unchanged files are remembered across runs, and never outlive a change."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from pyreadiness.discover.classify import FileKind
from pyreadiness.discover.digests import NAMESPACE, DigestStore, Facts, stamp_of
from pyreadiness.discover.inventory import Inventory, RepoFile, build_inventory
from pyreadiness.tools.cache import Cache
from tests.helpers import FIXTURES, run_cli

SOURCE = b"import os\n\n\ndef f():\n    return os.sep\n"
LATER = 3_600 * 10**9  # a run "starting" an hour from now sees every file as settled


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "mod.py").write_bytes(SOURCE)
    (root / "README.md").write_text("hello\n")
    return root


def _run(cache: Cache, root: Path, started_ns: int | None = None) -> Inventory:
    """What one pipeline run does with the store: build, use, save."""
    store = DigestStore(cache, root, started_ns=started_ns)
    inv = build_inventory(root, digest_store=store)
    for f in inv.files:
        inv.digest(f.path)
    inv.source_lines()
    store.save({f.path for f in inv.files})
    return inv


def test_facts_of_an_unchanged_file_come_from_the_store(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    cache = Cache(tmp_path / "cache")
    first = _run(cache, root, started_ns=time.time_ns() + LATER)
    assert first.digest("pkg/mod.py") == hashlib.sha256(SOURCE).hexdigest()
    assert first.source_lines() == 3

    # Facts planted under the file's real stamp: only the store can be their source.
    store = DigestStore(cache, root, started_ns=time.time_ns() + LATER)
    stamp = first.stamps["pkg/mod.py"]
    store.record("pkg/mod.py", stamp, Facts(sha256="0" * 64, source_lines=41))
    inv = Inventory(
        root=root,
        files=(RepoFile(path="pkg/mod.py", kind=FileKind.SOURCE, size=len(SOURCE)),),
        listed_by="walk",
        stamps={"pkg/mod.py": stamp},
        digest_store=store,
    )
    assert inv.digest("pkg/mod.py") == "0" * 64
    assert inv.source_lines() == 41
    assert inv.read_bytes("pkg/mod.py") == SOURCE  # reading content still reads the file


def test_a_stored_digest_is_reused_on_the_next_run(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    cache = Cache(tmp_path / "cache")
    _run(cache, root, started_ns=time.time_ns() + LATER)
    store = DigestStore(cache, root)
    inv = build_inventory(root, digest_store=store)
    facts = store.lookup("pkg/mod.py", inv.stamps["pkg/mod.py"])
    assert facts == Facts(sha256=hashlib.sha256(SOURCE).hexdigest(), source_lines=3)
    assert store.lookup("README.md", inv.stamps["README.md"]) is not None


def test_a_change_that_keeps_size_and_mtime_is_still_seen(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    cache = Cache(tmp_path / "cache")
    path = root / "pkg" / "mod.py"
    before = path.stat()
    _run(cache, root, started_ns=time.time_ns() + LATER)
    time.sleep(0.05)  # past the file system's clock tick, so the change time moves
    changed = SOURCE.replace(b"os.sep", b"os.pwd")
    assert len(changed) == len(SOURCE)
    path.write_bytes(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back by hand
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    inv = _run(cache, root, started_ns=time.time_ns() + LATER)
    assert inv.digest("pkg/mod.py") == hashlib.sha256(changed).hexdigest()


def test_files_changed_just_before_the_run_are_not_remembered(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    cache = Cache(tmp_path / "cache")
    _run(cache, root)  # the files were written a moment ago: racily clean
    store = DigestStore(cache, root)
    inv = build_inventory(root, digest_store=store)
    assert store.lookup("pkg/mod.py", inv.stamps["pkg/mod.py"]) is None


def test_removed_files_are_dropped_and_a_broken_store_is_ignored(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    cache = Cache(tmp_path / "cache")
    _run(cache, root, started_ns=time.time_ns() + LATER)
    (root / "README.md").unlink()
    _run(cache, root, started_ns=time.time_ns() + LATER)
    ((key, value),) = cache.entries(NAMESPACE)
    assert list(value) == ["pkg/mod.py"]

    cache.put(NAMESPACE, key, {"pkg/mod.py": [1, 2, "x"], "other": 7})
    inv = _run(cache, root, started_ns=time.time_ns() + LATER)
    assert inv.digest("pkg/mod.py") == hashlib.sha256(SOURCE).hexdigest()


def test_no_store_without_a_cache(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    inv = build_inventory(root)
    assert inv.digest_store is None
    assert inv.digest("pkg/mod.py") == hashlib.sha256(SOURCE).hexdigest()
    assert inv.source_lines() == 3


def test_the_default_cache_directory_remembers_digests_too(tmp_path: Path) -> None:
    # Regression: without --cache-dir the run built its digest store on a disabled cache,
    # so every warm run in the user cache directory read and hashed every file again.
    fixture = FIXTURES / "typing-mypy-errors"
    xdg = tmp_path / "xdg"
    env = {"XDG_CACHE_HOME": str(xdg)}
    run = run_cli("check", fixture, "-f", "json", "--select", "lint", env=env)
    assert run.code in (0, 1), run.stderr
    store = DigestStore(Cache(xdg / "pyreadiness"), fixture.resolve())
    inv = build_inventory(fixture, digest_store=store)
    path = inv.paths(FileKind.SOURCE)[0]
    facts = store.lookup(path, stamp_of((fixture / path).stat()))
    assert facts is not None
    assert facts.sha256 == hashlib.sha256((fixture / path).read_bytes()).hexdigest()
