"""`perfcode site`: the policies and records as a static site (MkDocs).

Confidential words are opened only when asked for: the private edition (HR's) and `me` (a
person's own record) with `--identity KEY`, never with a key found elsewhere
($PERFCODE_IDENTITY, ~/.ssh): a site is a tree of files that lasts and travels, so opening
words into one is a decision, not a default. The public edition opens nothing, ever.
"""

from __future__ import annotations

import sys
from pathlib import Path

from perfcode.cli.commands._common import root_folder
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.i18n import Labels, organisation_language
from perfcode.report import problems as report


def run(
    *, root: str, out: str | None, audience: str, today: str | None, identity: str | None = None
) -> int:
    from perfcode import clock, pipeline
    from perfcode.cli.commands import _sealed
    from perfcode.seal.open import open_repository, open_values
    from perfcode.site import build as sitebuild
    from perfcode.site import config as siteconfig

    if audience == "public" and identity is not None:
        raise PerfcodeError(
            "the public site opens no confidential words: --identity is for "
            "--audience private or --audience me"
        )
    if audience == "me" and identity is None:
        raise PerfcodeError(
            "--audience me builds the own record of the person whose key it is: give --identity KEY"
        )
    keys = _sealed.identities(identity, required=True) if identity is not None else None
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
    owner = None
    if audience == "me":
        assert keys is not None
        owner = keys.owner(gate.repository.people)
        if owner is None:
            raise PerfcodeError(f"this key is no one's in people/: {keys.path}")
    # after scoring (which never needs a key), before the views; HR's edition without a
    # key opens nothing and counts what stays sealed
    words = None
    if audience != "public":
        secrets = keys.secrets if keys is not None else ()
        opened = open_repository(gate.repository, secrets)
        results = open_values(gate.results, secrets)
        words = sitebuild.Keyed(opened.repository, results, opened.opened, opened.closed)
    judged = clock.today(gate.repository.org, today)
    built = sitebuild.build_scored(
        folder,
        gate.repository,
        gate.results,
        out=target,
        audience=audience,
        today=judged.iso,
        pinned_by=judged.pinned_by,
        words=words,
        owner=owner,
    )
    if judged.note is not None:
        print(judged.note)
    edition = f"{owner}'s own" if owner is not None else f"the {audience}"
    print(
        f"built {edition} site: {built.pages} pages in {built.out} "
        f"(pages {built.generation_seconds:.1f} s, mkdocs {built.mkdocs_seconds:.1f} s)"
    )
    if words is not None and keys is not None:
        print(
            f"confidential words: {words.opened} opened with {keys.path}, "
            f"{words.sealed} still encrypted (this key is not among their readers)"
        )
    elif words is not None:
        print(
            f"confidential words: {words.sealed} still encrypted (none opened: give "
            "--identity KEY to open those your key reads)"
        )
    return EXIT_CLEAN
