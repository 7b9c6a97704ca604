"""Spreadsheets at the edge: a CSV file or an Excel workbook (.xlsx) in, as rows of text;
an Excel workbook out (`perfcode export --format xlsx`).

CSV is read as UTF-8 (with or without the byte order mark Excel writes) or, when it is
not UTF-8, as GB18030, which Excel in China writes (GBK and GB2312 are parts of it). An
.xlsx is read with openpyxl (values, not formulas: a formula cell gives the value Excel
last computed), its first visible sheet (a hidden one is HR's scratch, lookup lists) or
the one named. Every cell becomes text: a number as written (123, 1.5; 123.0 → 123), a
date or time as ISO text (2026-01-05), nothing as "". Where a cell is, for a problem:
`people.csv:14:3` (line:column) or `people.xlsx:Sheet1!C14`.

Bounded, whatever the file claims: at most `MAX_BYTES` read; a workbook's parts (it is a
zip archive) are measured before openpyxl unpacks any, each at most `MAX_PART` and all
together `MAX_UNPACKED` (a 400 KB file can unpack to gigabytes); only the rows a sheet
holds are read (openpyxl's read-only mode, its claimed dimensions reset: one cell at
XFD1048576 would otherwise be a million rows of 16,384 cells), and a sheet longer than
`MAX_ROWS` or wider than `MAX_COLUMNS` is refused at its first cell beyond them. CSV is
read strictly: a quote left open is an error at its row, not the rest of the file as one
cell.

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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

#: the largest sheet perfcode reads (a sheet of 100,000 people is a few MB)
MAX_BYTES = 50 * 1024 * 1024
#: the most rows a sheet may have, header included: perfcode keeps one file per person and
#: one goal per row, and 20,000 is several times the staff of the companies it is for (a
#: registry that size already takes seconds to check); a sheet longer than that is not HR's
#: staff list but a mistake (a stray cell far below) or an attack
MAX_ROWS = 20_000
#: the most columns: the imports read at most 11, and HR's sheets carry a few dozen more
#: (phone, notes); 200 leaves room for any of them and stops a cell at column XFD
MAX_COLUMNS = 200
#: the most one part of a workbook may unpack to (its sheet, its shared strings), and all of
#: them together: a staff list of 20,000 rows is a few MB of XML, so these leave ten times
#: that while a zip bomb (one 400 MB string that compresses to 400 KB) is refused unopened
MAX_PART = 50 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
#: the most parts a workbook may hold (a sheet is a few; a folder of a million names is not)
MAX_PARTS = 10_000

Cell = str | int | Decimal | None


class SheetError(Exception):
    """The sheet cannot be read; the message is a sentence for the user, WHERE where the
    trouble is (`people.csv:7`, `people.xlsx:Sheet1!A20001`), None for the whole file."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.where = where


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


def read(path: Path, *, shown: str, sheet: str | None = None, rows: int | None = None) -> Sheet:
    """The sheet at PATH (SHOWN: how messages name it): .xlsx by its name or its content
    (a zip file), else CSV; only its first ROWS rows that hold something, when given.
    SheetError when it cannot be read."""
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
        return _workbook(data, shown, sheet, rows)
    if path.suffix.lower() == ".xls":
        raise SheetError(
            f"{shown} is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV in Excel"
        )
    if sheet is not None:
        raise SheetError(f"{shown} is a CSV file, which has no sheets: leave out --sheet")
    return _csv(data, shown, rows)


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


def _csv(data: bytes, shown: str, wanted: int | None) -> Sheet:
    if b"\x00" in data:
        raise SheetError(f"{shown} is not a CSV file (it holds binary data): name a .csv or .xlsx")
    text = _decode(data, shown)
    if text.count(",") > MAX_ROWS * MAX_COLUMNS:  # before csv makes a list of every cell
        raise SheetError(f"{shown} holds more cells than {_most()}")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(rows) >= MAX_ROWS:
                    raise SheetError(f"the sheet is longer than {_most()}", f"{shown}:{start}")
                if len(record) > MAX_COLUMNS:
                    raise SheetError(f"the row is wider than {_most()}{_RIGHT}", f"{shown}:{start}")
                rows.append(tuple(cell.strip() for cell in record))
                numbers.append(start)
                if wanted is not None and len(rows) >= wanted:
                    break
            start = reader.line_num + 1
    except csv.Error as exc:
        unclosed = "unexpected end of data" in str(exc)
        why = 'a quote (") opens a value here and is never closed' if unclosed else str(exc)
        raise SheetError(
            f"not CSV as Excel writes it: {why}; fix the row, or save the sheet from Excel again",
            f"{shown}:{start}",
        ) from None
    return Sheet(shown, None, tuple(rows), tuple(numbers))


