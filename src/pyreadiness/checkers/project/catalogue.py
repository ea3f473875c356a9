"""The project checker's rules (SARIF rule ``project/<rule>``): what ``pyreadiness
explain project/RULE`` prints and what SARIF gives code scanning as each rule's name, why and
fix. docs/checks/project.md gives each rule's severity and cost."""

from __future__ import annotations

from pyreadiness.model import RuleDoc

_ARTIFACT_WHY = (
    "Generated or binary files in version control go stale, bloat every clone, hide what the "
    "source really is and, for pickles and binaries, can run code when loaded."
)


def _artifact(title: str, fix: str) -> RuleDoc:
    return RuleDoc(title=title, why=_ARTIFACT_WHY, fix=fix, precision="very-high")


_RULES = {
    "licence-missing": RuleDoc(
        title="No licence",
        why="Without a licence nobody else may legally use, copy or change the code: an "
        "organisation cannot adopt it.",
        fix="Add a LICENSE file with the full text of a licence, and say so in the metadata "
        '(PEP 639: license = "MIT").',
        precision="very-high",
    ),
    "licence-file-missing": RuleDoc(
        title="Licence declared but no licence text",
        why="The metadata names a licence but the repository ships no text of it; most "
        "licences require the text to travel with the code.",
        fix="Add the licence's full text as LICENSE (or list it in license-files).",
    ),
    "licence-unreadable": RuleDoc(
        title="Licence file cannot be read",
        why="A licence nobody can read grants nothing that can be checked.",
        fix="Store the licence as UTF-8 text.",
        precision="very-high",
    ),
    "licence-unrecognised": RuleDoc(
        title="Licence text not recognised",
        why="A modified or custom licence needs a lawyer's reading before adoption.",
        fix="Use the unmodified text of a standard (SPDX) licence, or name it LicenseRef-... "
        "in the metadata.",
        precision="medium",
    ),
    "licenseref-proprietary": RuleDoc(
        title="Proprietary licence",
        why="A proprietary notice restricts use to its owner's terms.",
        fix="Nothing to fix if intended; otherwise choose an open licence.",
    ),
    "licence-mismatch": RuleDoc(
        title="Licence text and metadata disagree",
        why="Users and tools read the metadata; if it says another licence than the text, "
        "what applies is unclear.",
        fix="Make the license expression name the licence of the LICENSE file.",
    ),
    "licence-metadata-missing": RuleDoc(
        title="Licence not declared in the package metadata",
        why="Licence scanners and package indexes read the metadata, not the file.",
        fix='Declare it: license = "SPDX-ID" in [project] (PEP 639).',
    ),
    "licence-expression-invalid": RuleDoc(
        title="Invalid SPDX licence expression",
        why="Build backends and indexes reject or misread an expression that is not SPDX.",
        fix="Write a valid SPDX expression (e.g. MIT, Apache-2.0 OR MIT).",
        precision="very-high",
    ),
    "licence-files-unmatched": RuleDoc(
        title="license-files matches no licence file",
        why="The built distribution will ship without the licence text it promises.",
        fix="Fix the license-files globs so they match the licence files.",
        precision="very-high",
    ),
    "licence-classifier-redundant": RuleDoc(
        title="Licence classifiers beside a PEP 639 expression",
        why="PEP 639 deprecates License :: classifiers next to an expression; build backends "
        "may refuse the pair.",
        fix='Drop the "License ::" classifiers.',
        precision="very-high",
    ),
    "readme-missing": RuleDoc(
        title="No README",
        why="Nobody can tell what the repository is, how to install it or how to use it.",
        fix="Add a README with what it is, how to install it and how to use it.",
        precision="very-high",
    ),
    "readme-thin": RuleDoc(
        title="README of a few lines",
        why="A placeholder README tells an adopter nothing.",
        fix="Say what the project does, how to install it and how to use it.",
    ),
    "readme-incomplete": RuleDoc(
        title="README without install or usage",
        why="An adopter's first two questions go unanswered.",
        fix="Add an Installation and a Usage section (or code blocks showing both).",
        precision="medium",
    ),
    "readme-unreadable": RuleDoc(
        title="README cannot be read",
        why="A binary or undecodable README is no documentation.",
        fix="Store the README as UTF-8 text.",
        precision="very-high",
    ),
    "changelog-missing": RuleDoc(
        title="No changelog or release notes",
        why="Without one, upgrading means reading the commit log to find breaking changes.",
        fix="Keep a CHANGELOG.md (or configure release notes: towncrier, release-drafter...).",
    ),
    "security-policy-missing": RuleDoc(
        title="No security policy",
        why="Reporters do not know where to send a vulnerability privately. Often kept "
        "centrally by an organisation, so it only adds credit.",
        fix="Add SECURITY.md with a private contact and the supported versions.",
        precision="medium",
    ),
    "codeowners-invalid": RuleDoc(
        title="CODEOWNERS line that names no owner",
        why="Code hosts ignore the line: those paths get no required reviewer.",
        fix="Give each pattern an @user, @org/team or e-mail owner.",
    ),
    "codeowners-unknown-path": RuleDoc(
        title="CODEOWNERS path that does not exist",
        why="A rule for a path that is gone protects nothing and hides that the real path "
        "has no owner.",
        fix="Update or remove the stale pattern.",
    ),
    "metadata-missing": RuleDoc(
        title="No packaging metadata",
        why="A library or CLI that cannot be built and installed cannot be adopted as one.",
        fix="Declare [project] in pyproject.toml with a [build-system].",
    ),
    "metadata-incomplete": RuleDoc(
        title="Packaging metadata incomplete",
        why="Indexes, resolvers and reviewers read name, version, description, readme, "
        "requires-python, licence, classifiers and project URLs.",
        fix="Fill in the missing [project] fields.",
    ),
    "build-backend-missing": RuleDoc(
        title="No build backend declared",
        why="Without [build-system], pip falls back to legacy setuptools behaviour and the "
        "build is not reproducible.",
        fix="Declare [build-system] requires and build-backend in pyproject.toml.",
        precision="very-high",
    ),
    "pyproject-invalid": RuleDoc(
        title="pyproject.toml does not validate",
        why="Build tools reject metadata that breaks the packaging specifications.",
        fix="Fix the fields validate-pyproject names.",
        precision="very-high",
    ),
    "classifier-unknown": RuleDoc(
        title="Unknown trove classifier",
        why="PyPI refuses uploads with classifiers it does not know.",
        fix="Use classifiers from the trove-classifiers list.",
        precision="very-high",
    ),
    "classifier-deprecated": RuleDoc(
        title="Deprecated trove classifier",
        why="Deprecated classifiers are being retired by PyPI.",
        fix="Replace it with its successor from the trove-classifiers list.",
        precision="very-high",
    ),
    "python-eol": RuleDoc(
        title="Python version past end of life",
        why="An end-of-life Python gets no security fixes; supporting or running on it keeps "
        "users on an unpatched interpreter.",
        fix="Raise requires-python (and the CI matrix) to supported versions "
        "(devguide.python.org/versions).",
        precision="very-high",
    ),
    "python-untested": RuleDoc(
        title="Claimed Python version never tested",
        why="A version the metadata promises but no CI job runs may not work at all.",
        fix="Add it to the CI matrix, or stop claiming it.",
    ),
    "python-ci-outside-requires": RuleDoc(
        title="CI tests a Python that requires-python excludes",
        why="CI time spent on versions users cannot install on, or a requires-python that "
        "is too strict.",
        fix="Align the CI matrix with requires-python.",
    ),
    "requires-python-missing": RuleDoc(
        title="No requires-python",
        why="pip installs the project on any Python, including ones it cannot run on.",
        fix='Declare requires-python (e.g. ">=3.11") in [project].',
        precision="very-high",
    ),
    "requires-python-invalid": RuleDoc(
        title="requires-python is not a valid specifier",
        why="Installers cannot read it, so it restricts nothing.",
        fix='Write a PEP 440 specifier, e.g. ">=3.11".',
        precision="very-high",
    ),
    "python-target-mismatch": RuleDoc(
        title="Linter or type checker targets an excluded Python",
        why="ruff or mypy judge the code as a version requires-python does not allow, so "
        "they miss or invent problems.",
        fix="Set ruff target-version and mypy python_version to requires-python's floor.",
    ),
    "python-version-unquoted": RuleDoc(
        title="CI Python version written as a YAML number",
        why="YAML reads 3.10 as the number 3.1: the job runs another Python than intended.",
        fix='Quote the version: "3.10".',
        precision="very-high",
    ),
    "docs-config-missing": RuleDoc(
        title="No documentation build",
        why="A library or CLI without built documentation leaves its API to be read from the "
        "source.",
        fix="Add a Sphinx (docs/conf.py) or MkDocs (mkdocs.yml) configuration.",
        precision="medium",
    ),
    "docstrings-sparse": RuleDoc(
        title="Public API mostly undocumented",
        why="Users of modules, classes and functions without docstrings must read the code.",
        fix="Document the public modules, classes and functions.",
        precision="medium",
    ),
    "artifact-bytecode": _artifact(
        "Compiled bytecode committed", "Remove *.pyc and __pycache__/ and ignore them."
    ),
    "artifact-build-output": _artifact(
        "Build output committed", "Remove dist/, *.egg-info/ and .eggs/ and ignore them."
    ),
    "artifact-tool-cache": _artifact(
        "Tool cache or virtual environment committed",
        "Remove the tool's folder (.tox, .venv, .mypy_cache...) and ignore it.",
    ),
    "artifact-database": _artifact(
        "Database file committed",
        "Remove the database; create it from migrations or fixtures at start-up.",
    ),
    "artifact-pickle": _artifact(
        "Pickled object or model committed",
        "Keep models in an artifact store or a release asset with a checksum, not in git.",
    ),
    "artifact-binary": _artifact(
        "Binary or executable committed", "Build it in CI; publish it as a release asset."
    ),
    "artifact-large-file": _artifact(
        "Large file committed", "Move it to Git LFS or an artifact store."
    ),
}

#: Keyed by the bare rule: the project checker's findings carry it without the check prefix.
RULES = dict(_RULES)
