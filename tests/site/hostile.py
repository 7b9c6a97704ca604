"""A hostile organisation: the example organisation with attacks typed into every free-text
field, found from the JSON Schemas (a string with no `pattern`, `enum`, `const` or `format`
is free text: names, titles, departments, groups, goals, items, comments, summaries, plans,
appeals, interviews, calibration and adjustment reasons, cycle titles, the organisation's
name, the labels of the scale and the grades...). Ids, dates and enumerations stay as they
are, so the organisation is still valid and `perfcode site` builds it.

The payloads break out of text, attributes, `<title>`, Markdown links and tables, and try
template injection, HTML comments, pre-escaped entities (which `striptags` would unescape)
and a request to an outside host. A payload that runs sets `__pwned` (a property of
`window`) and calls `alert`; the browser test listens for both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from example_org import copy_example, open_words
from perfcode import cli
from perfcode.io import yaml as yamlio

AUDIENCES = ("public", "private")
TODAY = "2027-01-20"

PAYLOADS = (
    # the first three go into every field (that has room): out of <title>, out of an
    # attribute, a request to another host; the others take turns
    "</title><script>__pwned=1;alert(1)</script>",
    '"><img src=x onerror=__pwned=2;alert(2)>',
    "<img src=http://203.0.113.1/x.png>",
    "'><svg onload=__pwned=3;alert(3)>",
    "{{ 7*7 }}",
    "[x](javascript:alert(4))",
    "](javascript:alert(5))",
    "| a | b |",
    "`tick` ``two``",
    "&lt;script&gt;alert(6)&lt;/script&gt;",
    "javascript:alert(7)",
    "**bold** _it_ {: onclick=alert(8) }",
    "<!--",
)
EVERYWHERE = 3
#: what a payload that runs sets
PWNED = "__pwned"
#: the outside host the payloads try to reach
OUTSIDE = "203.0.113.1"
#: records that are computed or signed evidence: perfcode writes them, nobody types text there
COMPUTED = ("results.yaml", "signatures.yaml")
_SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\n")


def hostile_text(original: str, index: int, limit: int | None) -> str:
    """`original` followed by as many payloads as fit in `limit` characters: the first
    `EVERYWHERE`, then the others from one chosen by `index`, so that each of them lands
    in many different fields."""
    text = original
    others = len(PAYLOADS) - EVERYWHERE
    for step in range(len(PAYLOADS)):
        at = step if step < EVERYWHERE else EVERYWHERE + (index + step) % others
        payload = PAYLOADS[at]
        candidate = f"{text} {payload}"
        if limit is not None and len(candidate) > limit:
            continue
        text = candidate
    return text


# --- which strings are free text: walk the schema along the data ----------------------


def _resolve(node: Any, root: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schema `node` and every schema it may also have to satisfy (refs, combinators,
    conditionals), flattened."""
    if not isinstance(node, dict):
        return
    yield node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        yield from _resolve(target, root)
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(key, ()):
            yield from _resolve(branch, root)
    for key in ("then", "else"):
        if key in node:
            yield from _resolve(node[key], root)


def _children(nodes: list[dict[str, Any]], key: str | int) -> list[Any]:
    found: list[Any] = []
    for node in nodes:
        if isinstance(key, int):
            if "items" in node:
                found.append(node["items"])
            continue
        if key in node.get("properties", {}):
            found.append(node["properties"][key])
        elif isinstance(node.get("additionalProperties"), dict):
            found.append(node["additionalProperties"])
    return found


def _text_limit(nodes: list[dict[str, Any]]) -> tuple[bool, int | None]:
    """Whether a string here is free text, and its maximum length."""
    typed = [n for n in nodes if "type" in n or "pattern" in n or "enum" in n or "const" in n]
    if not typed:
        return False, None
    for node in nodes:
        if any(k in node for k in ("pattern", "enum", "const", "format")):
            return False, None
    kinds = [n["type"] for n in typed if "type" in n]
    if not any(k == "string" or (isinstance(k, list) and "string" in k) for k in kinds):
        return False, None
    limits = [n["maxLength"] for n in nodes if "maxLength" in n]
    return True, min(limits) if limits else None


def _poison(value: Any, nodes: list[dict[str, Any]], root: dict[str, Any], count: list[int]) -> Any:
    flat = [n for node in nodes for n in _resolve(node, root)]
    if isinstance(value, dict):
        return {k: _poison(v, _children(flat, k), root, count) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, _children(flat, 0), root, count) for v in value]
    if isinstance(value, str):
        free, limit = _text_limit(flat)
        if free:
            count[0] += 1
            return hostile_text(value, count[0], limit)
    return value


def poison_file(path: Path, count: list[int]) -> bool:
    """Rewrite one record with payloads in its free-text fields; False when it has none."""
    text = path.read_text(encoding="utf-8")
    line = _SCHEMA_LINE.match(text)
    if line is None:
        return False
    schema = json.loads((path.parent / line.group(1)).read_text(encoding="utf-8"))
    data = yamlio.parse(text)
    before = count[0]
    poisoned = _poison(data, [schema], schema, count)
    if count[0] == before:
        return False
    body = yaml.safe_dump(poisoned, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(line.group(0) + body, encoding="utf-8", newline="\n")
    return True


def make_hostile(target: Path) -> Path:
    """A copy of the example organisation in `target` (records, schemas, hand-written site
    pages, no mkdocs.yml: the organisation's name becomes `site_name`) with payloads in
    every free-text field of every record (its confidential words opened first, with HR's
    demo key: the payloads are words as people type them)."""
    copy_example(target, site=True, mkdocs=False)
    open_words(target)
    count = [0]
    for path in sorted(
        [*(target / "people").rglob("*.yaml"), *(target / "cycles").rglob("*.yaml")]
    ):
        if path.name not in COMPUTED:
            poison_file(path, count)
    return target


@dataclass(frozen=True)
class HostileBuild:
    root: Path  # the hostile repository
    out: dict[str, Path]  # audience → the built site


def build_sites(target: Path) -> HostileBuild:
    """The hostile organisation in `target`, built by `perfcode site` for both audiences."""
    root = make_hostile(target)
    out: dict[str, Path] = {}
    for audience in AUDIENCES:
        out[audience] = root / f"public-{audience}"
        argv = ["site", str(root), "--out", str(out[audience]), "--audience", audience]
        assert cli.main([*argv, "--today", TODAY]) == 0, f"perfcode site --audience {audience}"
    return HostileBuild(root, out)
