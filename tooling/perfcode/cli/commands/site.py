"""`perfcode site`: the policies and records as a static site (MkDocs)."""

from __future__ import annotations

import sys
from pathlib import Path

from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS
from perfcode.i18n import Labels, organisation_language
from perfcode.report import problems as report


def run(*, root: str, out: str | None, audience: str, today: str | None) -> int:
    from perfcode import clock, pipeline
    from perfcode.site import build as sitebuild
    from perfcode.site import config as siteconfig

    folder = root_folder(root)
    target = Path(out) if out else None
    # the gate sitebuild.build passes, with mkdocs.yml's problems (PC106) beside the records'
    gate = pipeline.score_repository(folder, detail=True, also=siteconfig.check(folder).problems)
    if gate.results is None:
        language = organisation_language(gate.repository.org)
        sys.stdout.write(report.text(gate.problems, gate.repository.documents, language))
        t = Labels(language)
        print(t.say("records_have_problems", before=t.say("before_site")))
        return EXIT_PROBLEMS
    judged = clock.today(gate.repository.org, today)
    built = sitebuild.build_scored(
        folder,
        gate.repository,
        gate.results,
        out=target,
        audience=audience,
        today=judged.iso,
        pinned_by=judged.pinned_by,
    )
    if judged.note is not None:
        print(judged.note)
    print(
        f"built the {audience} site: {built.pages} pages in {built.out} "
        f"(pages {built.generation_seconds:.1f} s, mkdocs {built.mkdocs_seconds:.1f} s)"
    )
    return EXIT_CLEAN
