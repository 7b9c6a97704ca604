"""`perfcode export` for payroll: the columns (employee number, department and manager by
name, the final grade after an appeal, pay ratio, pay correction, outcome names), CSV and
.xlsx read back with openpyxl, a hostile name that must not become a formula, --manager /
--department through perfcode.model.selection, and which files -o may replace."""

from __future__ import annotations

import csv
import io
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from perfcode.cli import main
from perfcode.report import results as out

SCORING = Path(__file__).parents[1] / "scoring" / "cases"
#: a small scored organisation with a granted appeal (its pay corrected the month after)
APPEAL = SCORING / "appeal-changes-the-grade"
HOSTILE = '=HYPERLINK("http://evil.example/","x")'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(APPEAL, root)
    # payroll's key, and a name a spreadsheet would otherwise run as a formula
    person = root / "people" / "gaofei.yaml"
    text = person.read_text(encoding="utf-8")
    text = text.replace("{name: Gao Fei,", f"{{name: '{HOSTILE}', employee_number: '000123',")
    assert HOSTILE in text
    person.write_text(text, encoding="utf-8")
    return root


def _csv(root: Path, *args: str, capsys: pytest.CaptureFixture[bytes]) -> list[list[str]]:
    assert main(["export", str(root), *args]) == 0
    data = capsys.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_payroll_columns(repo: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    rows = _csv(repo, capsys=capsysbinary)
    assert tuple(rows[0]) == out.CSV_COLUMNS
    # the machine header keeps every earlier column where it was
    for earlier in out.EARLIER_CSV_COLUMNS:
        assert tuple(rows[0][: len(earlier)]) == earlier
    table = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    gaofei = table["gaofei"]
    assert gaofei["employee_number"] == "000123"  # text: the leading zeros stay
    assert gaofei["name"] == "'" + HOSTILE  # inert: Excel shows it, never runs it
    assert gaofei["department"] == "Business" and gaofei["manager"] == "Huang Wei"
    assert gaofei["grade"] == "D" and gaofei["pay_correction"] == "2026-08"  # after the appeal
    assert table["majun"]["employee_number"] == ""


def test_outcome_names_not_ids(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    rows = _csv(SCORING / "draft-review-does-not-count", capsys=capsysbinary)
    gaofei = dict(zip(rows[0], rows[1], strict=True))
    assert gaofei["outcomes"] == "interview"  # the id, where it always was
    assert gaofei["outcome_names"] == "Interview within one week"


def test_xlsx_reads_back_as_cells(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "pay.xlsx"
    assert main(["export", str(repo), "--format", "xlsx", "-o", str(target)]) == 0
    book = openpyxl.load_workbook(target)
    sheet = book.active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert tuple(rows[0]) == out.CSV_COLUMNS
    by_person = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    gaofei = by_person["gaofei"]
    assert gaofei["name"] == HOSTILE  # the name exactly, as text
    cells = {c.column_letter: c for c in sheet[2]}
    name_cell = next(c for c in sheet[2] if c.value == HOSTILE)
    assert name_cell.data_type == "s" and name_cell.quotePrefix, "text, never a formula"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert isinstance(cells["E"].value, float | int) and cells["E"].value == 43  # score: a number
    assert gaofei["employee_number"] == "000123"
    # run again: the earlier workbook export is replaced
    assert main(["export", str(repo), "--format", "xlsx", "-o", str(target)]) == 0


def test_xlsx_needs_a_file_and_replaces_only_an_export(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(repo), "--format", "xlsx"]) == 2
    assert "name the file with -o" in capsys.readouterr().err
    salaries = tmp_path / "salaries.xlsx"
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(["工号", "工资"])
    book.save(salaries)
    before = salaries.read_bytes()
    assert main(["export", str(repo), "--format", "xlsx", "-o", str(salaries)]) == 2
    assert "not an earlier perfcode export" in capsys.readouterr().err
    assert salaries.read_bytes() == before


def test_an_earlier_csv_export_is_replaced(repo: Path, tmp_path: Path) -> None:
    for columns in out.EARLIER_CSV_COLUMNS:
        earlier = tmp_path / "pay.csv"
        earlier.write_bytes(("\ufeff" + ",".join(columns) + "\r\n").encode("utf-8"))
        assert main(["export", str(repo), "-o", str(earlier)]) == 0
        assert earlier.read_bytes().startswith(out.csv_headers()[0].encode("utf-8-sig"))


def test_a_manager_and_a_department(repo: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    everyone = [r[1] for r in _csv(repo, capsys=capsysbinary)[1:]]
    assert everyone == ["gaofei", "majun", "xuming"]  # huangwei and hr1 are not scored
    reports = _csv(repo, "--manager", "xuming", capsys=capsysbinary)
    assert reports == [list(out.CSV_COLUMNS)]  # no reports: the header alone
    reports = _csv(repo, "--manager", "huangwei", capsys=capsysbinary)
    assert [r[1] for r in reports[1:]] == everyone
    business = _csv(repo, "--department", "business", "--cycle", "2026-H1", capsys=capsysbinary)
    assert [r[1] for r in business[1:]] == everyone
    assert main(["export", str(repo), "--department", "nowhere"]) == 2


def test_the_readme_lists_the_import_columns() -> None:
    from perfcode.scaffold.imports import GOAL_COLUMNS, PEOPLE_COLUMNS

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- import-columns:start -->\n")[1].split("<!-- import-columns:end -->")[
        0
    ]
    rows = table.strip().splitlines()[2:]
    expected = [
        f"| {sheet} | {' / '.join(c.zh)} | {', '.join(c.en)} | `{c.key}` | {c.means} |"
        for sheet, columns in (("people", PEOPLE_COLUMNS), ("goals", GOAL_COLUMNS))
        for c in columns
    ]
    assert rows == expected


def test_dash_is_standard_output(
    repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = _csv(repo, "-o", "-", capsys=capsysbinary)
    assert tuple(rows[0]) == out.CSV_COLUMNS and len(rows) == 4
    assert main(["export", str(repo), "--format", "xlsx", "-o", "-"]) == 2
    assert b"-o - is standard output" in capsysbinary.readouterr().err
    assert not (tmp_path / "-").exists(), "no file called -"


def _far_cell(path: Path) -> None:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(list(out.CSV_COLUMNS))
    book.active["XFD1048576"] = "x"
    book.save(path)


def _zip_bomb(path: Path) -> None:
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(list(out.CSV_COLUMNS))
    book.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/sharedStrings.xml", "<sst><si><t>" + "a" * (51 << 20) + "</t></si></sst>"
        )


@pytest.mark.parametrize(
    ("make", "code"), [(_far_cell, 0), (_zip_bomb, 2)], ids=["far-cell", "zip-bomb"]
)
def test_the_earlier_export_check_is_bounded(
    make: Callable[[Path], None],
    code: int,
    repo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The check that -o names an earlier export reads the first row only, bounded: a
    workbook starting with the header and a cell at XFD1048576 (a million rows claimed) is
    an earlier export, replaced at once; one with a part that unpacks to 51 MB is refused
    before it is unpacked."""
    target = tmp_path / "big.xlsx"
    make(target)
    before = target.read_bytes()
    started = time.monotonic()
    assert main(["export", str(repo), "--format", "xlsx", "-o", str(target)]) == code
    assert time.monotonic() - started < 20, "at once, not after reading every row claimed"
    if code == 0:
        book = openpyxl.load_workbook(target, read_only=True)
        sheet = book.active
        assert sheet is not None and sheet.max_row == 4  # the export, the far cell gone
        book.close()
    else:
        assert "not an earlier perfcode export" in capsys.readouterr().err
        assert target.read_bytes() == before
