"""Code written for a newer Python than the one running us: not a syntax error, not a risk.

bandit and the typing checker's syntax tree parse with the interpreter running pyreadiness
(3.11 in CI); the project's own target Python (discover/target_python.py) says whether a
file that does not parse is likely just newer.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pyreadiness.model import Severity, Status
from tests.helpers import FIXTURES
from tests.test_security_fixtures import run_security

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 14), reason="Python 3.14 parses the fixture's syntax itself"
)
RUNNING = f"{sys.version_info.major}.{sys.version_info.minor}"


def test_bandit_on_newer_syntax_is_an_info_finding(cache_dir: Path) -> None:
    result = run_security(FIXTURES / "security-newer-syntax-target", cache_dir)
    m = result.metrics
    assert (m["files_scanned"], m["files_unparsed"]) == (2, 1)
    [newer] = [f for f in result.findings if f.path == "src/modernpkg/modern.py"]
    assert (newer.rule, newer.severity, newer.line) == ("newer-syntax", Severity.INFO, 7)
    assert newer.message.startswith(f"not scanned: bandit runs on Python {RUNNING}, ")
    assert "the project targets Python 3.14 (requires-python '>=3.14' in pyproject.toml)" in (
        newer.message
    )
    assert not [f for f in result.findings if f.rule == "syntax-error"]
    assert result.reason == (
        "1 source files could not be parsed, so were not scanned "
        f"(bandit parses as Python {RUNNING}; the project targets 3.14)"
    )
    assert result.status is Status.PASSED
