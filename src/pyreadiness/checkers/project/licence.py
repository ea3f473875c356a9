"""Licence: a licence file whose text we recognise, agreeing with the packaging metadata."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch

from pyreadiness.checkers.project.fingerprints import PROPRIETARY, recognise
from pyreadiness.checkers.project.metadata import ProjectMeta
from pyreadiness.checkers.project.rules import finding, line_of
from pyreadiness.checkers.project.scoring import LICENCE_SCORES
from pyreadiness.checkers.project.spdx import families_of_text, family, parse_remembered
from pyreadiness.discover.inventory import Inventory
from pyreadiness.model import Finding, Severity
from pyreadiness.tools.cache import Cache

_NAMES = ("LICENSE", "LICENCE", "COPYING", "UNLICENSE", "COPYRIGHT")
_CLASSIFIER = "License :: "
_HELP_FILE = (
    "Add the licence text as LICENSE at the root (choosealicense.com), and declare it in "
    'pyproject.toml: license = "SPDX-ID" and license-files = ["LICENSE"] (PEP 639).'
)


@dataclass(frozen=True, kw_only=True)
class LicenceFile:
    path: str
    spdx: str | None  # recognised id, PROPRIETARY, or None (unrecognised or unreadable)
    readable: bool


@dataclass(frozen=True, kw_only=True)
class Licence:
    files: tuple[LicenceFile, ...]
    declared: frozenset[str]  # families the metadata names
    declared_by: str | None  # "license expression", "license text", "classifiers"...
    findings: tuple[Finding, ...]
    score: float
    detail: str


def licence_paths(inv: Inventory, meta: ProjectMeta | None) -> tuple[str, ...]:
    """Conventional licence files at the root, REUSE's LICENSES/, and declared globs."""
    found = {
        f.path
        for f in inv.files
        if ("/" not in f.path and f.path.upper().startswith(_NAMES))
        or f.path.startswith("LICENSES/")
    }
    if meta is not None:
        # license-files may also ship AUTHORS or NOTICE: only licence-named files are judged.
        for pattern in meta.license_files or ():
            found.update(
                p
                for p in inv.matching(pattern.lstrip("./"))
                if p.rsplit("/", 1)[-1].upper().startswith(_NAMES) or p.startswith("LICENSES/")
            )
        if meta.license_file and inv.has(meta.license_file):
            found.add(meta.license_file)
    return tuple(sorted(found))


def _read(inv: Inventory, rel: str) -> LicenceFile:
    text = inv.read_text(rel)
    if text is None:
        return LicenceFile(path=rel, spdx=None, readable=False)
    return LicenceFile(path=rel, spdx=recognise(text), readable=True)


def assess_licence(
    inv: Inventory, meta: ProjectMeta | None, cache: Cache, *, shared: bool
) -> Licence:
    """``shared``: the profile is meant to be used by others (library, CLI, monorepo)."""
    files = tuple(_read(inv, rel) for rel in licence_paths(inv, meta))
    out: list[Finding] = []
    declared, declared_by = _declared(meta, cache, out)
    if meta is not None:
        _check_license_files(inv, meta, out)
    for f in files:
        if not f.readable:
            out.append(
                finding(
                    "licence-unreadable",
                    Severity.LOW,
                    f"{f.path} is not readable as UTF-8 text: its licence cannot be checked",
                    path=f.path,
                    help="Keep the licence as plain UTF-8 text.",
                )
            )
        elif f.spdx is None:
            out.append(
                finding(
                    "licence-unrecognised",
                    Severity.LOW,
                    f"{f.path}: the text matches no known licence (docs/checks/project.md)",
                    path=f.path,
                    help="Use the unmodified text of a standard licence (choosealicense.com).",
                )
            )
    score, detail = _judge(files, meta, declared, declared_by, shared, out)
    return Licence(
        files=files,
        declared=declared,
        declared_by=declared_by,
        findings=tuple(out),
        score=score,
        detail=detail,
    )


