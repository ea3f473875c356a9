"""Expansion bombs in files the CI check reads statically: bounded depth, size and work."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.harness import check, minimal_repo, status_of

WORKFLOW = (
    "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {command}\n"
)


def _make_doubling(levels: int, fan: int) -> str:
    lines = ["V0 = " + "x" * 100]
    for level in range(1, levels + 1):
        lines.append(f"V{level} = " + f"$(V{level - 1})" * fan)
    lines.append(f"test:\n\tpytest $(V{levels})\n")
    return "\n".join(lines)


BOMBS: dict[str, dict[str, str | bytes]] = {
    "makefile-doubling": {
        "Makefile": _make_doubling(10, 2),
        ".github/workflows/ci.yml": WORKFLOW.format(command="make test"),
    },
    "makefile-fan-out": {
        "Makefile": _make_doubling(6, 40),
        ".github/workflows/ci.yml": WORKFLOW.format(command="make test"),
    },
    "makefile-continuations": {
        "Makefile": "test:\n\tpytest " + "a \\\n" * 200_000 + "\n",
        ".github/workflows/ci.yml": WORKFLOW.format(command="make test"),
    },
    "tox-braces": {
        "tox.ini": "[tox]\nenvlist = " + "{a,b,c,d}" * 24 + "\n[testenv]\ncommands = pytest\n",
        ".github/workflows/ci.yml": WORKFLOW.format(command="tox"),
    },
    "tox-substitution-chain": {
        "tox.ini": "[tox]\nenvlist = py\n"
        + "".join(f"[s{i}]\nv = {{[s{i + 1}]v}} {{[s{i + 1}]v}}\n" for i in range(40))
        + "[s40]\nv = pytest\n[testenv]\ncommands = {[s0]v}\n",
        ".github/workflows/ci.yml": WORKFLOW.format(command="tox"),
    },
    "tox-continuations": {
        "tox.ini": "[tox]\nenvlist = py\n[testenv]\ncommands =\n    pytest "
        + "a \\\n    " * 200_000
        + "b\n",
        ".github/workflows/ci.yml": WORKFLOW.format(command="tox"),
    },
    "workflow-continuations": {
        ".github/workflows/ci.yml": WORKFLOW.format(command="|\n          pytest \\")
        + "          a \\\n" * 100_000
        + "          b\n",
    },
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BOMBS))
def test_expansion_bombs_are_bounded(tmp_path: Path, case: str) -> None:
    repo = minimal_repo(tmp_path / "repo", BOMBS[case])
    outcome = check(repo, tmp_path / "cache", "--select", "ci", time_limit=45)
    assert status_of(outcome.json(), "ci") in ("passed", "failed")
    assert outcome.peak_rss_mib < 700, outcome.peak_rss_mib


def test_continuation_runs_are_joined_in_linear_time() -> None:
    """200,000 continued lines took 18-22 s when each join copied the growing line."""
    import time

    from pyreadiness.checkers.ci import makefile, tox

    started = time.process_time()
    makefile.parse_makefile("test:\n\tpytest " + "a \\\n" * 200_000 + "\n")
    tox_lines = tox._join_continuations("pytest " + "a \\\n    " * 200_000 + "b\n")
    assert len(tox_lines) == 1
    assert time.process_time() - started < 5
