"""Load CI YAML safely, keeping line numbers, and reading it the way CI services do.

PyYAML's safe loader is used with two changes: booleans are YAML 1.2's (``true``/``false``
only), because CI services read GitHub's ``on:`` key as the string "on", not True; and
unknown local tags such as GitLab's ``!reference`` become :class:`Tagged` values instead of
errors. Strings, mappings and lists carry the 1-based line they start on, so findings can
point at the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pyreadiness.discover.inventory import Inventory


class LStr(str):
    """A YAML string with its file and line; ``block`` when written as a ``|``/``>`` block."""

    path: str = ""
    line: int = 0
    block: bool = False


class LDict(dict[Any, Any]):
    path: str = ""
    line: int = 0


class LList(list[Any]):
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Tagged:
    """A value under an application tag (``!reference [.setup, script]``)."""

    tag: str
    value: Any
    line: int


@dataclass(frozen=True, kw_only=True)
class YamlDoc:
    path: str
    data: Any
    error: str | None = None
    line: int | None = None


#: Alias references one file may make. PyYAML shares an aliased node instead of copying
#: it, so loading stays cheap, but anything that walks the result without remembering what
#: it has seen (a "billion laughs" file: ten aliases to ten aliases, nine levels deep)
#: would visit 10^9 nodes. Real CI and Kubernetes files use a few dozen.
MAX_ALIASES = 1000
#: Multi-document files (Kubernetes manifests) larger than this are not parsed.
MAX_YAML_BYTES = 2_000_000
#: Brackets open at once beyond which a file is not parsed: PyYAML's scanner does work
#: proportional to the open flow levels on every token, so 50,000 "[" take seconds and a
#: 2 MB file of them would not end. Real files nest a handful.
MAX_FLOW_DEPTH = 200


def nesting_exceeds(text: str, limit: int, opening: str = "[{", closing: str = "]}") -> bool:
    """Brackets open at once beyond ``limit``, in one linear pass (brackets inside strings
    count too: only a file with hundreds of unbalanced ones in its strings is refused by
    mistake). Parsers of nested syntax (PyYAML's scanner, lark) slow down or recurse with
    depth, so hostile files are refused before parsing."""
    depth = 0
    pattern = re.compile("[" + re.escape(opening + closing) + "]")
    for match in pattern.finditer(text):
        depth += 1 if match.group() in opening else -1
        if depth > limit:
            return True
    return False


def _too_deep(text: str) -> bool:
    return nesting_exceeds(text, MAX_FLOW_DEPTH)


#: Nodes a document may expand to, counting each use of an alias in full: "billion laughs"
#: (nine aliases of nine aliases, nine levels deep) is 9**9 nodes from a few hundred bytes.
#: The largest real CI file we know (a 3,000-line GitLab configuration) expands to ~40,000.
MAX_EXPANDED_NODES = 1_000_000


class YamlBombError(yaml.YAMLError):
    """The document expands beyond :data:`MAX_EXPANDED_NODES`, or an alias refers to itself."""


class BoundedSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` whose composer counts what aliases expand to and refuses
    recursive aliases.

    PyYAML shares an aliased node rather than copying it, so loading a bomb is cheap; every
    walk over the result afterwards is not. Each node's expanded size (itself plus its
    children, an alias counting as the whole node it names) is known once composed.
    """

    max_expanded: int | None = MAX_EXPANDED_NODES

    def compose_document(self) -> Any:
        self._expanded: dict[int, int] = {}
        self._open_anchors: set[str] = set()
        return super().compose_document()

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.events.AliasEvent):
            anchor = self.peek_event().anchor  # type: ignore[no-untyped-call]
            if anchor in self._open_anchors:
                raise YamlBombError(f"recursive alias *{anchor}: refused")
        return super().compose_node(parent, index)

    def compose_sequence_node(self, anchor: Any) -> Any:
        return self._sized(super().compose_sequence_node, anchor)

    def compose_mapping_node(self, anchor: Any) -> Any:
        return self._sized(super().compose_mapping_node, anchor)

    def _sized(self, compose: Any, anchor: str | None) -> Any:
        line = self.peek_event().start_mark.line + 1  # type: ignore[no-untyped-call]
        if anchor is not None:
            self._open_anchors.add(anchor)
        try:
            node = compose(anchor)
        finally:
            if anchor is not None:
                self._open_anchors.discard(anchor)
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = [part for pair in node.value for part in pair]
        size = 1 + sum(self._expanded.get(id(child), 1) for child in children)
        self._expanded[id(node)] = size
        if self.max_expanded is not None and size > self.max_expanded:
            raise YamlBombError(
                f"aliases expand this document beyond {self.max_expanded:,} nodes "
                f"(from line {line}): refused"
            )
        return node


