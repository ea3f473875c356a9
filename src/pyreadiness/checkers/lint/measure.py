"""The three ruff runs: the fixed rule set, the repository's own configuration, formatting."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyreadiness.checkers.interface import CheckContext
from pyreadiness.checkers.lint.extend import unsafe_extend
from pyreadiness.checkers.lint.gates import LintGate
from pyreadiness.checkers.lint.repo_config import RepoLintConfig
from pyreadiness.checkers.lint.ruff import Diagnostic, Ruff, run_per_file, stderr_reason
from pyreadiness.checkers.lint.rules import IGNORE, SELECT, SHARED_SELECT, SYNTAX_ERROR
from pyreadiness.discover.classify import FileKind
from pyreadiness.tools.cache import make_key
from pyreadiness.tools.process import ToolFailed

#: ``ruff format --check --output-format json`` is stable from this release on.
FORMAT_JSON_SINCE = (0, 16, 0)
_TOML_LINE = re.compile(r"at line (\d+)")


def fixed_args(target_version: str) -> list[str]:
    """The comparable run: our rule set, the repository's configuration ignored, plus the
    rules it carries for operability (``SHARED_SELECT``, left out of lint's score)."""
    return [
        "check",
        "--isolated",
        "--no-cache",
        "--output-format",
        "json",
        "--select",
        ",".join((*SELECT, *SHARED_SELECT)),
        "--ignore",
        ",".join(IGNORE),
        "--target-version",
        target_version,
    ]


def run_fixed(
    ctx: CheckContext, ruff: Ruff, config: RepoLintConfig, paths: Sequence[str]
) -> dict[str, tuple[Diagnostic, ...]]:
    return run_per_file(ctx, ruff, fixed_args(config.target_version), paths)


@dataclass(frozen=True, kw_only=True)
class OwnConfig:
    """``ruff check`` as the repository configures it."""

    status: str  # "passes", "fails", "invalid" (ruff refused it) or "unverifiable"
    violations: Mapping[str, int]  # count by rule code
    reason: str = ""  # what ruff said when it refused the configuration
    line: int | None = None  # where in the configuration file, when ruff said

    @property
    def total(self) -> int:
        return sum(self.violations.values())


def own_config_args() -> list[str]:
    """``ruff check`` as the repository configures it (ruff finds the configuration)."""
    return ["check", "--no-cache", "--no-fix", "--output-format", "json", "--force-exclude"]


def run_own_config(ctx: CheckContext, ruff: Ruff, config: RepoLintConfig) -> OwnConfig:
    inventory = ctx.inventory
    refused = unsafe_extend(inventory, config.config_files)
    if refused is not None:
        return OwnConfig(status="unverifiable", violations={}, reason=refused)
    paths = inventory.paths(FileKind.SOURCE, FileKind.TEST, FileKind.AUX, FileKind.STUB)
    # Rules such as isort's first-party detection look at which files exist, so the
    # listing is part of the key; a content change still reruns that one file alone.
    # Hashed once here: every file's key would otherwise hash the whole listing again.
    listing = make_key(*sorted(f.path for f in inventory.files))
    key_parts = (inventory.fingerprint(config.config_files), listing)
    try:
        found = run_per_file(ctx, ruff, own_config_args(), paths, key_parts=key_parts)
    except ToolFailed as exc:
        reason = stderr_reason(exc.stderr, ctx.root) or str(exc)
        if "Required version" in exc.stderr:
            # The project pins another ruff release; its gate may well pass with that one.
            return OwnConfig(status="unverifiable", violations={}, reason=reason)
        line = _TOML_LINE.search(reason)
        return OwnConfig(
            status="invalid",
            violations={},
            reason=reason,
            line=int(line[1]) if line else None,
        )
    counts = Counter(d.code for diagnostics in found.values() for d in diagnostics)
    return OwnConfig(status="fails" if counts else "passes", violations=dict(counts))


def pinned_elsewhere(own: OwnConfig, gate: LintGate, ours: str) -> OwnConfig:
    """A gate that fails or cannot load under our ruff, while the project pins another
    release, is unverifiable: rules and settings differ between releases, and its own
    release may well pass."""
    if own.status not in ("fails", "invalid") or gate.ruff_pin in (None, ours):
        return own
    verdict = f"fails with {own.total} violations" if own.status == "fails" else "cannot be loaded"
    reason = (
        f"the project pins ruff {gate.ruff_pin} ({gate.ruff_pin_source}); its gate {verdict} "
        f"under ruff {ours}"
    )
    return OwnConfig(status="unverifiable", violations=own.violations, reason=reason)


@dataclass(frozen=True, kw_only=True)
class Formatting:
    style: str  # "ruff", "black" or "default"
    checked: int  # files ruff could parse, the denominator
    unformatted: tuple[str, ...]
    note: str = ""


def format_args(config: RepoLintConfig, *, use_own_config: bool) -> list[str]:
    """``ruff format --check`` options: the repository's own ruff style when it has one and
    ruff can load it (``use_own_config``), else black's options translated, else defaults."""
    base = ["format", "--check", "--no-cache", "--output-format", "json"]
    if config.format_style == "ruff" and use_own_config:
        return [*base, "--force-exclude"]
    isolated = ["--isolated", "--target-version", config.target_version]
    return [*base, *isolated, *config.format_options]


def run_format(
    ctx: CheckContext,
    ruff: Ruff,
    config: RepoLintConfig,
    paths: Sequence[str],
    *,
    use_own_config: bool,
) -> Formatting:
    """``ruff format --check`` in the style the repository asks for.

    With its own ruff configuration that configuration decides (ruff's configuration is
    data, never code); otherwise black's options translated, else ruff's defaults.
    """
    args = format_args(config, use_own_config=use_own_config)
    style = config.format_style
    note = ""
    if style == "ruff" and use_own_config:
        key_parts: tuple[str, ...] = (ctx.inventory.fingerprint(config.config_files),)
    else:
        if style == "ruff":
            note = "the repository's ruff configuration cannot be loaded"
        style = config.isolated_style
        key_parts = ()
    # Exit 2 comes with files ruff cannot parse; those are listed in the JSON as errors.
    found = run_per_file(ctx, ruff, args, paths, key_parts=key_parts, ok_codes=(0, 1, 2))
    unformatted = sorted(
        rel for rel, diags in found.items() if any(d.code == "unformatted" for d in diags)
    )
    failed = {rel for rel, diags in found.items() if any(d.code != "unformatted" for d in diags)}
    return Formatting(
        style=style,
        checked=len(found) - len(failed),
        unformatted=tuple(r for r in unformatted if r not in failed),
        note=note,
    )


def syntax_error_files(found: Mapping[str, Sequence[Diagnostic]]) -> list[str]:
    return sorted(rel for rel, diags in found.items() if any(d.code == SYNTAX_ERROR for d in diags))
