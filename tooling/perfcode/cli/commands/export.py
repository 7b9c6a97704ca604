"""`perfcode export`: scores, grades and pay ratios as CSV for payroll."""

from __future__ import annotations

import sys
from pathlib import Path

from perfcode.cli.commands._common import cycles, root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS
from perfcode.io import write as fsio


def run(*, root: str, cycle: str | None, output: str | None) -> int:
    from perfcode.report import results as out

    folder = root_folder(root)
    found = scored(folder)
    if found is None:
        return EXIT_PROBLEMS
    data = out.to_csv(cycles(found[1], cycle)).encode("utf-8-sig")
    if output:
        target = Path(output)
        fsio.write(target, data, root=target.parent, named=output)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return EXIT_CLEAN
