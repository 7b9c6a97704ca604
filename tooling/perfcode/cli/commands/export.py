"""`perfcode export`: the payroll table (scores, grades, pay ratios, employee numbers,
departments, managers, outcomes) as CSV (UTF-8 with a BOM, for Excel) or an .xlsx workbook.

`-o FILE` writes a new file, or replaces an earlier export (a CSV file that starts with the
export's header row, this version's or an earlier one's; a workbook whose first row is
one of them), so the same command can run every month. It refuses anything else:
a file that is not a perfcode export (a record, `mkdocs.yml`, a README, a salary sheet), a
folder, a place in the repository's records or code folders (`people/`, `cycles/`,
`schemas/`, `.github/`, ...), anything in a `.git` folder, and a name with a symbolic link
in it as typed. `--format xlsx` needs `-o` (a workbook is not for a terminal). `-o -` is
standard output, as for other Unix tools (CSV only: a workbook is refused there too).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from perfcode.cli.commands._common import cycles, root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.io import write as fsio
from perfcode.model.selection import Selection, people


def run(
    *,
    root: str,
    cycle: str | None,
    output: str | None,
    format: str = "csv",
    selection: Selection | None = None,
) -> int:
    from perfcode.io import sheets
    from perfcode.report import results as out

    if output == "-":  # standard output, as Unix tools take it
        output = None
        if format == "xlsx":
            raise PerfcodeError(
                "-o - is standard output, and --format xlsx writes a workbook, which is not for "
                "a terminal or a pipe: name the file with -o FILE"
            )
    if format == "xlsx" and output is None:
        raise PerfcodeError("--format xlsx writes a workbook: name the file with -o FILE")
    folder = root_folder(root)
    headers = tuple(h.encode("utf-8-sig") for h in out.csv_headers())
    target = _target(output, folder, headers, workbook=format == "xlsx") if output else None
    found = scored(folder)
    if found is None:
        return EXIT_PROBLEMS
    repository, results = found
    chosen = people(repository, selection or Selection())
    rows = out.payroll_rows(cycles(results, cycle), repository, chosen)
    if format == "xlsx":
        data = sheets.workbook(rows, title="payroll")
    else:
        data = out.to_csv(rows).encode("utf-8-sig")
    if target is not None:
        fsio.write(target, data, root=target.parent, named=output)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return EXIT_CLEAN


def _target(output: str, root: Path, headers: tuple[bytes, ...], *, workbook: bool) -> Path:
    """The file `-o OUTPUT` may write (see the module's docstring), else Refused.
    HEADERS: how every CSV export starts (the byte order mark and the header row), this
    perfcode's and earlier ones'; a WORKBOOK replaces a workbook whose first row is one."""
    path = fsio.typed_path(output)  # absolute, no link on the way
    refuse = f"refusing to write {output}"
    if ".git" in path.parts:
        raise fsio.Refused(f"{refuse}: it lies in a .git folder, which holds a git repository")
    repository = root.resolve()
    if repository in path.parents:
        first = path.relative_to(repository).parts[0]
        if first in fsio.PROTECTED:
            raise fsio.Refused(
                f"{refuse}: it lies in {first}/, which holds the repository's records or code; "
                "export to a file outside it"
            )
        if first == "site":
            raise fsio.Refused(
                f"{refuse}: it lies in site/, the docs folder that perfcode site publishes; "
                "export to a file outside it"
            )
    try:
        info = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return path  # a new file (a missing folder is the writer's sentence)
    if stat.S_ISDIR(info.st_mode):
        raise fsio.Refused(f"{refuse}: it is a folder; name a file")
    earlier = _earlier_workbook if workbook else _starts_with
    if not stat.S_ISREG(info.st_mode) or not earlier(path, headers):
        raise fsio.Refused(
            f"refusing to replace {output}: it is not an earlier perfcode export (it does not "
            "start with the export's header row); name a new file"
        )
    return path


def _starts_with(path: Path, headers: tuple[bytes, ...]) -> bool:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        start = os.read(fd, max(len(h) for h in headers))
    finally:
        os.close(fd)
    return any(start.startswith(h) for h in headers)


def _earlier_workbook(path: Path, headers: tuple[bytes, ...]) -> bool:
    """Whether PATH is a workbook whose first sheet starts with an export's header row."""
    from perfcode.io import sheets

    wanted = {h.decode("utf-8-sig").rstrip("\r\n") for h in headers}
    try:  # the first row only, read as imports read: bounded, whatever the file claims
        sheet = sheets.read(path, shown=path.name, rows=1)
    except sheets.SheetError:
        return False
    return sheet.name is not None and bool(sheet.rows) and ",".join(sheet.rows[0]) in wanted
