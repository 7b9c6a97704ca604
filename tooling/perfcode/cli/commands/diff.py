"""`perfcode diff`: which scores and grades change between two revisions."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from perfcode.check import check_repository
from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS
from perfcode.model import Repository
from perfcode.report import problems as report
from perfcode.score import CycleResult


def run(*, base: str, head: str, root: str, format: str) -> int:
    from perfcode import score as scoring
    from perfcode.io import git as gitrev
    from perfcode.report import diff

    folder = root_folder(root, records=False)
    sides: list[tuple[str, Repository, dict[str, CycleResult]]] = []
    with tempfile.TemporaryDirectory(prefix="perfcode-diff-") as scratch:
        for revision in (base, head):
            target = Path(scratch) / str(len(sides))
            made = gitrev.materialise(folder, revision, target)
            result = check_repository(target)
            name = f"{revision} ({made.commit[:7]})"
            if made.problems or result.failed_before_scoring:
                shown = sorted([*made.problems, *result.before_scoring], key=lambda p: p.sort_key())
                sys.stdout.write(report.text(shown, result.repository.documents))
                print(f"perfcode: the records at {name} have problems; run perfcode validate.")
                return EXIT_PROBLEMS
            results = scoring.score_all(result.repository, detail=False)
            sides.append((name, result.repository, results))
    (base_name, base_repo, base_results), (head_name, head_repo, head_results) = sides
    found = diff.compare(base_repo, base_results, head_repo, head_results, base_name, head_name)
    sys.stdout.write(diff.render(found, format))
    return EXIT_CLEAN
