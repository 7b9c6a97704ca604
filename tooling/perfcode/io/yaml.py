"""YAML, read one way everywhere (the CLI, pre-commit and CI).

PyYAML with the libyaml C parser, adapted so that:
- a key repeated in one mapping is an error (with its line and column);
- only `true`/`false` are booleans: `yes`, `no`, `on`, `off` stay strings;
- dates stay ISO strings (the schemas check `format: date`);
- integers and floats follow YAML 1.2 (no sexagesimal `1:30`, no octal `012`);
- aliases cannot expand into a memory bomb, and cannot refer to themselves;
- mapping keys are text, numbers have a sane number of digits, values nest at most
  `MAX_DEPTH` levels, and lines end in LF or CRLF only (what Git, GitHub and every YAML
  reader agree on); each of these mistakes is reported at its own line and column.
Positions are only needed for files with problems: `compose` gives the node tree
with marks for those, and `position` walks it to a pointer's line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from perfcode.problems import Pointer, quoted, shown

#: how many nodes a document may expand to through aliases
MAX_EXPANDED_NODES = 100_000
#: how deeply lists and mappings may nest (a record needs fewer than ten levels)
MAX_DEPTH = 100
#: how many characters a whole number may have (Python refuses to convert more than
#: 4,300 decimal digits; no record needs more than twenty)
MAX_NUMBER_CHARS = 1000

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


PLAIN = "perfcode:plain"
STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
_EXPLICIT_OK = {
    STR,
    SEQ,
    MAP,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """libyaml's parser and composer; perfcode builds the values itself (`_value`).

    Resolution is deferred: a plain scalar is tagged PLAIN and resolved by `_plain`
    (YAML 1.2 core schema), which is both stricter and faster than PyYAML's resolver.
    """

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return PLAIN if implicit[0] else STR
        return SEQ if kind is SequenceNode else MAP


class _TooManyDigits(ValueError):
    """A whole number written with more than `MAX_NUMBER_CHARS` characters."""


def _plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar the YAML 1.2 core way; everything else is text."""
    if not text:
        return None
    first = text[0]
    if first in "0123456789-+.":
        if _INT.match(text):
            if len(text) > MAX_NUMBER_CHARS:
                raise _TooManyDigits(text)
            return int(text, 0) if text.startswith(("0o", "0x")) else int(text)
        if _FLOAT.match(text):
            lowered = text.lower()
            if lowered.endswith(".inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            if lowered.endswith(".nan"):
                return float("nan")
            return float(text)
        return text
    if first in "tTfF" and _BOOL.match(text):
        return first in "tT"
    if first in "~nN" and _NULL.match(text):
        return None
    return text


def _error_at(node: Node, code: str, message: str) -> YamlError:
    mark = node.start_mark
    return YamlError(code, message, mark.line + 1, mark.column + 1)


def _resolved(node: ScalarNode) -> Any:
    """The value of a plain or explicitly tagged scalar; a huge number is a mistake."""
    try:
        return _plain(node.value)
    except _TooManyDigits:
        raise _error_at(
            node,
            "PC009",
            f"this number has {len(node.value):,} digits, far more than any record needs "
            f"(perfcode reads at most {MAX_NUMBER_CHARS:,}); check it, or put it in quotes "
            "if it is meant as text",
        ) from None


_TOO_DEEP = (
    f"the values here are nested more than {MAX_DEPTH} levels deep (lists or fields "
    "inside each other), far more than any record needs; check the brackets and the "
    "indentation"
)


def _too_deep(node: Node) -> YamlError:
    return _error_at(node, "PC007", _TOO_DEEP)


#: what a key that is not text is read as, in words
_KEY_WORDS = {bool: "true or false", int: "a number", float: "a number", type(None): "nothing"}


def _key(node: Node) -> str:
    """A mapping key: text, never a number, true/false, null, a list or a mapping."""
    if not isinstance(node, ScalarNode):
        raise _error_at(node, "PC001", "a key must be a plain name, not a list or mapping")
    if node.tag == STR:
        return _text(node)
    key = _resolved(node)
    if key == "<<" and node.tag == PLAIN:
        raise _error_at(node, "PC001", "merge keys (<<) are not supported; write the fields out")
    if isinstance(key, str):
        return key
    if not node.value:
        raise _error_at(node, "PC009", 'a field has no name before its ":"; write the name')
    name = quoted(node.value)
    raise _error_at(
        node,
        "PC009",
        f"the field name {shown(node.value)} is read as {_KEY_WORDS.get(type(key), 'a value')}, "
        f"not as a name; field names are text: put it in quotes ({name}:) "
        "or write another name",
    )


#: control characters (C0 but tab and line feed, DEL, C1): the reader refuses them typed
#: raw, but a quoted escape such as "\x1b", "\a" or "\0" writes them into a value
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(node: ScalarNode) -> str:
    """A quoted scalar's text; a control character written as an escape is a mistake."""
    value = str(node.value)
    if not value.isprintable() and (found := _CONTROL.search(value)):
        raise _error_at(
            node,
            "PC009",
            f"the text {quoted(value)} holds an invisible control character "
            f"(U+{ord(found.group()):04X}, written as an escape such as \\x1b or \\a), which "
            "can recolour or rewrite a terminal that shows it: delete it",
        )
    return value


def _value(node: Node, depth: int = 0) -> Any:
    """The plain Python value of a node: dict, list, str, int, float, bool or None."""
    tag = node.tag
    if isinstance(node, ScalarNode):
        if tag == PLAIN:
            return _resolved(node)
        if tag == STR:
            return _text(node)
        if tag in _EXPLICIT_OK:
            return _resolved(node)
        raise _error_at(
            node, "PC001", f'the tag "{tag}" is not allowed in perfcode records; remove it'
        )
    if depth >= MAX_DEPTH:
        raise _too_deep(node)
    if isinstance(node, MappingNode):
        if tag != MAP:
            raise _error_at(node, "PC001", f'the tag "{tag}" is not allowed; remove it')
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key(key_node)
            if key in result:
                raise _error_at(
                    key_node,
                    "PC002",
                    f"the field {quoted(key)} is written twice here; keep only one of them",
                )
            result[key] = _value(value_node, depth + 1)
        return result
    if tag != SEQ:
        raise _error_at(node, "PC001", f'the tag "{tag}" is not allowed; remove it')
    return [_value(child, depth + 1) for child in node.value]


_ALIAS_NAME = re.compile(r"\*([^\s,\[\]{}]+)")

#: libyaml's wording → a sentence for people who do not know YAML (None: keep libyaml's)
_PLAIN: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        'a ": " (colon and space) is not allowed here: put text that contains ": " in '
        "quotes, or check the indentation of this line",
    ),
    (
        "did not find expected key",
        "this line is not indented like the lines around it; check its spaces",
    ),
    (
        "did not find expected '-' indicator",
        'this line should be another list entry starting with "- ", like the lines above it',
    ),
    (
        "could not find expected ':'",
        'a field needs a colon and a space after its name ("name: value")',
    ),
)


