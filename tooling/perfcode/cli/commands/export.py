"""`perfcode export`: scores, grades and pay ratios as CSV for payroll.

`-o FILE` writes a new file, or replaces an earlier export (a file that starts with the
export's header row), so the same command can run every month. It refuses anything else:
a file that is not a perfcode export (a record, `mkdocs.yml`, a README), a folder, a place
in the repository's records or code folders (`people/`, `cycles/`, `schemas/`, `.github/`,
...), anything in a `.git` folder, and a name with a symbolic link in it as typed.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from perfcode.cli.commands._common import cycles, root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS
from perfcode.io import write as fsio


def run(*, root: str, cycle: str | None, output: str | None) -> int:
    from perfcode.report import results as out

    folder = root_folder(root)
    headers = tuple(h.encode("utf-8-sig") for h in out.csv_headers())
    target = _target(output, folder, headers) if output else None
    found = scored(folder)
    if found is None:
        return EXIT_PROBLEMS
    data = out.to_csv(cycles(found[1], cycle)).encode("utf-8-sig")
    if target is not None:
        fsio.write(target, data, root=target.parent, named=output)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return EXIT_CLEAN


def _target(output: str, root: Path, headers: tuple[bytes, ...]) -> Path:
    """The file `-o OUTPUT` may write (see the module's docstring), else Refused.
    HEADERS: how every export starts (the byte order mark and the header row), this
    perfcode's and earlier ones'."""
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
    if not stat.S_ISREG(info.st_mode) or not _starts_with(path, headers):
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
