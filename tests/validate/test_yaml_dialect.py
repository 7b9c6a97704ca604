"""The perfcode YAML dialect (yamlio): one way of reading YAML everywhere."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from perfcode.cli import main
from perfcode.io import yaml as yamlio
from perfcode.problems import CODES_ZH

BASE = Path(__file__).parent / "base"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # only true/false are booleans: the Norway problem cannot happen
        ("a: yes", "yes"),
        ("a: no", "no"),
        ("a: on", "on"),
        ("a: off", "off"),
        ("a: Yes", "Yes"),
        ("a: NO", "NO"),
        ("a: y", "y"),
        ("a: n", "n"),
        ("a: true", True),
        ("a: False", False),
        # dates and times stay text; the schema checks them
        ("a: 2026-08-20", "2026-08-20"),
        ("a: 2026-02-30", "2026-02-30"),
        ("a: 2026-08-20T10:00:00", "2026-08-20T10:00:00"),
        # numbers as YAML 1.2 reads them
        ("a: 1:30", "1:30"),
        ("a: 190:20:30", "190:20:30"),
        ("a: 012", 12),
        ("a: 0o12", 10),
        ("a: 0x1F", 31),
        ("a: -7", -7),
        ("a: 1_000", "1_000"),
        ("a: 2.5", 2.5),
        ("a: 1e3", 1000.0),
        ("a: .inf", float("inf")),
        # nothing
        ("a:", None),
        ("a: ~", None),
        ("a: null", None),
        ('a: "null"', "null"),
        ('a: "yes"', "yes"),
    ],
)
def test_scalars(text: str, value: Any) -> None:
    assert yamlio.parse(text + "\n") == {"a": value}
    assert type(yamlio.parse(text + "\n")["a"]) is type(value)


def test_an_empty_or_comment_only_document_is_none() -> None:
    assert yamlio.parse("") is None
    assert yamlio.parse("# only a comment\n") is None


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, 1),
        ("outer:\n  x: 1\n  y: 2\n  x: 3\n", 4, 3),
        ("- id: a\n  id: b\n", 2, 3),
    ],
)
def test_duplicate_keys_are_errors(text: str, line: int, column: int) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("PC002", line, column)
    assert "written twice" in caught.value.message


def test_the_same_key_in_different_mappings_is_fine() -> None:
    assert yamlio.parse("- id: a\n- id: b\n") == [{"id": "a"}, {"id": "b"}]


BILLION_LAUGHS = "\n".join(
    [f"a: &a [{', '.join(['lol'] * 9)}]"]
    + [
        f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)


def test_alias_bomb_is_rejected_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(BILLION_LAUGHS)
    assert time.perf_counter() - started < 0.5
    assert caught.value.code == "PC007"
    assert "alias bomb" in caught.value.message
    assert caught.value.line > 1  # the first value that grows too big, not the top of the file


def test_small_aliases_are_fine() -> None:
    text = "base: &base {weight: 50}\nitems: [*base, *base]\n"
    assert yamlio.parse(text) == {"base": {"weight": 50}, "items": [{"weight": 50}] * 2}


@pytest.mark.parametrize("text", ["a: &x [1, *x]\n", "a: &x {b: *x}\n"])
def test_recursive_alias_is_rejected(text: str) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(text)
    assert caught.value.code == "PC007"
    assert "never ends" in caught.value.message


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "words"),
    [
        ("a: 1\nb: [x, y\nc: 2\n", "PC001", 2, 4, 'not closed: add "]"'),
        ("a: {x: 1\nb: 2\n", "PC001", 1, 4, 'not closed: add "}"'),
        ('a: "abc\nb: 1\n', "PC001", 1, 4, "no closing quote"),
        ("a:\n\tb: 1\n", "PC003", 2, 1, "tab character"),
        ("a: *nowhere\n", "PC001", 1, 4, '"&nowhere" that is not defined'),
        ("a: @home\n", "PC001", 1, 4, 'cannot start with "@"'),
        ("a: b: c\n", "PC001", 1, 5, "put text that contains"),
        ("a: 1\nb\nc: 2\n", "PC001", 2, 1, "needs a colon"),
    ],
)
def test_syntax_errors_point_at_the_mistake(
    text: str, code: str, line: int, column: int, words: str
) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(text)
    error = caught.value
    assert (error.code, error.line, error.column) == (code, line, column)
    assert words in error.message


CONTRACT = """\
# yaml-language-server: $schema=../../../schemas/contract.schema.json
template: contract
sections:
  results:
    - id: kam-rules
      weight: 50
    - id: ka-revenue
      weight: 50
      target: {value: 1200, better: higher}
