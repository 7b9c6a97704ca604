"""A repository's schemas/ folder that holds perfcode's own schemas byte for byte (what
`perfcode new` and `perfcode sample` write) is used as perfcode's own are: nothing to
check in them again. Any other schema file is checked before it is used."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest

from perfcode.io.schemas import BUNDLED, Schemas


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every schema python-jsonschema is asked to check."""
    checked: list[str] = []
    real = jsonschema.Draft202012Validator.check_schema

    def check_schema(schema: object, *args: object, **kwargs: object) -> None:
        checked.append(str(schema)[:40])
        real(schema, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonschema.Draft202012Validator, "check_schema", check_schema)
    return checked


def test_a_copy_of_perfcodes_own_schemas_is_not_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(BUNDLED, tmp_path / "schemas")
    checked = _checks(monkeypatch)
    schemas = Schemas(tmp_path / "schemas")
    assert schemas["person"].is_valid({"name": "王红军"}) == Schemas(BUNDLED)["person"].is_valid(
        {"name": "王红军"}
    )
    assert checked == [] and schemas.problems == []


def test_a_schema_changed_by_one_byte_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(BUNDLED, tmp_path / "schemas")
    person = tmp_path / "schemas" / "person.schema.json"
    person.write_bytes(person.read_bytes() + b"\n")
    checked = _checks(monkeypatch)
    Schemas(tmp_path / "schemas")["person"]
    assert len(checked) == 1
