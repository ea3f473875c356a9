"""What every system module returns, and loading a CI YAML file with clear findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pyreadiness.checkers.ci.model import Step, System, finding
from pyreadiness.checkers.ci.yamlload import load_yaml
from pyreadiness.model import Finding, Severity

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory


@dataclass
class Extraction:
    """Steps of one system, the files read, and problems met while reading them."""

    system: System
    files: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    documents: dict[str, Any] = field(default_factory=dict)  # path -> parsed mapping


def load_mapping(inventory: Inventory, path: str, out: Extraction) -> dict[Any, Any] | None:
    """Parse a CI file into a mapping, or record a finding that says why it cannot be read."""
    if path not in out.files:
        out.files.append(path)
    doc = load_yaml(inventory, path)
    title = out.system.value
    if doc.error is not None:
        out.invalid.append(path)
        out.findings.append(
            finding(
                "ci-yaml-invalid",
                Severity.MEDIUM,
                f"{path} is not valid YAML ({doc.error}); {title} cannot run it and "
                "nothing in it was counted",
                path=path,
                line=doc.line,
                help="Fix the YAML syntax (a YAML linter such as yamllint or the CI "
                "service's own validator points at the problem).",
            )
        )
        return None
    if not isinstance(doc.data, dict):
        out.invalid.append(path)
        out.findings.append(
            finding(
                "ci-config-invalid",
                Severity.MEDIUM,
                f"{path} is not a mapping of {title} settings; nothing in it was counted",
                path=path,
                line=1,
                help="A CI configuration file holds a YAML mapping at its top level.",
            )
        )
        return None
    out.documents[path] = doc.data
    return doc.data


def not_followed(out: Extraction, path: str, line: int | None, what: str) -> None:
    out.findings.append(
        finding(
            "ci-include-not-followed",
            Severity.INFO,
            f"{what} is outside this repository; the steps it adds were not examined",
            path=path,
            line=line,
            help="Only configuration inside the repository can be read; the checks it "
            "runs are not counted.",
        )
    )


def shell_flags(shell: str | None, default: tuple[bool, bool]) -> tuple[bool, bool] | None:
    """(errexit, pipefail) of a CI ``shell:`` setting; None when it is not a POSIX shell."""
    if shell is None:
        return default
    lowered = shell.strip().lower()
    words = lowered.split()
    head = words[0].rsplit("/", 1)[-1] if words else ""
    if head in ("python", "python3", "node"):
        return None
    if head in ("pwsh", "powershell", "cmd"):
        return (False, False)  # only the last command's exit code decides
    if head == "bash" and len(words) == 1:
        return (True, True)  # GitHub: bash --noprofile --norc -eo pipefail {0}
    if head in ("bash", "sh", "zsh", "dash") and len(words) == 1:
        return (True, False)
    errexit = any(w.startswith("-") and "e" in w for w in words[1:]) or "errexit" in lowered
    return (errexit, "pipefail" in lowered)


_ENV_REF = re.compile(
    r"\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|"
    r"\$([A-Za-z_][A-Za-z0-9_]*)"
)


def env_values(node: Any) -> dict[str, str]:
    """Scalar values of an ``env:``/``variables:`` mapping (``{NAME: value}``), as strings."""
    out: dict[str, str] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict):  # GitLab's {value: ..., description: ...}
                value = value.get("value")
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                out[str(key)] = str(value)
    return out


def expand_env(script: str, env: dict[str, str]) -> str:
    """Substitute the variables a CI file defines (``script: $TEST_SUITE``), once: a value
    is not expanded again, and variables it does not define are left as written."""
    if not env or "$" not in script:
        return script

    def sub(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2) or match.group(3)
        return env.get(name, match.group(0))

    return _ENV_REF.sub(sub, script)
