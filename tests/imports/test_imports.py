"""`perfcode import people|goals` on the small organisation of tests/validate/base: one
folder per case under cases/.

A case holds `case.yaml` (`args`: what follows `perfcode import`, the sheet named as a file
of the case; `exit`: the exit code, 0 by default; `xlsx`: a workbook to make with openpyxl,
`{name, sheets: {title: rows}}`; `encode`: write the case's CSV in this encoding first),
`files/` (laid over a copy of base/ before the import), the sheet, `expected.txt` (what the
command prints) and `expected/` (every file the import writes, as written; every other file
must be left as it was). Set PERFCODE_UPDATE_EXPECTED=1 to rewrite expected.txt and
expected/ from the current output; then read every changed line before keeping it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from perfcode.cli import main

HERE = Path(__file__).parent
BASE = HERE.parent / "validate" / "base"
CASES = sorted(p for p in (HERE / "cases").iterdir() if p.is_dir())
UPDATE = os.environ.get("PERFCODE_UPDATE_EXPECTED") == "1"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _sheet(case: Path, spec: dict[str, Any], where: Path) -> None:
    """The case's sheet in WHERE: copied, re-encoded, or a workbook made here."""
    for name in ("people.csv", "goals.csv"):
        if (case / name).is_file():
            data = (case / name).read_text(encoding="utf-8")
            encoding = spec.get("encode", "utf-8")
            (where / name).write_bytes(data.encode(encoding))
    if "xlsx" in spec:
        book = openpyxl.Workbook()
        first = True
        for title, rows in spec["xlsx"]["sheets"].items():
            sheet = book.active if first else book.create_sheet()
            assert sheet is not None
            sheet.title = title
            first = False
            for row in rows:
                sheet.append(row)
        book.save(where / spec["xlsx"]["name"])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_import(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec: dict[str, Any] = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    root = tmp_path / "repo"
    shutil.copytree(BASE, root)
    if (case / "files").is_dir():
        shutil.copytree(case / "files", root, dirs_exist_ok=True)
    sheets = tmp_path / "in"
    sheets.mkdir()
    _sheet(case, spec, sheets)
    before = _tree(root)
    args = [a if not a.endswith((".csv", ".xlsx")) else str(sheets / a) for a in spec["args"]]
    code = main(["import", *args, "--root", str(root)])
    out, err = capsys.readouterr()
    assert err == ""
    assert "Traceback" not in out
    after = _tree(root)
    written = {p: data for p, data in after.items() if before.get(p) != data}
    assert set(before) <= set(after), "an import never deletes"
    expected_dir = case / "expected"
    if UPDATE:
        (case / "expected.txt").write_text(out, encoding="utf-8")
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, data in written.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_bytes(data)
    assert out == (case / "expected.txt").read_text(encoding="utf-8")
    assert code == spec.get("exit", 0)
    expected = _tree(expected_dir) if expected_dir.is_dir() else {}
    assert written == expected
    if "--dry-run" in args or code != 0:
        assert not written, "nothing is written by a dry run or an import with problems"
    if code == 0:  # what the import wrote validates
        assert main(["validate", str(root)]) == 0, capsys.readouterr().out
        capsys.readouterr()