def _judge(
    files: tuple[LicenceFile, ...],
    meta: ProjectMeta | None,
    declared: frozenset[str],
    declared_by: str | None,
    shared: bool,
    out: list[Finding],
) -> tuple[float, str]:
    """The component's score and detail (docs/checks/project.md, the licence table)."""
    if not files and not declared:
        out.append(
            finding(
                "licence-missing",
                Severity.HIGH if shared else Severity.LOW,
                "no licence: no LICENSE/COPYING file and none declared in the metadata; "
                "nobody may legally use, change or redistribute this code",
                help=_HELP_FILE,
            )
        )
        return LICENCE_SCORES["missing"], "no licence file, no licence in the metadata"
    if not files:
        out.append(
            finding(
                "licence-file-missing",
                Severity.MEDIUM if shared else Severity.LOW,
                f"the metadata declares a licence ({', '.join(sorted(declared))}) but the "
                "repository has no licence text; most licences require shipping it",
                path=meta.path if meta else None,
                help=_HELP_FILE,
            )
        )
        return LICENCE_SCORES["file-missing"], f"declared by {declared_by}, but no licence file"
    recognised = [f for f in files if f.spdx is not None]
    names = ", ".join(f"{f.path} ({f.spdx or 'unrecognised'})" for f in files)
    if not recognised:
        return LICENCE_SCORES["unrecognised"], f"{names}: text not recognised"
    text_families = frozenset(fam for f in recognised if f.spdx and (fam := family(f.spdx)))
    if declared and not (declared & text_families):
        out.append(_mismatch(meta, files, declared, declared_by))
        return LICENCE_SCORES["mismatch"], f"{names} disagrees with the metadata ({declared_by})"
    if any(f.rule == "licence-expression-invalid" for f in out):
        return LICENCE_SCORES[
            "expression-invalid"
        ], f"{names}; the metadata's licence expression is invalid"
    if not declared and meta is not None and shared:
        out.append(
            finding(
                "licence-metadata-missing",
                Severity.LOW,
                f"{meta.path} declares no licence, so package indexes and licence scanners "
                "show none",
                path=meta.path,
                help='Add license = "SPDX-ID" to [project] (PEP 639).',
            )
        )
        return LICENCE_SCORES["metadata-missing"], f"{names}; the packaging metadata declares none"
    agree = f", agrees with {declared_by}" if declared else ""
    return LICENCE_SCORES["agrees"], f"{names}{agree}"


def _mismatch(
    meta: ProjectMeta | None,
    files: tuple[LicenceFile, ...],
    declared: frozenset[str],
    declared_by: str | None,
) -> Finding:
    texts = ", ".join(f"{f.path} is {f.spdx}" for f in files if f.spdx)
    line = line_of(meta.text, "license", meta.header) if meta else None
    return finding(
        "licence-mismatch",
        Severity.MEDIUM,
        f"the licence text and the metadata disagree: {texts}, but {declared_by} says "
        f"{', '.join(sorted(declared))}",
        path=meta.path if meta else None,
        line=line,
        help="Make the metadata name the licence the text grants (or replace the text).",
    )


def _declared(
    meta: ProjectMeta | None, cache: Cache, out: list[Finding]
) -> tuple[frozenset[str], str | None]:
    """Families the metadata declares, preferring the PEP 639 expression."""
    if meta is None:
        return frozenset(), None
    classifiers = [c for c in meta.classifiers if c.startswith(_CLASSIFIER)]
    if meta.license_expression is not None:
        parsed = parse_remembered(meta.license_expression, cache)
        if parsed.error is not None:
            out.append(
                finding(
                    "licence-expression-invalid",
                    Severity.MEDIUM,
                    f"license = {meta.license_expression!r} is not a valid SPDX expression "
                    f"({parsed.error})",
                    path=meta.path,
                    line=line_of(meta.text, "license", meta.header),
                    help='Use SPDX ids (spdx.org/licenses), e.g. license = "MIT OR Apache-2.0".',
                )
            )
        if classifiers:
            out.append(
                finding(
                    "licence-classifier-redundant",
                    Severity.LOW,
                    "licence classifiers next to a PEP 639 licence expression: PEP 639 "
                    "deprecates them and build backends may refuse the pair",
                    path=meta.path,
                    line=line_of(meta.text, classifiers[0]),
                    help='Drop the "License ::" classifiers; the expression says it all.',
                )
            )
        fams = frozenset(f for k in parsed.keys if (f := family(k)))
        return fams, f"{meta.path} license expression"
    if meta.license_text:
        fams = families_of_text(meta.license_text, cache)
        if fams:
            return fams, f"{meta.path} license text"
    fams = frozenset(f for c in classifiers if (f := family(c.rsplit("::", 1)[-1])))
    if fams:
        return fams, f"{meta.path} classifiers"
    return frozenset(), None  # nothing, or only a file reference: the file itself is judged


def _check_license_files(inv: Inventory, meta: ProjectMeta, out: list[Finding]) -> None:
    for pattern in meta.license_files or ():
        if not any(fnmatch(f.path, pattern.lstrip("./")) for f in inv.files):
            out.append(
                finding(
                    "licence-files-unmatched",
                    Severity.MEDIUM,
                    f"license-files pattern {pattern!r} matches no file: the built package "
                    "would ship no licence text",
                    path=meta.path,
                    line=line_of(meta.text, pattern),
                    help="Fix the pattern or add the file it names.",
                )
            )
    if meta.license_file and not inv.has(meta.license_file):
        out.append(
            finding(
                "licence-files-unmatched",
                Severity.MEDIUM,
                f"license = {{file = {meta.license_file!r}}} names a file that does not exist",
                path=meta.path,
                line=line_of(meta.text, meta.license_file),
                help="Fix the path or add the file.",
            )
        )


__all__ = ["PROPRIETARY", "Licence", "LicenceFile", "assess_licence", "licence_paths"]
