"""The pipeline is the whole pipeline: options checked first, baseline and outputs inside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyreadiness import pipeline
from pyreadiness.baseline.model import baseline_from_report, write_baseline
from pyreadiness.errors import UsageError
from pyreadiness.pipeline import Options, Output, emit, run
from pyreadiness.reporters.interface import Format, render
from tests.helpers import FIXTURES


def _no_discovery(*args: object, **kwargs: object) -> None:
    raise AssertionError("discovery started before the options were validated")


@pytest.mark.parametrize("field", ["select", "ignore"])
def test_unknown_ids_fail_before_discovery(
    field: str, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "build_inventory", _no_discovery)
    ids = {"select": ("nope",), "ignore": ()} if field == "select" else {"ignore": ("nope",)}
    options = Options(
        path=FIXTURES / "ci-none",
        cache_dir=cache_dir,
        select=ids.get("select", ()),
        ignore=ids["ignore"],
    )
    with pytest.raises(UsageError, match="command line: unknown check 'nope'"):
        run(options)


def test_the_report_carries_its_baseline_comparison(tmp_path: Path, cache_dir: Path) -> None:
    options = Options(path=FIXTURES / "ci-none", cache_dir=cache_dir, select=("ci",))
    first = run(options)
    assert first.comparison is None
    accepted = tmp_path / "baseline.json"
    write_baseline(baseline_from_report(first), accepted)
    gated = run(
        Options(path=FIXTURES / "ci-none", cache_dir=cache_dir, select=("ci",), baseline=accepted)
    )
    assert gated.comparison is not None
    assert gated.comparison.passed
    assert gated.comparison.unchanged == len(first.findings)
    assert json.loads(render(gated, Format.JSON))["baseline"]["passed"] is True


def test_emit_writes_every_output_then_stdout(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = run(Options(path=FIXTURES / "ci-none", cache_dir=cache_dir, select=("ci",)))
    emit(
        report, [Output(format=Format.SARIF, path=tmp_path / "r.sarif"), Output(format=Format.JSON)]
    )
    assert json.loads((tmp_path / "r.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert json.loads(capsys.readouterr().out) == json.loads(render(report, Format.JSON))


def test_emit_names_a_file_it_cannot_write(tmp_path: Path, cache_dir: Path) -> None:
    report = run(Options(path=FIXTURES / "ci-none", cache_dir=cache_dir, select=("ci",)))
    target = tmp_path / "missing" / "r.json"
    with pytest.raises(UsageError, match=f"cannot write {target}"):
        emit(report, [Output(format=Format.JSON, path=target)])
