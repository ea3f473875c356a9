"""The Dockerfile rules (rules.py names them; docs/checks/deployment.md gives their sources)."""

from __future__ import annotations

import datetime
import re
import shlex

from pyreadiness.checkers.deployment import rules
from pyreadiness.checkers.deployment.dockerfile import (
    Instruction,
    ParsedDockerfile,
    Stage,
    image_ref,
)
from pyreadiness.checkers.deployment.eol import eol_reason
from pyreadiness.checkers.deployment.secrets import is_secret_name
from pyreadiness.model import Finding

_ROOT_USERS = frozenset({"root", "0", "root:root", "0:0", "root:0", "0:root"})
#: Base images that already run as an unprivileged user (Chainguard's do by default;
#: distroless images run as root unless their tag says nonroot, which is checked apart).
_NON_ROOT_IMAGES = ("cgr.dev/chainguard/",)
_SHELL_SPLIT = re.compile(r"&&|\|\||;|\||\n")
#: pip options that take a value (the value is not a package to install).
_PIP_VALUED = frozenset(
    {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
     "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root",
     "--platform", "--python-version", "--implementation", "--abi", "--trusted-host",
     "--cache-dir", "--src", "--upgrade-strategy", "--progress-bar", "--only-binary",
     "--no-binary", "-C", "--config-settings", "--global-option", "--report", "--log",
     "--python", "-p", "--group"}
)  # fmt: skip
#: Installers themselves: upgrading them unpinned is common and harmless to the app.
_PIP_EXEMPT = frozenset({"pip", "setuptools", "wheel"})
_PACKAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._ -]*\])?$")
_RANGE_ONLY = re.compile(r"^[A-Za-z0-9][\w.\[\]-]*\s*(?:>=|>|~=|<|<=|!=)")
_BUILD_TOOLS = re.compile(
    r"^(?:gcc|g\+\+|clang|build-essential|build-base|make|cargo|rustc|[\w.+-]+-(?:dev|devel))$"
)
_PACKAGE_MANAGERS = (("apt-get", "install"), ("apt", "install"), ("apk", "add"),
                     ("yum", "install"), ("dnf", "install"), ("microdnf", "install"))  # fmt: skip


def check_dockerfile(
    path: str, parsed: ParsedDockerfile, *, probes_elsewhere: bool, today: datetime.date
) -> list[Finding]:
    findings: list[Finding] = []
    aliases = {s.alias for s in parsed.stages if s.alias}
    for stage in parsed.stages:
        findings += _base_image(path, stage, aliases, today)
        for ins in stage.instructions:
            findings += _instruction(path, ins)
    final = parsed.final
    if final is not None:
        findings += _user(path, parsed, final)
        if not parsed.has_healthcheck() and not probes_elsewhere:
            findings.append(rules.DOCKER_NO_HEALTHCHECK.finding(path, final.line, "no HEALTHCHECK"))
        if len(parsed.stages) == 1:
            findings += _single_stage_build(path, final)
    return findings


def _base_image(path: str, stage: Stage, aliases: set[str], today: datetime.date) -> list[Finding]:
    if stage.image.lower() in aliases or stage.image.lower() == "scratch":
        return []
    ref = image_ref(stage.image)
    if ref is None:
        return []
    found = []
    if ref.floating:
        what = "untagged" if not ref.tag else "tagged latest"
        found.append(
            rules.DOCKER_UNPINNED_BASE.finding(
                path, stage.line, f"base image {stage.image} is {what}"
            )
        )
    reason = eol_reason(ref.repository, ref.tag, today)
    if reason:
        found.append(
            rules.DOCKER_EOL_BASE.finding(path, stage.line, f"base image {stage.image}: {reason}")
        )
    return found


def _instruction(path: str, ins: Instruction) -> list[Finding]:
    if ins.name == "ADD":
        words = ins.value.split()
        if any(w.startswith(("http://", "https://")) for w in words) and not any(
            w.startswith("--checksum") for w in words
        ):
            return [rules.DOCKER_ADD_URL.finding(path, ins.line, "ADD of a URL")]
    if ins.name in ("ENV", "ARG"):
        return _secrets(path, ins)
    if ins.name == "RUN":
        return _run(path, ins)
    return []


