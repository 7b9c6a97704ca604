"""`perfcode import people|goals` on the small organisation of tests/validate/base: one
folder per case under cases/.

A case holds `case.yaml` (`args`: what follows `perfcode import`, the sheet named as a file
of the case; `exit`: the exit code, 0 by default; `xlsx`: a workbook to make with openpyxl,
`{name, sheets: {title: rows}}`, with `hidden: [title]` sheets hidden, `cells: {title:
{address: value}}` set beyond the rows, and `parts: {path: megabytes}` parts of that many
megabytes of one string put into the saved workbook (a zip bomb), `cut: [path]` parts cut
off halfway (a broken workbook); `encode`: write the case's
CSV in this encoding first),
`files/` (laid over a copy of base/ before the import), the sheet, `expected.txt` (what the
command prints) and `expected/` (every file the import writes, as written; every other file
must be left as it was). Set PERFCODE_UPDATE_EXPECTED=1 to rewrite expected.txt and
expected/ from the current output; then read every changed line before keeping it.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
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
        xlsx = spec["xlsx"]
        book = openpyxl.Workbook()
        first = True
        for title, rows in xlsx["sheets"].items():
            sheet = book.active if first else book.create_sheet()
            assert sheet is not None
            sheet.title = title
            first = False
            for row in rows:
                sheet.append(row)
            if title in xlsx.get("hidden", ()):
                sheet.sheet_state = "hidden"
            for address, value in xlsx.get("cells", {}).get(title, {}).items():
                sheet[address] = value
        book.save(where / xlsx["name"])
        if xlsx.get("cut"):
            saved = (where / xlsx["name"]).read_bytes()
            with (
                zipfile.ZipFile(io.BytesIO(saved)) as source,
                zipfile.ZipFile(where / xlsx["name"], "w", zipfile.ZIP_DEFLATED) as archive,
            ):
                for info in source.infolist():
                    data = source.read(info.filename)
                    cut = info.filename in xlsx["cut"]
                    archive.writestr(info.filename, data[: len(data) // 2] if cut else data)
        for part, megabytes in xlsx.get("parts", {}).items():
            with zipfile.ZipFile(where / xlsx["name"], "a", zipfile.ZIP_DEFLATED) as archive:
                text = "a" * (megabytes * 1024 * 1024)
                archive.writestr(
                    part, f'<sst count="1" uniqueCount="1"><si><t>{text}</t></si></sst>'
                )


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
