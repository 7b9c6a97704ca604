"""A repository's own schema file that cannot be used is a problem (PC054) at its line,
never a crash; nothing outside the file is fetched; perfcode's own schema is used instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfcode.check import check_repository
from perfcode.io.schemas import MAX_SCHEMA_DEPTH, Schema, compile_schema

NAME = "schemas/person.schema.json"
BASE = Path(__file__).parents[2] / "validate" / "base"


def _problem(data: bytes) -> tuple[int, int, str]:
    found = compile_schema(NAME, "person", data)
    assert not isinstance(found, Schema), "the schema should have been refused"
    assert found.code == "PC054" and found.path == NAME
    return found.line, found.column, found.message


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b'{"allOf": [' * 3000 + b"{}" + b"]}" * 3000, 1, "nested too deeply"),
        (
            b'{"allOf": [' * (MAX_SCHEMA_DEPTH + 1) + b"{}" + b"]}" * (MAX_SCHEMA_DEPTH + 1),
            1,
            f"nested more than {MAX_SCHEMA_DEPTH} levels deep",
        ),
        (b'{\n"maxLength": ' + b"9" * 6000 + b"}", 1, "a number in it has too many digits"),
        (b'{"minimum": 1e400}', 1, "too large"),
        (b'{"minimum": NaN}', 1, "NaN is not a number JSON allows"),
        (b'{\n  "$ref": "http://127.0.0.1:9/x.json"\n}', 2, "points outside the file"),
        (b'{\n  "$dynamicRef": "file:///etc/passwd"\n}', 2, "points outside the file"),
        (b'{\n  "$schema": "http://example.com/x"\n}', 2, "JSON Schema 2020-12"),
        (b'{"properties": {"name": {"pattern": "(?<n>x)"}}}', 1, "not a regular expression"),
        (b'{"$ref": "#/nowhere"}', 1, "cannot be compiled"),
        (b"[]", 1, "a schema is a JSON object"),
    ],
    ids=[
        "3000-levels",
        "too-deep",
        "6000-digits",
        "huge-float",
        "nan",
        "http-ref",
        "file-dynamic-ref",
        "other-draft",
        "python-only-regex",
        "dangling-ref",
        "a-list",
    ],
)
def test_refused(data: bytes, line: int, words: str) -> None:
    found_line, _column, message = _problem(data)
    assert found_line == line
    assert words in message
    assert "perfcode's own schema instead" in message


def test_a_good_schema_compiles() -> None:
    schema = compile_schema(NAME, "person", b'{"type": "object", "required": ["name"]}')
    assert isinstance(schema, Schema)
    assert not schema.is_valid({}) and schema.is_valid({"name": "x"})


def test_records_are_checked_against_perfcode_schema_instead(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    (root / "schemas").mkdir()
    (root / "schemas" / "person.schema.json").write_text('{"$ref": "file:///etc/passwd"}')
    person = root / "people" / "zhaomin.yaml"
    person.write_text(person.read_text(encoding="utf-8") + "salary: 1\n", encoding="utf-8")
    codes = sorted(p.code for p in check_repository(root).problems)
    assert codes == ["PC011", "PC054"]  # the unknown field is still found
