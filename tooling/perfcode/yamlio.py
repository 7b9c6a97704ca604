"""YAML, read one way everywhere (the CLI, pre-commit and CI).

PyYAML with the libyaml C parser, adapted so that:
- a key repeated in one mapping is an error (with its line and column);
- only `true`/`false` are booleans: `yes`, `no`, `on`, `off` stay strings;
- dates stay ISO strings (the schemas check `format: date`);
- integers and floats follow YAML 1.2 (no sexagesimal `1:30`, no octal `012`);
- aliases cannot expand into a memory bomb, and cannot refer to themselves.
Positions are only needed for files with problems: `compose` gives the node tree
with marks for those, and `position` walks it to a pointer's line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from perfcode.problems import Pointer

#: how many nodes a document may expand to through aliases
MAX_EXPANDED_NODES = 100_000

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")


class YamlError(Exception):
    """A mistake in a YAML file, with the 1-based line and column it was found at."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


class Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The YAML dialect of perfcode documents (see the module docstring)."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        assert isinstance(node, MappingNode)
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                if key_node.value in seen:
                    mark = key_node.start_mark
                    raise YamlError(
                        "PC002",
                        f'the key "{key_node.value}" appears twice here; '
                        "keep one of them (the second would silently win)",
                        mark.line + 1,
                        mark.column + 1,
                    )
                seen.add(key_node.value)
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


def _add(tag: str, pattern: re.Pattern[str], first: str) -> None:
    Loader.add_implicit_resolver(tag, pattern, list(first))


_add("tag:yaml.org,2002:bool", _BOOL, "tTfF")
_add("tag:yaml.org,2002:int", _INT, "-+0123456789")
_add("tag:yaml.org,2002:float", _FLOAT, "-+0123456789.")
_add("tag:yaml.org,2002:null", _NULL, "~nN")
Loader.yaml_implicit_resolvers.setdefault("", []).append(("tag:yaml.org,2002:null", _NULL))


def _construct_int(loader: yaml.SafeLoader, node: Node) -> int:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    if text.startswith(("0o", "0x")):
        return int(text, 0)
    return int(text)


def _construct_float(loader: yaml.SafeLoader, node: Node) -> float:
    text = str(loader.construct_scalar(node)).lower()  # type: ignore[arg-type]
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text.endswith(".nan"):
        return float("nan")
    return float(text)


def _construct_timestamp_as_string(loader: yaml.SafeLoader, node: Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_string)


def _friendly(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "the YAML is malformed"
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: max(column, len(here) - len(here.lstrip()))]:
        return YamlError(
            "PC003",
            "a tab character is used for indentation here; YAML needs spaces",
            line,
            column,
        )
    if "found undefined alias" in problem:
        return YamlError("PC001", f"{problem}: define the &anchor before using it", line, column)
    context = f" ({exc.context})" if exc.context else ""
    return YamlError("PC001", f"this is not valid YAML: {problem}{context}", line, column)


def _expanded_size(root: Node) -> int:
    """Count the nodes the document expands to, following aliases (shared nodes)."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            mark = node.start_mark
            raise YamlError(
                "PC007",
                "an alias refers to the node that contains it (a loop)",
                mark.line + 1,
                mark.column + 1,
            )
        in_progress.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for child in node.value:
                total += size(child)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                total += size(key_node) + size(value_node)
        in_progress.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise YamlError(
                "PC007",
                f"aliases (*name) expand this document to more than {MAX_EXPANDED_NODES:,} "
                "values; write the data out instead of nesting aliases",
                1,
                1,
            )
        sizes[key] = total
        return total

    return size(root)


def parse(text: str) -> Any:
    """Parse one YAML document into plain Python values; raise `YamlError` on mistakes."""
    loader = Loader(text)
    try:
        if "*" in text:  # aliases: check what they expand to before constructing
            node = loader.get_single_node()
            if node is None:
                return None
            _expanded_size(node)
            return loader.construct_document(node)
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise _friendly(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlError("PC001", f"this is not valid YAML: {exc}", 1, 1) from None
    except RecursionError:
        raise YamlError("PC007", "the YAML is nested too deeply", 1, 1) from None
    finally:
        loader.dispose()


def compose(text: str) -> Node | None:
    """The node tree of a (valid) document, with the marks that give positions."""
    loader = Loader(text)
    try:
        result: Node | None = loader.get_single_node()
        return result
    finally:
        loader.dispose()


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


def position(root: Node | None, pointer: Pointer, *, key: bool = False) -> Position:
    """Line and column (1-based) of the node a pointer names, or of its nearest ancestor."""
    if root is None:
        return Position(1, 1)
    node: Node = root
    key_node: Node | None = None
    for part in pointer:
        child: Node | None = None
        key_node = None
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == str(part):
                    child, key_node = v, k
                    break
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                child = node.value[part]
        if child is None:
            break
        node = child
    target = key_node if key and key_node is not None else node
    if target is root and isinstance(root, MappingNode) and root.value and pointer:
        target = root.value[0][0]
    mark = target.start_mark
    return Position(mark.line + 1, mark.column + 1)
