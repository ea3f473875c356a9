"""Jenkins: the ``Jenkinsfile`` at the root, read as text (Groovy is not parsed).

``sh``/``bat``/``powershell`` steps are found with a regular expression over their string
argument. ``sh`` runs ``sh -xe``, so a failing command stops it. ``returnStatus: true``
hands the exit code to the script instead of failing, and ``catchError(buildResult:
'SUCCESS')`` blocks swallow failures: such steps do not count.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pyreadiness.checkers.ci.model import Step, System, finding
from pyreadiness.checkers.ci.systems.common import Extraction
from pyreadiness.model import Severity

if TYPE_CHECKING:
    from pyreadiness.discover.inventory import Inventory

_STEP = re.compile(
    r"\b(sh|bat|powershell|pwsh)\b\s*\(?\s*(?:script\s*:\s*)?"
    r"('''|\"\"\"|'|\")"
)
_CATCH = re.compile(r"\bcatchError\s*\(([^)]*)\)\s*\{")


def _string_end(text: str, start: int, quote: str) -> int:
    index = start
    while True:
        index = text.find(quote, index)
        if index < 0:
            return len(text)
        if len(quote) == 3 or text[index - 1] != "\\":
            return index
        index += 1


def _block_end(text: str, open_brace: int) -> int:
    depth = 0
    for index in range(open_brace, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def extract(inventory: Inventory, paths: list[str]) -> Extraction:
    out = Extraction(system=System.JENKINS)
    for path in paths:
        out.files.append(path)
        text = inventory.read_text(path)
        if text is None:
            out.invalid.append(path)
            out.findings.append(
                finding(
                    "ci-config-invalid",
                    Severity.MEDIUM,
                    f"{path} is not readable as UTF-8 text; nothing in it was counted",
                    path=path,
                    help="Save the Jenkinsfile as UTF-8 text.",
                )
            )
            continue
        out.documents[path] = text
        swallowed = [
            (m.end() - 1, _block_end(text, m.end() - 1))
            for m in _CATCH.finditer(text)
            if re.search(r"buildResult\s*:\s*['\"]SUCCESS['\"]", m.group(1))
        ]
        for match in _STEP.finditer(text):
            quote = match.group(2)
            begin = match.end()
            end = _string_end(text, begin, quote)
            script = text[begin:end]
            after = text[end : end + 200].split(")", 1)[0]
            no_fail = ""
            if re.search(r"returnStatus\s*:\s*true", after):
                no_fail = "`returnStatus: true` hands the exit code back instead of failing"
            elif any(lo < match.start() < hi for lo, hi in swallowed):
                no_fail = "inside `catchError(buildResult: 'SUCCESS')`"
            out.steps.append(
                Step(
                    system=System.JENKINS,
                    path=path,
                    line=text.count("\n", 0, match.start()) + 1,
                    script=script,
                    script_line=text.count("\n", 0, begin) + 1,
                    errexit=True,
                    no_fail=no_fail,
                )
            )
    return out
