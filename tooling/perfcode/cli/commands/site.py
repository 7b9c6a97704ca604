"""`perfcode site`: the policies and records as a static site (MkDocs)."""

from __future__ import annotations

import sys
from pathlib import Path

from perfcode.cli.commands._common import day, root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS
from perfcode.report import problems as report


def run(*, root: str, out: str | None, audience: str, today: str | None) -> int:
    from perfcode.problems import Problem
    from perfcode.site import build as sitebuild

    folder = root_folder(root)
    judged = day(today).isoformat()
    target = Path(out) if out else None

    def problems(found: list[Problem], documents: int) -> None:
        sys.stdout.write(report.text(found, documents))
        print("perfcode: the records have problems; fix them before the site is built.")

    built = sitebuild.build(folder, out=target, audience=audience, today=judged, report=problems)
    if built is None:
        return EXIT_PROBLEMS
    print(
        f"built the {audience} site: {built.pages} pages in {built.out} "
        f"(pages {built.generation_seconds:.1f} s, mkdocs {built.mkdocs_seconds:.1f} s)"
    )
    return EXIT_CLEAN