def safe_load_bounded(text: str) -> Any:
    """``yaml.safe_load`` that raises a YAMLError on an alias bomb, a recursive alias, or
    nesting deeper than the parser can follow (instead of RecursionError / MemoryError)."""
    if _too_deep(text):
        raise YamlBombError("nested too deeply to read")
    loader = BoundedSafeLoader(text)
    try:
        return loader.get_single_data()
    except (RecursionError, MemoryError):
        raise YamlBombError("nested too deeply to read") from None
    finally:
        loader.dispose()


class _Loader(yaml.SafeLoader):
    source_path = ""  # set per parse: every value remembers the file it came from
    aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases: not read")
        return super().compose_node(parent, index)


_BOOL_TAG = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> LStr:
    value = LStr(loader.construct_scalar(node))
    value.path = loader.source_path
    value.line = _line(node)
    value.block = node.style in ("|", ">")
    return value


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Iterator[LDict]:
    data = LDict()
    data.path = loader.source_path
    data.line = _line(node)
    yield data  # yielded before filling, so recursive aliases resolve like PyYAML's own
    data.update(loader.construct_mapping(node))


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> Iterator[LList]:
    data = LList()
    data.path = loader.source_path
    data.line = _line(node)
    yield data
    data.extend(loader.construct_sequence(node))


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = _construct_str(loader, node)
    elif isinstance(node, yaml.SequenceNode):
        value = LList(loader.construct_sequence(node, deep=True))
    elif isinstance(node, yaml.MappingNode):
        value = LDict(loader.construct_mapping(node, deep=True))
    else:
        value = None
    return Tagged(tag="!" + suffix, value=value, line=_line(node))


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_multi_constructor("!", _construct_tagged)


def parse_yaml(path: str, text: str) -> YamlDoc:
    """Parse one document; a syntax error becomes ``error`` with its line, never an exception."""
    if _too_deep(text):
        return YamlDoc(path=path, data=None, error="nested too deeply to read")
    loader = _Loader(text)
    loader.source_path = path
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        problem = _describe(exc)
        return YamlDoc(path=path, data=None, error=str(problem), line=line)
    except yaml.YAMLError as exc:
        return YamlDoc(path=path, data=None, error=str(exc).splitlines()[0])
    except RecursionError:
        return YamlDoc(path=path, data=None, error="nested too deeply to read")
    finally:
        loader.dispose()
    return YamlDoc(path=path, data=data)


def parse_yaml_all(path: str, text: str) -> tuple[YamlDoc, ...]:
    """Every document of a ``---``-separated stream (Kubernetes manifests), bounded.

    A syntax error ends the stream: the documents before it are kept and one last
    ``YamlDoc`` carries the error and its line.
    """
    if len(text) > MAX_YAML_BYTES:
        return (YamlDoc(path=path, data=None, error=f"larger than {MAX_YAML_BYTES} bytes"),)
    if _too_deep(text):
        return (YamlDoc(path=path, data=None, error="nested too deeply to read"),)
    loader = _Loader(text)
    loader.source_path = path
    docs: list[YamlDoc] = []
    try:
        while loader.check_data():  # type: ignore[no-untyped-call]
            docs.append(YamlDoc(path=path, data=loader.get_data()))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        docs.append(YamlDoc(path=path, data=None, error=_describe(exc), line=line))
    except yaml.YAMLError as exc:
        docs.append(YamlDoc(path=path, data=None, error=str(exc).splitlines()[0]))
    except RecursionError:
        docs.append(YamlDoc(path=path, data=None, error="nested too deeply to read"))
    finally:
        loader.dispose()
    return tuple(docs)


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem, context = exc.problem or "", exc.context or ""
    if problem and context:
        joiner = ", " if problem.startswith("but ") else ": "
        return context + joiner + problem
    return problem or context or "invalid YAML"


def load_yaml(inventory: Inventory, rel: str) -> YamlDoc:
    text = inventory.read_text(rel)
    if text is None:
        return YamlDoc(path=rel, data=None, error="not readable as UTF-8 text")
    return parse_yaml(rel, text)


# -- tolerant accessors: CI files are user input, any key may hold any type ------------------
def line_of(value: object) -> int | None:
    line = getattr(value, "line", None)
    return line if isinstance(line, int) and line > 0 else None


def path_of(value: object, default: str) -> str:
    """The file a YAML value was read from (included files keep their own)."""
    path = getattr(value, "path", "")
    return path if isinstance(path, str) and path else default


def as_dict(value: object) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    """A list, or a lone item as a one-item list (CI keys accept both)."""
    if isinstance(value, list):
        return value
    if value is None or isinstance(value, dict):
        return []
    return [value]


def as_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def truthy(value: object) -> bool:
    """A literal true, in any spelling a CI service accepts (Azure takes yes/on/y)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in {"true", "yes", "y", "on"}
    return False


def walk(value: object, limit: int = 20_000) -> Iterator[Any]:
    """Every mapping and list under value, once each (aliases repeat objects), bounded."""
    seen: set[int] = set()
    stack = [value]
    while stack and len(seen) < limit:
        item = stack.pop()
        if not isinstance(item, dict | list) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        children = list(item.values()) if isinstance(item, dict) else list(item)
        stack.extend(reversed(children))
