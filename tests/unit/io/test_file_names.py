"""A file or folder name that is not UTF-8 (people/a\\xff\\xfe.yaml) is a problem (PC035)
with the bytes shown as escapes, in every output format; it is never read."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from perfcode.cli import main
from perfcode.problems import CODES_ZH
from perfcode.report.problems import FORMATS

BASE = Path(__file__).parents[2] / "validate" / "base"
PERSON = (BASE / "people" / "zhaomin.yaml").read_bytes()


def _repository(tmp_path: Path, name: bytes) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    target = os.fsencode(root) + b"/" + name
    if name.endswith(b"/"):
        os.mkdir(target)
        target += b"zhaomin.yaml"
    with open(target, "wb") as out:
        out.write(PERSON)
    return root


@pytest.mark.parametrize("fmt", [*FORMATS, "markdown"])
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"people/a\xff\xfe.yaml", "people/a\\xff\\xfe.yaml"),
        (b"cycles/2026-H2/contracts/\xc0\xaf/", "cycles/2026-H2/contracts/\\xc0\\xaf"),
    ],
    ids=["file", "folder"],
)
def test_reported_in_every_format(
    fmt: str, name: bytes, shown: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    root = _repository(tmp_path, name)
    code = main(["validate", str(root), "--format", fmt])
    out, err = capfd.readouterr()
    assert (code, err) == (1, "")
    if fmt == "json":
        problems = json.loads(out)["problems"]
        assert [(p["path"], p["code"]) for p in problems] == [(shown, "PC035")]
    elif fmt == "text":
        assert out.splitlines() == [
            f"{shown}:1:1: PC035 {CODES_ZH['PC035']} this name is not UTF-8 text "
            "(the bytes shown as \\x.. escapes), "
            "so nobody can read it and Git shows it differently on each system: rename it with "
            "an id in lower-case letters, digits, - and _",
            "已检查 13 个文件:1 个问题。",  # base/ is a zh organisation
        ]
    else:
        assert "PC035" in out and shown in out
    assert all(line.isprintable() for line in out.splitlines())
