"""`perfcode validate`: every problem in the records, at once."""

from __future__ import annotations

import sys

from perfcode.check import check_repository
from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS
from perfcode.i18n import organisation_language
from perfcode.problems import Problem, has_errors
from perfcode.report import problems as report
from perfcode.site import config as siteconfig


def run(*, root: str, format: str) -> int:
    folder = root_folder(root)
    result = check_repository(folder)
    # the site's configuration lies in the repository too: what `perfcode site` refuses (PC106)
    problems = sorted([*result.problems, *siteconfig.check(folder).problems], key=Problem.sort_key)
    language = organisation_language(result.repository.org)
    sys.stdout.write(report.render(problems, result.repository.documents, format, language))
    return EXIT_PROBLEMS if has_errors(problems) else EXIT_CLEAN
