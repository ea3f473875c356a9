"""Nothing of the scanned repository executes: not through our Python tools' environment,
not through git configuration. Each case plants a program that leaves a trace if run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.harness import check, minimal_repo

TRACE = "import os, pathlib\npathlib.Path(os.environ['HOSTILE_TRACE_DIR'], {name!r}).touch()\n"


def _tracer(name: str) -> str:
    return TRACE.format(name=name)


def test_python_environment_variables_never_reach_our_tools(tmp_path: Path) -> None:
    """The caller's PYTHONPATH=. (and friends) must not make mypy, bandit or pip-audit
    import the repository's sitecustomize.py or modules named like the tools."""
    traces = tmp_path / "traces"
    traces.mkdir()
    repo = minimal_repo(
        tmp_path / "repo",
        {
            "sitecustomize.py": _tracer("sitecustomize"),
            "usercustomize.py": _tracer("usercustomize"),
            "mypy/__init__.py": _tracer("mypy"),
            "bandit/__init__.py": _tracer("bandit"),
            "ruff.py": _tracer("ruff"),
            "pip_audit/__init__.py": _tracer("pip_audit"),
            "encodings/__init__.py": _tracer("encodings"),
            "startup.py": _tracer("pythonstartup"),
        },
    )
    env = {
        "HOSTILE_TRACE_DIR": str(traces),
        "PYTHONPATH": ".",
        "PYTHONSTARTUP": str(repo / "startup.py"),
        "PYTHONINSPECT": "",
        "PYTHONUSERBASE": str(repo),
    }
    # Run from outside the repository: our own interpreter resolves "." elsewhere; only the
    # tools, which run inside the repository, could be fooled by it.
    check(repo, tmp_path / "cache", "--select", "typing,security,lint,tests", env=env, cwd=tmp_path)
    assert sorted(p.name for p in traces.iterdir()) == []


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo.parent)},
    )


def _trace_program(tmp_path: Path) -> Path:
    program = tmp_path / "trace.sh"
    program.write_text(f'#!/bin/sh\ntouch "{tmp_path}/traces/$1"\ncat\n')
    program.chmod(0o755)
    return program


#: Each configuration key that can make git run a program, with the value that would.
GIT_KEYS = {
    "core.fsmonitor": "{p} fsmonitor",
    "core.hooksPath": "{hooks}",
    "diff.external": "{p} diff-external",
    "filter.evil.clean": "{p} filter-clean",
    "filter.evil.smudge": "{p} filter-smudge",
    "filter.evil.process": "{p} filter-process",
    "diff.evil.textconv": "{p} textconv",
    "diff.evil.command": "{p} diff-command",
    "core.pager": "{p} pager",
    "pager.diff": "{p} pager-diff",
    "log.showSignature": "true",
    "gpg.program": "{p} gpg",
    "core.sshCommand": "{p} ssh",
    "core.editor": "{p} editor",
}


def _hostile_git_repo(tmp_path: Path, key: str, value: str, *, include: bool) -> Path:
    program = _trace_program(tmp_path)
    (tmp_path / "traces").mkdir()
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-index-change", "pre-commit", "post-checkout", "reference-transaction"):
        (hooks / hook).write_text(f"#!/bin/sh\ntouch {tmp_path}/traces/hook-{hook}\n")
        (hooks / hook).chmod(0o755)
    repo = minimal_repo(tmp_path / "repo", {".gitattributes": "* filter=evil diff=evil\n"})
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "init")
    (repo / "src/victim/__init__.py").write_text('"""Changed."""\n\nVALUE = 2\n')
    (repo / "src/victim/new.py").write_text("NEW = 1\n")
    resolved = value.format(p=program, hooks=hooks)
    if include:  # the key comes from a file the repository's config includes
        (repo / ".git" / "more.config").write_text(_section(key, resolved))
        config = "[include]\n\tpath = more.config\n"
    else:
        config = _section(key, resolved)
    with (repo / ".git" / "config").open("a") as handle:
        handle.write(config)
    return repo


def _section(key: str, value: str) -> str:
    parts = key.split(".")
    head = f'[{parts[0]} "{parts[1]}"]' if len(parts) == 3 else f"[{parts[0]}]"
    return f"{head}\n\t{parts[-1]} = {value}\n"


@pytest.mark.parametrize("key", sorted(GIT_KEYS))
def test_git_configuration_never_runs_a_program(tmp_path: Path, key: str) -> None:
    repo = _hostile_git_repo(tmp_path, key, GIT_KEYS[key], include=key.startswith("filter"))
    cache = tmp_path / "cache"
    outcome = check(repo, cache, "--select", "ci", "--new-since", "HEAD")
    assert outcome.code == 0, outcome.stderr
    assert outcome.json()["target"]["listed_by"] == "git"
    assert sorted(p.name for p in (tmp_path / "traces").iterdir()) == []


def test_git_environment_of_the_caller_runs_nothing_either(tmp_path: Path) -> None:
    repo = _hostile_git_repo(tmp_path, "core.fsmonitor", "false", include=False)
    program = _trace_program(tmp_path)
    env = {
        "GIT_EXTERNAL_DIFF": f"{program} env-external-diff",
        "GIT_CONFIG_PARAMETERS": f"'core.fsmonitor'='{program} env-fsmonitor'",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "filter.evil.clean",
        "GIT_CONFIG_VALUE_0": f"{program} env-clean",
    }
    outcome = check(repo, tmp_path / "cache", "--select", "ci", "--new-since", "HEAD", env=env)
    assert outcome.code == 0, outcome.stderr
    assert sorted(p.name for p in (tmp_path / "traces").iterdir()) == []


def test_tools_run_isolated_on_every_python_we_support(tmp_path: Path) -> None:
    """The argv prefix of our Python tools ignores PYTHON* variables on this interpreter."""
    from pyreadiness.tools.process import python_module_command

    argv = python_module_command("probe", "json.tool")
    assert argv[0] == sys.executable
    assert "-I" in argv or "-E" in argv, argv