"""


@pytest.mark.parametrize(
    ("pointer", "key", "line", "column"),
    [
        (("template",), False, 2, 11),
        (("template",), True, 2, 1),
        (("sections", "results"), True, 4, 3),
        (("sections", "results", 1, "weight"), False, 8, 15),
        (("sections", "results", 1, "target", "value"), False, 9, 23),
        # a pointer past what the file holds: the nearest ancestor that exists
        (("sections", "results", 7, "weight"), False, 5, 5),
        (("missing",), False, 2, 1),
        ((), False, 2, 1),
    ],
)
def test_positions_of_pointers(
    pointer: tuple[str | int, ...], key: bool, line: int, column: int
) -> None:
    tree = yamlio.compose(CONTRACT)
    assert yamlio.position(tree, pointer, key=key) == yamlio.Position(line, column)


def test_position_in_an_empty_document() -> None:
    assert yamlio.position(yamlio.compose(""), ("a",)) == yamlio.Position(1, 1)


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("null", "read as nothing"),
        ("~", "read as nothing"),
        ("true", "read as true or false"),
        ("False", "read as true or false"),
        ("1", "read as a number"),
        ("1.5", "read as a number"),
        (".nan", "read as a number"),
        (".inf", "read as a number"),
        ("0x1F", "read as a number"),
        ("!!int 7", "read as a number"),
    ],
)
def test_keys_that_are_not_text_are_problems_at_their_line(key: str, words: str) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(f"a: 1\nouter:\n  {key}: x\n")
    error = caught.value
    assert (error.code, error.line, error.column) == ("PC009", 3, 3)
    assert words in error.message and "put it in quotes" in error.message


@pytest.mark.parametrize("key", ['"null"', "'1'", "!!str 1.5", "yes"])
def test_quoted_keys_are_text(key: str) -> None:
    assert list(yamlio.parse(f"{key}: x\n")) == [yamlio.parse(f"k: {key}\n")["k"]]


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        ("9" * yamlio.MAX_NUMBER_CHARS, True),
        ("9" * (yamlio.MAX_NUMBER_CHARS + 1), False),
        ("-" + "9" * 5000, False),
        ("0x" + "f" * 5000, False),  # base 16 has no conversion limit, but is as absurd
    ],
)
def test_numbers_with_too_many_digits_are_problems(number: str, ok: bool) -> None:
    text = f"a: 1\nb: {number}\n"
    if ok:
        assert yamlio.parse(text)["b"] == int(number)
        return
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == ("PC009", 2, 4)
    assert "digits" in caught.value.message


@pytest.mark.parametrize(
    ("char", "line", "column"),
    [("\x01", 2, 6), ("\x7f", 2, 6), ("\x9b", 2, 6), ("\ufffe", 2, 6), ("\x08", 2, 6)],
)
def test_characters_yaml_refuses_are_reported_where_they_are(
    char: str, line: int, column: int
) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(f"a: 王红军\nb: 销售{char}部\n")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("PC001", line, column)
    assert f"U+{ord(char):04X}" in caught.value.message


@pytest.mark.parametrize(
    ("value", "column"),
    [
        ("[" * 150 + "]" * 150, 103),  # the 100th bracket: the 101st level with the file
        ("{a: " * 150 + "}" * 150, 400),
    ],
)
def test_deep_nesting_is_reported_where_it_goes_too_deep(value: str, column: int) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(f"a: 1\nb: {value}\n")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("PC007", 2, column)


def test_deep_nesting_in_blocks_is_reported_at_its_line() -> None:
    text = "a:\n" + "".join(" " * i + "-\n" for i in range(200))
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(text)
    assert caught.value.code == "PC007"
    assert caught.value.line == 2 + yamlio.MAX_DEPTH - 1


def test_deep_nesting_through_aliases_is_reported_too() -> None:
    text = "a: &x 1\nb: " + "[" * 150 + "*x" + "]" * 150 + "\n"
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(text)
    assert (caught.value.code, caught.value.line) == ("PC007", 2)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a: 1\rb: 2\r", 1, 5, "lone carriage return"),
        ("a: 1\r\nb: 2\rc: 3\r\n", 2, 5, "lone carriage return"),
        ("a: 王\x85b: 2\n", 1, 5, "NEL"),
        ("a: 1\nb: 二\u2028c\n", 2, 5, "line separator"),
        ("a: 1\nb: x\u2029\n", 2, 5, "paragraph separator"),
    ],
)
def test_line_ends_other_tools_read_differently_are_problems(
    text: str, line: int, column: int, words: str
) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(text)
    error = caught.value
    assert (error.code, error.line, error.column) == ("PC060", line, column)
    assert words in error.message


def test_lf_and_crlf_line_ends_read_alike() -> None:
    assert yamlio.parse("a: 1\r\nb: 二\r\n") == yamlio.parse("a: 1\nb: 二\n") == {"a": 1, "b": "二"}


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["score"],
        ["score", "--check"],
        ["status", "--today", "2026-08-01"],
        ["explain", "wanghongjun"],
        ["export"],
        ["site", "--out", "{tmp}/public"],
    ],
    ids=lambda command: " ".join(command),
)
@pytest.mark.parametrize("key", ["null", "1", ".nan"])
def test_every_command_reports_a_key_that_is_not_text(
    command: list[str], key: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command reads records through the one loader: the key is PC009, exit 1."""
    root = shutil.copytree(BASE, tmp_path / "repo")
    person = root / "people" / "linzong.yaml"
    person.write_text(person.read_text(encoding="utf-8") + f"{key}: x\n", encoding="utf-8")
    assert main([*(part.format(tmp=tmp_path) for part in command), str(root)]) == 1
    out, err = capsys.readouterr()
    said = f"people/linzong.yaml:10:1: PC009 {CODES_ZH['PC009']} the field name"  # zh organisation
    assert said in out + err
    assert "internal error" not in out + err and "Traceback" not in out + err
