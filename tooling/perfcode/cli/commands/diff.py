"""`perfcode diff`: which scores and grades change between two revisions."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS
from perfcode.i18n import organisation_language
from perfcode.model import Repository
from perfcode.score import CycleResult


def run(*, base: str, head: str, root: str, format: str) -> int:
    from perfcode import pipeline
    from perfcode.io import git as gitrev
    from perfcode.report import diff

    folder = root_folder(root, records=False)
    sides: list[tuple[str, Repository, dict[str, CycleResult]]] = []
    with tempfile.TemporaryDirectory(prefix="perfcode-diff-") as scratch:
        for revision in (base, head):
            target = Path(scratch) / str(len(sides))
            made = gitrev.materialise(folder, revision, target)
            gate = pipeline.score_repository(target, also=made.problems)
            name = f"{revision} ({made.commit[:7]})"
            if gate.results is None:
                documents = gate.repository.documents
                language = organisation_language(gate.repository.org)
                sys.stdout.write(diff.refused(name, gate.problems, documents, format, language))
                return EXIT_PROBLEMS
            sides.append((name, gate.repository, gate.results))
    (base_name, base_repo, base_results), (head_name, head_repo, head_results) = sides
    found = diff.compare(base_repo, base_results, head_repo, head_results, base_name, head_name)
    sys.stdout.write(diff.render(found, format, organisation_language(head_repo.org)))
    return EXIT_CLEAN
