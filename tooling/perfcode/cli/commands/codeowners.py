"""`perfcode codeowners`: .github/CODEOWNERS from the registry, written or checked."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import organisation_language
from perfcode.io import write as fsio
from perfcode.problems import has_errors
from perfcode.report import problems as report

if TYPE_CHECKING:
    from perfcode.check import CheckResult


def run(*, root: str, check: bool) -> int:
    from perfcode.check import check_repository

    folder = root_folder(root)
    return written_or_checked(folder, check_repository(folder), check=check)


def written_or_checked(folder: Path, checked: CheckResult, *, check: bool) -> int:
    """Write FOLDER's CODEOWNERS from the CHECKED registry, or (CHECK) compare it."""
    from perfcode.signatures import codeowners

    repository = checked.repository
    found = codeowners.registry_problems(checked.problems)
    if has_errors(found):  # a person whose record cannot be read would be left out
        language = organisation_language(repository.org)
        sys.stdout.write(report.text(found, repository.documents, language))
        print(
            f"perfcode: the registry (people/) has problems; fix them before {codeowners.PATH} "
            "is written or checked."
        )
        return EXIT_PROBLEMS
    if repository.org is None or not repository.people:
        raise PerfcodeError(f"{folder} has no readable people/ registry (run perfcode validate)")
    text = codeowners.render(repository.people, repository.org)
    target = folder / codeowners.PATH
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check:
        if current != text:
            print(f"{codeowners.PATH} is stale: run `perfcode codeowners` and commit the result.")
            return EXIT_PROBLEMS
        print(f"{codeowners.PATH} is up to date.")
        return EXIT_CLEAN
    fsio.write(target, text, root=folder)
    print(f"wrote {codeowners.PATH} ({len(repository.people)} people)")
    return EXIT_CLEAN
