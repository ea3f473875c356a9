"""Dockerfiles and Containerfiles, read with dockerfile-parse.

dockerfile-parse handles line continuations and the ``escape`` parser directive. Two things
it does not know are repaired here: heredocs (``RUN <<EOF ... EOF``, BuildKit) come back as
one "instruction" per body line, and a word it does not know as an instruction can only be
such a body line; both are folded back into the instruction they belong to.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from dockerfile_parse import DockerfileParser  # type: ignore[import-untyped]

#: Dockerfiles larger than this are not parsed (real ones are a few kB).
MAX_BYTES = 512 * 1024
INSTRUCTIONS = frozenset(
    {"FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
     "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
     "COMMENT"}
)  # fmt: skip
_HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True, kw_only=True)
class Instruction:
    name: str  # upper case
    value: str  # arguments, continuations joined
    line: int  # 1-based line of the instruction
    body: str = ""  # heredoc bodies, if any


@dataclass(frozen=True, kw_only=True)
class Stage:
    image: str  # as written after FROM, build arguments substituted where declared
    alias: str
    line: int
    instructions: tuple[Instruction, ...] = field(default=())


@dataclass(frozen=True, kw_only=True)
class ParsedDockerfile:
    stages: tuple[Stage, ...]
    global_args: dict[str, str]

    @property
    def final(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def has_healthcheck(self) -> bool:
        final = self.final
        return final is not None and any(
            i.name == "HEALTHCHECK" and i.value.strip().upper() != "NONE"
            for i in final.instructions
        )

    def entry_command(self) -> str:
        """The final stage's ENTRYPOINT and CMD, as written (for entry-point detection)."""
        final = self.final
        if final is None:
            return ""
        return " ".join(i.value for i in final.instructions if i.name in ("ENTRYPOINT", "CMD"))


class DockerfileError(ValueError):
    """The file cannot be read as a Dockerfile."""


def parse_dockerfile(data: bytes) -> ParsedDockerfile:
    if len(data) > MAX_BYTES:
        raise DockerfileError(f"larger than {MAX_BYTES // 1024} kB")
    try:
        data.decode("utf-8")
        raw = DockerfileParser(fileobj=io.BytesIO(data), env_replace=False).structure
    except UnicodeDecodeError:
        raise DockerfileError("not UTF-8 text") from None
    except Exception as exc:  # noqa: BLE001 - a third-party parser on untrusted input
        raise DockerfileError(f"dockerfile-parse failed: {exc}") from None
    return _stages(_fold(raw))


def _fold(raw: list[dict[str, object]]) -> list[Instruction]:
    heads: list[tuple[str, str, int]] = []
    bodies: list[list[str]] = []  # lines folded into each instruction (joined once, at the end)
    pending: list[str] = []  # heredoc terminators still open
    for item in raw:
        name = str(item.get("instruction", "")).upper()
        content = str(item.get("content", ""))
        if pending and heads:
            if content.strip() == pending[0]:
                pending.pop(0)
            else:
                bodies[-1].append(content)
            continue
        if name == "COMMENT":
            continue
        if name not in INSTRUCTIONS and heads:
            bodies[-1].append(content)  # a line of a construct dockerfile-parse does not know
            continue
        value = str(item.get("value", ""))
        heads.append((name, value, int(str(item.get("startline", 0))) + 1))
        bodies.append([])
        if name in ("RUN", "COPY", "ADD"):
            pending = _HEREDOC.findall(value)
    return [
        Instruction(name=name, value=value, line=line, body="".join(body))
        for (name, value, line), body in zip(heads, bodies, strict=True)
    ]


def _stages(instructions: list[Instruction]) -> ParsedDockerfile:
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    body: list[Instruction] = []
    head: Instruction | None = None
    for ins in instructions:
        if ins.name == "FROM":
            if head is not None:
                stages.append(_stage(head, body, global_args))
            head, body = ins, []
        elif head is None:
            if ins.name == "ARG":
                name, _, default = ins.value.strip().partition("=")
                global_args[name.strip()] = default.strip().strip("\"'")
        else:
            body.append(ins)
    if head is not None:
        stages.append(_stage(head, body, global_args))
    return ParsedDockerfile(stages=tuple(stages), global_args=global_args)


def _stage(head: Instruction, body: list[Instruction], args: dict[str, str]) -> Stage:
    words = [w for w in head.value.split() if not w.startswith("--")]
    image = substitute(words[0], args) if words else ""
    alias = words[2] if len(words) >= 3 and words[1].lower() == "as" else ""
    return Stage(image=image, alias=alias.lower(), line=head.line, instructions=tuple(body))


def substitute(text: str, args: dict[str, str]) -> str:
    """Build-argument references replaced by their declared defaults (unknown ones kept)."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(3)
        if args.get(name):
            return args[name]
        default = match.group(2)
        return default if default else match.group(0)

    return _VAR.sub(one, text)


@dataclass(frozen=True, kw_only=True)
class ImageRef:
    repository: str
    tag: str  # "" when untagged
    digest: str  # "" when not pinned by digest

    @property
    def floating(self) -> bool:
        """Untagged or ``latest``, and not pinned by digest."""
        return not self.digest and self.tag in ("", "latest")


def image_ref(image: str) -> ImageRef | None:
    """The parts of an image reference; None when it cannot be judged (a variable left)."""
    if not image or "$" in image or "{" in image:
        return None
    name, _, digest = image.partition("@")
    slash = name.rfind("/")
    colon = name.rfind(":")
    tag = name[colon + 1 :] if colon > slash else ""
    repository = name[:colon] if colon > slash else name
    return ImageRef(repository=repository.lower(), tag=tag, digest=digest)