def _key_values(ins: Instruction) -> list[tuple[str, str | None]]:
    try:
        words = shlex.split(ins.value, posix=True)
    except ValueError:
        words = ins.value.split()
    if ins.name == "ENV" and words and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]  # legacy form: ENV KEY value
    pairs: list[tuple[str, str | None]] = []
    for word in words:
        key, eq, value = word.partition("=")
        pairs.append((key, value if eq else None))
    return pairs


def _secrets(path: str, ins: Instruction) -> list[Finding]:
    found = []
    for key, value in _key_values(ins):
        if not is_secret_name(key):
            continue
        if value and not value.startswith("$"):
            found.append(
                rules.DOCKER_SECRET_VALUE.finding(path, ins.line, f"{ins.name} {key} has a value")
            )
        else:
            found.append(rules.DOCKER_SECRET_ARG.finding(path, ins.line, f"{ins.name} {key}"))
    return found


def _commands(ins: Instruction) -> list[list[str]]:
    text = ins.value + "\n" + ins.body
    commands = []
    for part in _SHELL_SPLIT.split(text):
        try:
            words = shlex.split(part, posix=True)
        except ValueError:
            words = part.split()
        if words:
            commands.append(words)
    return commands


def _run(path: str, ins: Instruction) -> list[Finding]:
    found = []
    commands = _commands(ins)
    apt_install = False
    for words in commands:
        unpinned = _unpinned_pip(words)
        if unpinned:
            found.append(
                rules.DOCKER_PIP_UNPINNED.finding(
                    path, ins.line, f"pip install of {', '.join(unpinned)} without a version"
                )
            )
        if _is_install(words, ("apt-get", "apt"), "install"):
            apt_install = True
            if "--no-install-recommends" not in words and not any(
                "Install-Recommends" in w for w in words
            ):
                found.append(rules.DOCKER_APT_RECOMMENDS.finding(path, ins.line, "apt-get install"))
    text = ins.value + ins.body
    if apt_install and "/var/lib/apt/lists" not in text and "type=cache" not in text:
        found.append(rules.DOCKER_APT_LISTS.finding(path, ins.line, "apt-get install"))
    return found


def _is_install(words: list[str], tools: tuple[str, ...], verb: str) -> bool:
    return any(w in tools for w in words[:3]) and verb in words


def _unpinned_pip(words: list[str]) -> list[str]:
    """The packages a ``pip install`` names without pinning an exact version."""
    if "install" not in words:
        return []
    at = words.index("install")
    before = words[:at]
    if not any(w in ("pip", "pip3") or w.endswith(("/pip", "/pip3")) for w in before):
        return []
    unpinned = []
    skip = False
    for word in words[at + 1 :]:
        if skip:
            skip = False
            continue
        if word.startswith("-"):
            skip = word in _PIP_VALUED
            continue
        bare = _PACKAGE_NAME.match(word) and word.split("[")[0].lower() not in _PIP_EXEMPT
        if bare or _RANGE_ONLY.match(word):
            unpinned.append(word)
    return unpinned


def _user(path: str, parsed: ParsedDockerfile, final: Stage) -> list[Finding]:
    stage: Stage | None = final
    seen = 0
    by_alias = {s.alias: s for s in parsed.stages if s.alias}
    while stage is not None and seen < len(parsed.stages):
        seen += 1
        users = [i for i in stage.instructions if i.name == "USER"]
        if users:
            last = users[-1]
            if last.value.strip().lower() in _ROOT_USERS:
                return [rules.DOCKER_ROOT_USER.finding(path, last.line, "the last USER is root")]
            return []
        image = stage.image.lower()
        if image.startswith(_NON_ROOT_IMAGES) or "nonroot" in image:
            return []
        stage = by_alias.get(image)
    return [rules.DOCKER_ROOT_USER.finding(path, final.line, "no USER in the final stage")]


def _single_stage_build(path: str, stage: Stage) -> list[Finding]:
    for ins in stage.instructions:
        if ins.name != "RUN":
            continue
        for words in _commands(ins):
            if any(_is_install(words, (tool,), verb) for tool, verb in _PACKAGE_MANAGERS):
                tools = sorted({w for w in words if _BUILD_TOOLS.match(w)})
                if tools:
                    detail = f"build tools ({', '.join(tools[:3])}) in a single-stage image"
                    return [rules.DOCKER_SINGLE_STAGE_BUILD.finding(path, ins.line, detail)]
    return []
