"""`perfcode validate`: every problem in the records, at once."""

from __future__ import annotations

import sys

from perfcode.check import check_repository
from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS
from perfcode.i18n import organisation_language
from perfcode.report import problems as report


def run(*, root: str, format: str) -> int:
    folder = root_folder(root)
    result = check_repository(folder)
    language = organisation_language(result.repository.org)
    sys.stdout.write(report.render(result.problems, result.repository.documents, format, language))
    return EXIT_PROBLEMS if result.failed else EXIT_CLEAN
