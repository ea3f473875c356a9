"""Governance files: a changelog (or release-notes tooling), a security policy, a
contributing guide and CODEOWNERS whose paths exist.

Organisations often keep SECURITY.md, CONTRIBUTING.md and CODEOWNERS-like rules centrally
(GitHub's organisation ``.github`` repository, a company handbook), so their absence here is
no proof they are missing: they only add credit (docs/checks/project.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatch

from pyreadiness.checkers.project.rules import finding
from pyreadiness.discover.inventory import Inventory
from pyreadiness.model import Finding, Severity

#: Folders where GitHub and GitLab look for community files, besides the root.
COMMUNITY_DIRS = ("", ".github/", "docs/", ".gitlab/")
_CHANGELOG_STEMS = ("CHANGELOG", "CHANGES", "HISTORY", "NEWS", "RELEASE-NOTES", "RELEASE_NOTES")
#: Release-notes tooling: its configuration is a changelog in the making.
_RELEASE_NOTES_CONFIG = (
    ".github/release.yml",
    ".github/release.yaml",
    ".github/release-drafter.yml",
    "towncrier.toml",
    "cliff.toml",
    "release-please-config.json",
    ".changeset/config.json",
)
_RELEASE_NOTES_TOOLS = ("towncrier", "semantic_release", "git-cliff", "changelog_gen", "scriv")
#: Owners GitHub/GitLab accept: @user, @org/team, @group/subgroup, an e-mail address.
_OWNER = re.compile(r"^(@[\w.-]+(/[\w./-]+)?|[^@\s]+@[^@\s]+\.[A-Za-z]{2,})$")
_SECTION = re.compile(r"^\^?\[[^\]]+\](\[\d+\])?(\s+\S+)*$")
#: Longer owners are not checked against the pattern (and are invalid).
MAX_OWNER = 200
#: Glob rules checked against the tree (each is a scan); later ones are taken as valid.
MAX_GLOB_SCANS = 300
#: CODEOWNERS lines read; a larger file is judged on its first lines.
MAX_CODEOWNERS_LINES = 5_000


def community_file(inv: Inventory, stem: str) -> str | None:
    """``stem`` (SECURITY, CONTRIBUTING...) with any suffix, in the community folders."""
    for folder in COMMUNITY_DIRS:
        for f in inv.files:
            rest = f.path[len(folder) :] if f.path.startswith(folder) else None
            if rest and "/" not in rest and rest.upper().split(".", 1)[0] == stem:
                return f.path
    return None


def find_changelog(inv: Inventory) -> str | None:
    for stem in _CHANGELOG_STEMS:
        found = community_file(inv, stem)
        if found:
            return found
    for f in inv.files:
        lowered = f.path.lower()
        if lowered.startswith(("docs/", "doc/")) and any(
            s.lower() in lowered.rsplit("/", 1)[-1] for s in (*_CHANGELOG_STEMS, "whatsnew")
        ):
            return f.path
    for name in _RELEASE_NOTES_CONFIG:
        if inv.has(name):
            return name
    doc = inv.toml("pyproject.toml")
    tool = doc.data.get("tool") if doc is not None and doc.data is not None else None
    if isinstance(tool, dict):
        for name in _RELEASE_NOTES_TOOLS:
            if name in tool:
                return f"pyproject.toml [tool.{name}]"
    return None


@dataclass(frozen=True, kw_only=True)
class Codeowners:
    path: str
    rules: int  # lines that assign owners
    valid: int  # rules whose pattern matches a file and whose owners are well formed
    findings: tuple[Finding, ...]


def find_codeowners(inv: Inventory) -> str | None:
    for folder in (".github/", "", "docs/", ".gitlab/"):
        if inv.has(folder + "CODEOWNERS"):
            return folder + "CODEOWNERS"
    return None


def assess_codeowners(inv: Inventory, path: str) -> Codeowners:
    text = inv.read_text(path)
    if text is None:
        return Codeowners(
            path=path,
            rules=1,
            valid=0,
            findings=(
                finding(
                    "codeowners-invalid",
                    Severity.LOW,
                    f"{path} is not UTF-8 text: no review is routed by it",
                    path=path,
                ),
            ),
        )
    tree = _tree(inv)
    scans = 0
    out: list[Finding] = []
    rules = valid = 0
    for number, raw in enumerate(text.splitlines()[:MAX_CODEOWNERS_LINES], start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#") or _SECTION.match(line):
            continue
        rules += 1
        pattern, *owners = line.split()
        bad = [o for o in owners if len(o) > MAX_OWNER or not _OWNER.match(o)]
        if bad or pattern.startswith("!") or "[" in pattern:
            out.append(
                finding(
                    "codeowners-invalid",
                    Severity.LOW,
                    f"{path}:{number}: not a valid rule ({line[:80]!r}): "
                    + (
                        f"owner {bad[0][:40]!r} is no @user, @org/team or e-mail"
                        if bad
                        else "negation and brackets are not supported"
                    ),
                    path=path,
                    line=number,
                    help="Each line is a path pattern followed by @user, @org/team or e-mails.",
                )
            )
        elif (scans := scans + _is_glob(pattern)) <= MAX_GLOB_SCANS and not _matches_any(
            pattern, tree
        ):
            out.append(
                finding(
                    "codeowners-unknown-path",
                    Severity.LOW,
                    f"{path}:{number}: {pattern!r} matches no file in the repository",
                    path=path,
                    line=number,
                    help="Remove or fix the rule: it routes no review.",
                )
            )
        else:
            valid += 1
    return Codeowners(path=path, rules=rules, valid=valid, findings=tuple(out))


def _is_glob(pattern: str) -> int:
    return int(any(ch in pattern for ch in "*?"))


@dataclass(frozen=True, kw_only=True)
class _Tree:
    """Every file and every folder above one, and their names, for pattern lookups."""

    paths: frozenset[str]
    names: frozenset[str]


def _tree(inv: Inventory) -> _Tree:
    paths: set[str] = set()
    for f in inv.files:
        parts = f.path.split("/")
        paths.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return _Tree(paths=frozenset(paths), names=frozenset(p.rsplit("/", 1)[-1] for p in paths))


def _matches_any(pattern: str, tree: _Tree) -> bool:
    """gitignore-style: a slash at the start or in the middle anchors at the root;
    otherwise the pattern matches a name at any depth. ``*`` may cross folders here
    (a looser match only risks missing a dead rule, never inventing one)."""
    body = pattern.strip("/")
    if body in ("", "*", "**"):
        return True
    anchored = pattern.startswith("/") or "/" in body
    body = body.replace("**/", "*").replace("/**", "/*")
    if not any(ch in body for ch in "*?"):  # a plain path: a set lookup, not a scan
        return body in (tree.paths if anchored else tree.names)
    if anchored:
        return any(fnmatch(c, body) for c in tree.paths)
    return any(fnmatch(name, body) for name in tree.names)
