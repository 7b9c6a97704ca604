"""`perfcode check`: `validate`, `score --check` and `codeowners --check` in one go, from
one load of the records (the pre-commit hook `perfcode-check`, and what a person runs
before pushing)."""

from __future__ import annotations

import sys

from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS
from perfcode.i18n import Labels, organisation_language
from perfcode.problems import Problem, has_errors


def run(*, root: str) -> int:
    from perfcode.check import check_repository
    from perfcode.cli.commands import codeowners, score
    from perfcode.report import problems as report
    from perfcode.score import score_all
    from perfcode.site import config as siteconfig

    folder = root_folder(root)
    checked = check_repository(folder)
    problems = sorted([*checked.problems, *siteconfig.check(folder).problems], key=Problem.sort_key)
    language = organisation_language(checked.repository.org)
    sys.stdout.write(report.render(problems, checked.repository.documents, "text", language))
    codes = [EXIT_PROBLEMS if has_errors(problems) else EXIT_CLEAN]
    if checked.failed_before_scoring:  # nothing to score: validate's problems say why
        t = Labels(language)
        print(t.say("records_have_problems", before=t.say("before_scores")))
        return EXIT_PROBLEMS
    results = score_all(checked.repository, detail=False)
    codes.append(score.check_cycles(folder, list(results.values()), language))
    codes.append(codeowners.written_or_checked(folder, checked, check=True))
    return max(codes)
