"""Control characters written as YAML escapes ("\\x1b", "\\a", "\\0") are PC009 at their
value, so no command prints them raw: score, explain, export and status stop at the
problem and show the value escaped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfcode.cli import main
from perfcode.io import yaml as yamlio

BASE = Path(__file__).parents[2] / "validate" / "base"
HOSTILE = '"赵\\a敏\\x1b[31mRED\\x1b]0;pwned\\x07"'


@pytest.mark.parametrize(
    "escape", ["\\a", "\\x1b", "\\0", "\\x7f", "\\x85", "\\N", "\\r", "\\b", "\\x9b"]
)
def test_each_control_character_is_a_problem(escape: str) -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse(f'name: "a{escape}b"\n')
    assert (caught.value.code, caught.value.line, caught.value.column) == ("PC009", 1, 7)
    assert caught.value.message.isprintable()


def test_in_a_key_too() -> None:
    with pytest.raises(yamlio.YamlError) as caught:
        yamlio.parse('"na\\x1bme": x\n')
    assert caught.value.code == "PC009"


@pytest.mark.parametrize("text", ['"tab\\there"', '"two\\nlines"', '"\\u00e9t\\u00e9"'])
def test_tab_and_line_feed_stay_allowed(text: str) -> None:
    assert isinstance(yamlio.parse(f"name: {text}\n")["name"], str)


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "ROOT"],
        ["explain", "zhaomin", "ROOT"],
        ["export", "ROOT"],
        ["status", "ROOT", "--today", "2026-12-01"],
    ],
    ids=["score", "explain", "export", "status"],
)
def test_no_command_prints_them(
    argv: list[str], tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    person = root / "people" / "zhaomin.yaml"
    text = person.read_text(encoding="utf-8").replace("name: 赵敏", f"name: {HOSTILE}")
    person.write_text(text, encoding="utf-8")
    code = main([str(root) if arg == "ROOT" else arg for arg in argv])
    out, err = capfd.readouterr()
    assert code == 1
    assert "people/zhaomin.yaml:2:7: PC009" in out
    assert "\x1b" not in out + err and "\x07" not in out + err
