"""Editing a record people wrote, keeping what they wrote: comments, the order of fields,
quotes, flow lists and blank lines (ruamel.yaml's round trip). perfcode's own writer
(`perfcode.io.yaml.dump`, PyYAML) writes new files; it cannot keep comments, so records
that exist are changed here (`perfcode import`). Text in, text out: the caller validates
the result with perfcode's own loader before anything is written.

ruamel.yaml is imported only when a record is edited (the signatures workflow, which
imports perfcode.io, does not install it).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Day(str):
    """A date kept as text, written unquoted (2026-01-05) as people write dates."""

    __slots__ = ()


@cache
def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line people wrote on one
    yaml.indent(mapping=2, sequence=4, offset=2)  # "key:\n  - a", as perfcode writes records
    yaml.representer.add_representer(
        _Day, lambda r, d: r.represent_scalar("tag:yaml.org,2002:timestamp", str(d))
    )
    return yaml


def _value(value: Any) -> Any:
    """What ruamel writes for VALUE: dates unquoted, lists of text inline, the rest as
    blocks."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, str):
        return _Day(value) if _DAY.match(value) else value
    if isinstance(value, Mapping):
        block = CommentedMap()
        for key, item in value.items():
            block[key] = _value(item)
        return block
    if isinstance(value, list | tuple):
        seq = CommentedSeq([_value(v) for v in value])
        if value and all(isinstance(v, str) for v in value):
            seq.fa.set_flow_style()  # a short list of ids inline: supports: [co-revenue]
        return seq
    return value


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def set_fields(text: str, fields: Mapping[str, Any], order: Sequence[str]) -> str:
    """TEXT (a mapping) with each of FIELDS set: a field already there keeps its place
    (and its comment), a new one goes where ORDER (the schema's order of fields) puts it
    among those present."""
    data = _yaml().load(text)
    for key, value in fields.items():
        if key in data:
            data[key] = _value(value)
            continue
        rank = order.index(key) if key in order else len(order)
        position = len(data)
        for index, present in enumerate(data):
            if present in order and order.index(present) > rank:
                position = index
                break
        data.insert(position, key, _value(value))
    return _dump(data)


def append_items(text: str, key: str, items: Sequence[Mapping[str, Any]]) -> str:
    """TEXT (a mapping) with ITEMS appended to its list KEY (made when missing)."""
    data = _yaml().load(text)
    if key not in data or data[key] is None:
        data[key] = _value([])
    for item in items:
        data[key].append(_value(item))
    return _dump(data)


def edit_list_items(
    text: str,
    path: Sequence[str],
    updates: Mapping[str, Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
    order: Sequence[str],
) -> str:
    """TEXT with the list at PATH (keys from the top; made when missing) edited: the item
    whose `id` is a key of UPDATES gets those fields set (in ORDER, see `set_fields`),
    NEW items are appended."""
    from ruamel.yaml.comments import CommentedMap

    data = _yaml().load(text)
    parent = data
    for key in path[:-1]:
        if key not in parent or parent[key] is None:
            parent[key] = CommentedMap()
        parent = parent[key]
    last = path[-1]
    if last not in parent or parent[last] is None:
        parent[last] = _value([])
    items = parent[last]
    for item in items:
        fields = updates.get(str(item.get("id")))
        if not fields:
            continue
        for key, value in fields.items():
            if key in item:
                item[key] = _value(value)
            else:
                rank = order.index(key) if key in order else len(order)
                position = next(
                    (
                        i
                        for i, present in enumerate(item)
                        if present in order and order.index(present) > rank
                    ),
                    len(item),
                )
                item.insert(position, key, _value(value))
    for item in new:
        items.append(_value(item))
    return _dump(data)


def replace_values(text: str, replacements: Mapping[tuple[str | int, ...], Any]) -> str:
    """TEXT with the value at each pointer (keys and list indexes from the top) of
    REPLACEMENTS replaced, everything else kept as written. A text of several lines, and
    an age ciphertext (a mapping's `age:`), are written as literal blocks (`|`)."""
    if not replacements:
        return text
    data = _yaml().load(text)
    for pointer, value in replacements.items():
        parent = data
        for step in pointer[:-1]:
            parent = parent[step]
        comments = getattr(parent, "ca", None)
        if comments is not None:  # a comment on the old value's line (`summary: |  # note`)
            comments.items.pop(pointer[-1], None)  # goes with it: ruamel cannot re-attach it
        parent[pointer[-1]] = _block(value)
    return _dump(data)


def _block(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, str):
        return LiteralScalarString(value) if "\n" in value.rstrip("\n") else value
    if isinstance(value, Mapping):
        block = CommentedMap()
        for key, item in value.items():
            if key == "age" and isinstance(item, str):
                block[key] = LiteralScalarString(item)
            elif isinstance(item, list | tuple):
                seq = CommentedSeq(list(item))
                seq.fa.set_flow_style()
                block[key] = seq
            else:
                block[key] = _block(item)
        return block
    return value
