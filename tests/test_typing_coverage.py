"""Annotation coverage from the syntax tree: the counting rules, stubs, and the per-file cache."""

from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path

import pytest

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.typing import TypingChecker
from pyreadiness.checkers.typing.annotations import (
    ANALYSIS_VERSION,
    CACHE_NAMESPACE,
    PYTHON_VERSION,
    analyse_bytes,
    analyse_files,
)
from pyreadiness.discover.digests import DigestStore
from pyreadiness.discover.inventory import build_inventory
from pyreadiness.model import CheckResult, Status
from pyreadiness.tools.cache import Cache, make_key
from tests.helpers import FIXTURES


@pytest.fixture
def quiet_mypy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mypy stand-in that finds nothing at once, for tests about the syntax tree only."""
    script = tmp_path / "quiet-mypy"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o755)
    monkeypatch.setenv("PYREADINESS_TOOL_MYPY", str(script))


def run_typing(root: Path, cache: Path, *, timeout: float = 120) -> CheckResult:
    ctx = CheckContext(
        root=root, inventory=build_inventory(root), cache=Cache(cache), tool_timeout=timeout
    )
    return TypingChecker().run(ctx)


def counts(source: str) -> list[tuple[str, int, int]]:
    result = analyse_bytes(textwrap.dedent(source).encode(), "m.py")
    assert result.error is None, result.error
    return [(f.name, f.slots, f.filled) for f in result.functions]


def test_self_and_cls_are_no_slots_but_a_staticmethod_first_parameter_is() -> None:
    assert counts(
        """
        class C:
            def m(self, a: int) -> None: ...
            @classmethod
            def k(cls) -> "C": ...
            @staticmethod
            def s(a: int) -> int: ...
        """
    ) == [("C.m", 2, 2), ("C.k", 1, 1), ("C.s", 2, 2)]


def test_init_return_is_implied_once_a_parameter_is_annotated() -> None:
    assert counts(
        """
        class A:
            def __init__(self, x: int): ...
        class B:
            def __init__(self): ...
        class C:
            def __init__(self) -> None: ...
        def __init__(x: int): ...
        """
    ) == [("A.__init__", 2, 2), ("B.__init__", 1, 0), ("C.__init__", 1, 1), ("__init__", 2, 1)]


def test_star_parameters_are_one_slot_each_and_keyword_only_ones_count() -> None:
    assert counts("def f(a, /, b: int, *args: int, c, **kw) -> None: ...") == [("f", 6, 3)]


def test_overload_variants_count_and_their_implementation_does_not() -> None:
    assert counts(
        """
        import typing
        @typing.overload
        def f(x: int) -> int: ...
        @typing.overload
        def f(x: str) -> str: ...
        def f(x): return x
        def f(y): return y
        """
    ) == [("f", 2, 2), ("f", 2, 2), ("f", 2, 0)]


def test_nested_functions_and_methods_in_blocks_count_lambdas_do_not() -> None:
    assert counts(
        """
        import sys
        square = lambda v: v * v
        def outer(n: int) -> int:
            def inner(m): return m
            return inner(n)
        class K:
            if sys.version_info >= (3, 11):
                def new(self) -> None: ...
            else:
                try:
                    def old(self, x): ...
                except ImportError:
                    pass
        async def fetch(url: str): ...
        """
    ) == [("outer", 2, 2), ("outer.inner", 2, 0), ("K.new", 1, 1), ("K.old", 2, 0), ("fetch", 2, 1)]


def test_a_function_type_comment_annotates_the_whole_signature() -> None:
    assert counts(
        """
        def f(a, b):
            # type: (int, str) -> bool
            return True
        def g(a,  # type: int
              b):
            return a
        """
    ) == [("f", 3, 3), ("g", 3, 1)]


def test_a_misplaced_type_comment_is_no_syntax_error() -> None:
    # Python runs this file; only ast.parse(type_comments=True) rejects the comment.
    assert counts("x = (1,  # type: int\n     2)\ndef f(): pass\n") == [("f", 1, 0)]


def test_syntax_errors_and_null_bytes_are_reported_not_raised() -> None:
    broken = analyse_bytes(b"def f(:\n    pass\n", "bad.py")
    assert broken.error is not None
    assert broken.error_line == 1
    assert broken.functions == ()
    nul = analyse_bytes(b"x = 1\0\n", "nul.py")
    assert nul.error is not None


def test_imports_are_the_top_level_names_of_absolute_imports() -> None:
    result = analyse_bytes(
        b"import os.path, yaml as y\nfrom a.b import c\nfrom . import d\nfrom .e import f\n",
        "m.py",
    )
    assert result.imports == ("a", "os", "yaml")


def test_imports_are_found_in_every_kind_of_block() -> None:
    source = """
        import a
        if x:
            import b
        elif y:
            import c
        else:
            import d
        try:
            import e
        except ImportError:
            import f
        else:
            import g
        finally:
            import h
        for _ in x:
            import i
        else:
            import j
        while x:
            import k
        else:
            import l
        with x:
            import m
        async def co():
            async with x:
                import n
            async for _ in x:
                import o
        class C:
            def meth(self):
                def inner():
                    from p.q import r
        match x:
            case 1:
                import s
            case _:
                import t
        value = lambda: __import__("u")  # not an import statement
    """
    result = analyse_bytes(textwrap.dedent(source).encode(), "m.py")
    assert result.error is None
    assert result.imports == tuple("abcdefghijklmnopst")


def test_a_cached_module_is_not_read_again(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "mod.py").write_text("import os\n\n\ndef f(x): ...\n")
    cache = Cache(tmp_path / "cache")
    later = time.time_ns() + 3_600 * 10**9  # the file counts as settled, so it is remembered
    store = DigestStore(cache, root, started_ns=later)
    (first,) = analyse_files(build_inventory(root, digest_store=store), cache, ["pkg/mod.py"])
    assert (len(first.functions), first.imports) == (1, ("os",))
    store.save({"pkg/mod.py"})

    # The next run knows the content's hash from the file's stamp and finds the analysis
    # under it: the file is not opened (here it could not be: it is gone once listed).
    inventory = build_inventory(root, digest_store=DigestStore(cache, root, started_ns=later))
    (root / "pkg" / "mod.py").unlink()
    assert analyse_files(inventory, cache, ["pkg/mod.py"]) == (first,)


def test_half_annotated_fixture_has_the_documented_counts(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-half-annotated", cache_dir)
    m = result.metrics
    assert (m["functions"], m["functions_annotated"]) == (15, 9)
    assert (m["annotation_slots"], m["annotation_slots_filled"]) == (31, 21)
    assert m["annotation_coverage"] == 0.6
    assert m["annotation_slot_coverage"] == round(21 / 31, 4)
    assert m["modules"] == 2  # tests/ and docs/ are not shipped code
    assert m["mypy_errors"] == 0
    assert m["strict"] is False
    assert m["py_typed"] is False
    assert m["mypy_config"] is None
    components = {c.id: c for c in result.components}
    assert components["annotated-functions"].score == 60.0
    # No mypy error, but mypy checks only what is annotated: 100 x 21/31 of slots filled.
    assert components["mypy"].score == 100.0 * 21 / 31
    assert "times the 68% of annotation slots filled" in components["mypy"].detail
    assert components["strict"].score == 0.0
    assert components["py-typed"].score == 0.0
    # The weighted mean of functions (35), slots (15), mypy (35), strict (10), py.typed (5).
    expected = (60 * 35 + 100 * 21 / 31 * 15 + 100 * 21 / 31 * 35) / 100
    assert result.score == round(expected, 1)
    assert result.status is Status.FAILED
    unannotated = [f for f in result.findings if f.rule == "typing/unannotated"]
    assert [(f.path, f.line) for f in unannotated] == [("halfpkg/core.py", 10)]
    assert unannotated[0].message.startswith("6 of 15 functions lack complete annotations")
    assert {f.rule for f in result.findings} == {
        "typing/unannotated",
        "typing/not-strict",
        "typing/no-py-typed",
    }
    for finding in result.findings:
        assert finding.help.startswith("https://")


@pytest.mark.slow
def test_a_stub_counts_for_its_module(cache_dir: Path) -> None:
    result = run_typing(FIXTURES / "typing-stub-only", cache_dir)
    m = result.metrics
    # calc.pyi replaces the untyped calc.py; _speedups.pyi types a compiled module;
    # typings/requests/ is a vendored third-party stub and does not count.
    assert (m["functions"], m["functions_annotated"]) == (4, 4)
    assert (m["annotation_slots"], m["annotation_slots_filled"]) == (10, 10)
    assert (m["modules"], m["modules_from_stubs"]) == (3, 2)
    assert m["mypy_errors"] == 0
    assert m["strict"] is True
    assert m["py_typed"] is True
    assert result.score == 100.0
    assert result.findings == ()


@pytest.mark.usefixtures("quiet_mypy")
def test_without_its_stub_the_module_is_measured_on_its_source(
    cache_dir: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "typing-stub-only", repo)
    (repo / "stubpkg" / "calc.pyi").unlink()
    m = run_typing(repo, cache_dir).metrics
    assert (m["functions"], m["functions_annotated"]) == (4, 1)


@pytest.mark.usefixtures("quiet_mypy")
def test_one_changed_file_is_the_only_one_parsed_again(cache_dir: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "typing-half-annotated", repo)
    run_typing(repo, cache_dir)
    assert len(list(Cache(cache_dir).entries(CACHE_NAMESPACE))) == 2  # one per module content

    # Plant a different answer under the unchanged module's content key: a warm run
    # must take it from the cache instead of parsing the file again.
    inventory = build_inventory(repo)
    key = make_key(ANALYSIS_VERSION, PYTHON_VERSION, inventory.digest("halfpkg/core.py"))
    Cache(cache_dir).put(
        CACHE_NAMESPACE,
        key,
        {"functions": [["planted", 1, 1, 1]], "imports": [], "error": None, "error_line": None},
    )
    (repo / "halfpkg" / "__init__.py").write_text("def new(x): ...\n")
    m = run_typing(repo, cache_dir).metrics
    assert (m["functions"], m["functions_annotated"]) == (2, 1)  # planted + the new one
    assert len(list(Cache(cache_dir).entries(CACHE_NAMESPACE))) == 3


@pytest.mark.usefixtures("quiet_mypy")
@pytest.mark.parametrize("rel", ["tests/test_x.py", "docs/conf.py", "examples/demo.py"])
def test_code_that_is_not_shipped_is_not_measured(
    cache_dir: Path, tmp_path: Path, rel: str
) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg" / "__init__.py").write_text("def ok() -> None: ...\n")
    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo / rel).write_text("def bad(a, b): ...\n")
    m = run_typing(repo, cache_dir).metrics
    assert (m["functions"], m["functions_annotated"]) == (1, 1)


def test_a_repository_without_python_is_skipped(cache_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# nothing here\n")
    result = run_typing(tmp_path, cache_dir)
    assert result.status is Status.SKIPPED
    assert result.reason == "no shipped Python modules to check"


@pytest.mark.usefixtures("quiet_mypy")
def test_a_file_too_large_to_read_is_left_out(cache_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("def ok() -> None: ...\n")
    (tmp_path / "pkg" / "huge.py").write_text("x = 1\n" * 1_000_000)  # 6 MB: over the cap
    result = run_typing(tmp_path, cache_dir)
    # Discovery leaves it out of every check and reports it (discovery/too-large).
    assert result.metrics["files_unparsed"] == 0
    assert result.metrics["functions"] == 1
