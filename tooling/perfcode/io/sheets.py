"""Spreadsheets at the edge: a CSV file or an Excel workbook (.xlsx) in, as rows of text;
an Excel workbook out (`perfcode export --format xlsx`).

CSV is read as UTF-8 (with or without the byte order mark Excel writes) or, when it is
not UTF-8, as GB18030, which Excel in China writes (GBK and GB2312 are parts of it). An
.xlsx is read with openpyxl (values, not formulas: a formula cell gives the value Excel
last computed), its first sheet or the one named. Every cell becomes text: a number as
written (123, 1.5; 123.0 → 123), a date or time as ISO text (2026-01-05), nothing as "".
Where a cell is, for a problem: `people.csv:14:3` (line:column) or `people.xlsx:Sheet1!C14`.

Writing: every value is a cell of its own type — text as text, numbers as numbers — and
never a formula, whatever it starts with (`=`, `+`, `-`, `@`): openpyxl would take text
starting with `=` for a formula, so such cells are set to text explicitly.

openpyxl is imported only here, and only when a workbook is read or written (the
signatures workflow, which imports perfcode.io, installs no spreadsheet library).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

#: the largest sheet perfcode reads (a sheet of 100,000 people is a few MB)
MAX_BYTES = 50 * 1024 * 1024

Cell = str | int | Decimal | None


class SheetError(Exception):
    """The sheet cannot be read; the message is a sentence for the user."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet's rows as text. ROWS[i] is at line or row NUMBERS[i] (CSV: the line its
    record starts on; a quoted value may hold line breaks); the first row is the header."""

    shown: str  # the file as the user named it
    name: str | None  # the sheet of a workbook; None for CSV
    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...]

    def where(self, index: int, column: int) -> str:
        """Where the cell of row ROWS[INDEX], COLUMN (from 1) is: file:line:column for
        CSV, file:Sheet!C14 for a workbook."""
        number = self.numbers[index]
        if self.name is None:
            return f"{self.shown}:{number}:{column}"
        return f"{self.shown}:{self.name}!{column_letter(column)}{number}"

    def row_where(self, index: int) -> str:
        """Where a whole row is (its first cell)."""
        return self.where(index, 1)


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (as Excel names columns)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read(path: Path, *, shown: str, sheet: str | None = None) -> Sheet:
    """The sheet at PATH (SHOWN: how messages name it): .xlsx by its name or its content
    (a zip file), else CSV. SheetError when it cannot be read."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SheetError(f"{shown} does not exist") from None
    except IsADirectoryError:
        raise SheetError(f"{shown} is a folder, not a sheet") from None
    except OSError as exc:
        raise SheetError(f"{shown} cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise SheetError(f"{shown} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    workbook = data.startswith(b"PK\x03\x04")
    if path.suffix.lower() in (".xlsx", ".xlsm") or workbook:
        return _workbook(data, shown, sheet)
    if path.suffix.lower() == ".xls":
        raise SheetError(
            f"{shown} is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV in Excel"
        )
    if sheet is not None:
        raise SheetError(f"{shown} is a CSV file, which has no sheets: leave out --sheet")
    return _csv(data, shown)


def _decode(data: bytes, shown: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetError(
            f"{shown} is neither UTF-8 nor GB18030 text: save it from Excel as "
            "'CSV UTF-8' or as .xlsx"
        ) from None


def _csv(data: bytes, shown: str) -> Sheet:
    if b"\x00" in data:
        raise SheetError(f"{shown} is not a CSV file (it holds binary data): name a .csv or .xlsx")
    reader = csv.reader(io.StringIO(_decode(data, shown), newline=""))
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(tuple(cell.strip() for cell in record))
                numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SheetError(f"{shown}:{reader.line_num}: not CSV as Excel writes it ({exc})") from None
    return Sheet(shown, None, tuple(rows), tuple(numbers))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _workbook(data: bytes, shown: str, sheet: str | None) -> Sheet:
    import zipfile

    import openpyxl

    try:
        with warnings.catch_warnings():  # a workbook from another program: style warnings
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise SheetError(
            f"{shown} is not an Excel workbook (.xlsx) perfcode can read ({exc})"
        ) from None
    try:
        names = list(book.sheetnames)
        if sheet is None:
            if not names:
                raise SheetError(f"{shown} has no sheets")
            sheet = names[0]
        elif sheet not in names:
            raise SheetError(f"{shown} has no sheet {sheet!r} (sheets: {', '.join(names)})")
        worksheet = book[sheet]
        rows: list[tuple[str, ...]] = []
        numbers: list[int] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, values in enumerate(
                worksheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1
            ):
                cells = tuple(_text(v) for v in values)
                if any(cells):
                    rows.append(cells)
                    numbers.append(number)
    finally:
        book.close()
    return Sheet(shown, sheet, tuple(rows), tuple(numbers))


def workbook(rows: Sequence[Sequence[Cell]], *, title: str) -> bytes:
    """An .xlsx of one sheet TITLE holding ROWS (the first the header, in bold): text cells
    are text (never formulas), numbers are numbers, None is an empty cell."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # a text that starts with "=" stays text, not a formula
                if value[:1] in FORMULA_STARTS:
                    cell.quotePrefix = True  # and Excel shows and edits it as text too
            if r == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: what makes a spreadsheet take a cell for a formula (OWASP's CSV injection list)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