_BELOW = ": delete what lies below the list (in Excel, Ctrl+End goes to the last cell)"
_RIGHT = ": delete what lies right of the list (in Excel, Ctrl+End goes to the last cell)"


def _most() -> str:
    return f"perfcode reads ({MAX_ROWS:,} rows of {MAX_COLUMNS} columns at most)"


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


def _measured(data: bytes, shown: str) -> None:
    """SheetError unless the workbook's parts unpack within MAX_PART each and MAX_UNPACKED
    together (zipfile reads no more than a part declares, so the declared sizes bind)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetError(
            f"{shown} is not an Excel workbook (.xlsx) perfcode can read ({exc})"
        ) from None
    mb = 1024 * 1024
    if len(parts) > MAX_PARTS:
        raise SheetError(f"{shown} holds {len(parts):,} parts, more than a workbook has")
    for part in parts:
        if part.file_size > MAX_PART:
            raise SheetError(
                f"{shown} is not a sheet perfcode reads: its part {part.filename} unpacks to "
                f"{part.file_size // mb:,} MB (at most {MAX_PART // mb} MB)"
            )
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED:
        raise SheetError(
            f"{shown} is not a sheet perfcode reads: it unpacks to {total // mb:,} MB "
            f"(at most {MAX_UNPACKED // mb} MB)"
        )


def _workbook(data: bytes, shown: str, sheet: str | None, wanted: int | None) -> Sheet:
    import zipfile

    import openpyxl

    _measured(data, shown)
    #: what a broken workbook raises (its XML's ParseError is a SyntaxError), while it is
    #: opened or while its rows are read (openpyxl parses a sheet as it goes)
    broken = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError)
    try:
        with warnings.catch_warnings():  # a workbook from another program: style warnings
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except broken as exc:
        raise SheetError(
            f"{shown} is not an Excel workbook (.xlsx) perfcode can read ({exc})"
        ) from None
    try:
        return _rows(book, shown, sheet, wanted)
    except broken as exc:
        raise SheetError(
            f"{shown} is not an Excel workbook (.xlsx) perfcode can read ({exc})"
        ) from None
    finally:
        book.close()


def _rows(book: Workbook, shown: str, sheet: str | None, wanted: int | None) -> Sheet:
    """The rows of BOOK's sheet SHEET (None: its first visible one), bounded."""
    names = list(book.sheetnames)
    if sheet is None:
        visible = [n for n in names if book[n].sheet_state == "visible" and _table(book[n])]
        if not visible:
            raise SheetError(f"{shown} has no visible sheet: name one with --sheet")
        sheet = visible[0]
    elif sheet not in names:
        raise SheetError(f"{shown} has no sheet {sheet!r} (sheets: {', '.join(names)})")
    worksheet = book[sheet]
    if not _table(worksheet):
        raise SheetError(f"{shown}'s sheet {sheet!r} is a chart, not rows and columns")
    if hasattr(worksheet, "reset_dimensions"):  # what the file claims is not read
        worksheet.reset_dimensions()
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for number, values in enumerate(
            worksheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1
        ):
            if not any(v is not None for v in values):
                continue  # a row the file leaves out, or one of empty cells
            if number > MAX_ROWS:
                column = next(i for i, v in enumerate(values, 1) if v is not None)
                where = f"{shown}:{sheet}!{column_letter(column)}{number}"
                raise SheetError(f"the sheet is longer than {_most()}{_BELOW}", where)
            if any(v is not None for v in values[MAX_COLUMNS:]):
                column = next(
                    i for i, v in enumerate(values, 1) if i > MAX_COLUMNS and v is not None
                )
                where = f"{shown}:{sheet}!{column_letter(column)}{number}"
                raise SheetError(f"the sheet is wider than {_most()}{_RIGHT}", where)
            cells = tuple(_text(v) for v in values[:MAX_COLUMNS])
            if any(cells):
                rows.append(cells)
                numbers.append(number)
                if wanted is not None and len(rows) >= wanted:
                    break
    return Sheet(shown, sheet, tuple(rows), tuple(numbers))


def _table(worksheet: object) -> bool:
    """Whether a workbook's sheet holds cells (a chart sheet holds none)."""
    return hasattr(worksheet, "iter_rows")


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