def _friendly(exc: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or "the YAML is malformed"
    context = exc.context or ""
    lines = text.split("\n")  # the only line ends left (`_line_ends` refused the others)
    here = lines[line - 1].removesuffix("\r") if 0 < line <= len(lines) else ""
    if "\t" in here[: max(column, len(here) - len(here.lstrip()))]:
        return YamlError(
            "PC003",
            "a tab character is used for indentation here; YAML needs spaces "
            "(replace the tab with spaces)",
            line,
            column,
        )
    if "found undefined alias" in problem:
        found = _ALIAS_NAME.match(here, column - 1)
        name = shown(found.group(1), 40) if found else "name"
        return YamlError(
            "PC001",
            f'"*{name}" refers to an anchor "&{name}" that is not defined above it; '
            'put the text in quotes if the "*" is meant literally',
            line,
            column,
        )
    start = exc.context_mark
    opened = {"flow sequence": ("list", "[", "]"), "flow mapping": ("group of fields", "{", "}")}
    for what, (noun, left, right) in opened.items():
        if what in context and start is not None:
            return YamlError(
                "PC001",
                f'the {noun} opened with "{left}" here is not closed: add "{right}" at its '
                "end, and separate its entries with commas",
                start.line + 1,
                start.column + 1,
            )
    if "quoted scalar" in context and start is not None:
        return YamlError(
            "PC001",
            "the quoted text that starts here has no closing quote",
            start.line + 1,
            start.column + 1,
        )
    for scanning, sign, meaning in (("alias", "*", "an alias"), ("anchor", "&", "an anchor")):
        if f"while scanning an {scanning}" in context:
            return YamlError(
                "PC001",
                f'a value cannot start with "{sign}" ({sign} marks {meaning}): '
                "put the text in quotes",
                line,
                column,
            )
    if problem.startswith("found character that cannot start any token"):
        return YamlError(
            "PC001",
            f'a value cannot start with "{here[column - 1 : column]}": put the text in quotes',
            line,
            column,
        )
    if problem.startswith("exceeded maximum nesting depth"):
        return YamlError("PC007", _TOO_DEEP, line, column)
    for wording, sentence in _PLAIN:
        if problem.startswith(wording):
            if "simple key" in context and start is not None:  # point at the line lacking ":"
                line, column = start.line + 1, start.column + 1
            return YamlError("PC001", f"this is not valid YAML: {sentence}", line, column)
    context_words = f" ({context})" if context else ""
    return YamlError("PC001", f"this is not valid YAML: {problem}{context_words}", line, column)


def _expanded_size(root: Node) -> int:
    """Count the nodes the document expands to, following aliases (shared nodes)."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if depth >= MAX_DEPTH and not isinstance(node, ScalarNode):
            raise _too_deep(node)
        if key in in_progress:
            mark = node.start_mark
            raise YamlError(
                "PC007",
                'an alias ("*name") is used inside the very value it names ("&name"), '
                "which never ends; write the value out instead",
                mark.line + 1,
                mark.column + 1,
            )
        in_progress.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            for child in node.value:
                total += size(child, depth + 1)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                total += size(key_node, depth + 1) + size(value_node, depth + 1)
        in_progress.discard(key)
        if total > MAX_EXPANDED_NODES:  # the first (innermost) value that grows too big
            mark = node.start_mark
            raise YamlError(
                "PC007",
                f'aliases ("*name") here expand to more than {MAX_EXPANDED_NODES:,} values '
                "(an alias bomb); write the data out instead of nesting aliases",
                mark.line + 1,
                mark.column + 1,
            )
        sizes[key] = total
        return total

    return size(root, 0)


def _where(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of TEXT[INDEX], counting lines as Git does (LF)."""
    start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - start + 1


#: line ends other than LF and CRLF: YAML 1.1 readers (libyaml) take them for line breaks,
#: YAML 1.2 readers (editors) and Git do not, so the same file would mean different things
_ODD_LINE_END = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
_ODD_LINE_END_WORDS = {
    "\r": "this line ends in a lone carriage return (CR, as old Mac editors write), which "
    "Git and GitHub do not count as a line end; save the file with LF (or CRLF) line ends",
    "\x85": "NEL (U+0085, next line)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}


def _line_ends(text: str) -> None:
    """Refuse line ends that tools read differently (the first one, where it is)."""
    if "\r" not in text and text.isascii():
        return
    found = _ODD_LINE_END.search(text)
    if found is None:
        return
    char = found.group()
    message = _ODD_LINE_END_WORDS[char]
    if char != "\r":
        message = (
            f"{message} is here: some YAML readers take it for a line end, others for "
            "text; replace it with an ordinary line break, or delete it"
        )
    line, column = _where(text, found.start())
    raise YamlError("PC060", message, line, column)


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlError:
    """A character YAML does not allow (a control character...), where it is."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    index = text.find(char) if char else -1  # the first one is the one libyaml stopped at
    line, column = _where(text, index) if index >= 0 else (1, 1)
    code = ord(char[0]) if char else 0
    if code < 0x20 or 0x7F <= code <= 0x9F:
        what = f"an invisible control character (U+{code:04X})"
    else:
        what = f"the character U+{code:04X}, which YAML does not allow,"
    return YamlError(
        "PC001",
        f"the file holds {what} here; delete it (perhaps it came with pasted text)",
        line,
        column,
    )


def parse(text: str) -> Any:
    """Parse one YAML document into plain Python values; raise `YamlError` on mistakes."""
    _line_ends(text)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:  # aliases: check what they expand to before building values
            _expanded_size(node)
        return _value(node)
    except yaml.MarkedYAMLError as exc:
        raise _friendly(exc, text) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlError("PC001", f"this is not valid YAML: {exc}", 1, 1) from None
    except RecursionError:  # `MAX_DEPTH` keeps this from happening; never a traceback
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


# --- the one writer -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Style:
    """How `dump` writes YAML. The default is a record as people write it (what
    `perfcode new` starts); the named styles below keep each generated file as it is."""

    indent_lists: bool = True  # list items indented under their key ("key:\n  - a")
    plain_dates: bool = True  # 2026-07-01 unquoted (perfcode reads dates as text anyway)
    short_numbers: bool = True  # Decimal 30.0 → 30, 2.50 → 2.5; False: exactly as computed
    flow: bool | None = False  # None: innermost lists and mappings inline, as [a, b]
    width: int = 100
    #: written by libyaml's C emitter: the same text as PyYAML's own emitter for these
    #: options (list items not indented: libyaml has no other way), about 7× faster
    libyaml: bool = False


#: a record started by `perfcode new`
RECORD = Style()
#: results.yaml: scores exactly as computed, short lists inline
RESULTS = Style(indent_lists=False, short_numbers=False, flow=None)
#: PyYAML's own layout (the sample organisation: hundreds of thousands of files, so the C
#: emitter writes them)
PYYAML = Style(indent_lists=False, plain_dates=False, width=80, libyaml=True)
#: signatures.yaml: PyYAML's layout, long lines kept whole
EVIDENCE = Style(indent_lists=False, plain_dates=False, width=1000)
#: a generated site page's front matter (tens of thousands of pages: the C emitter), one
#: line a value
FRONT_MATTER = Style(indent_lists=False, plain_dates=False, width=1_000_000, libyaml=True)

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _short_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


def _exact_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


_CSafeDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@cache
def _dumper(style: Style) -> type[yaml.SafeDumper]:
    if style.libyaml and style.indent_lists:
        raise ValueError("libyaml's emitter cannot indent list items under their key")
    base = _CSafeDumper if style.libyaml else yaml.SafeDumper

    class Dumper(base):  # type: ignore[valid-type,misc]
        """Safe YAML out, never with anchors and aliases."""

        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, indentless and not style.indent_lists)

        def ignore_aliases(self, data: Any) -> bool:
            return True

    if style.plain_dates:
        Dumper.yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
            for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
        }
    Dumper.add_representer(Decimal, _short_decimal if style.short_numbers else _exact_decimal)
    return Dumper


def dump(data: Any, style: Style = RECORD) -> str:
    """DATA as YAML text (keys in the order given, Unicode as it is) in STYLE."""
    return yaml.dump(
        data,
        Dumper=_dumper(style),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=style.flow,
        width=style.width,
    )
