"""The tests' organisation (example_org), copied and edited the way a user would edit it,
then checked and scored: the one helper behind the unit tests of the views, the steps and
what is owed. Its confidential words are read as HR reads them (the tests are about what
the words show and hide): a file an edit changes is opened first, as `perfcode edit` shows
it, and written back plain (which validate reports, PC110, and nothing else minds); the
checked repository's sealed words are opened with HR's demo key (`seal.open`), the files'
blobs unchanged (the signature evidence still names the others)."""

from __future__ import annotations

import re
from pathlib import Path

from example_org import HR, copy_example, demo_key, open_words
from perfcode import model as m
from perfcode.check import check_repository, words
from perfcode.io import identity
from perfcode.score import CycleResult, score_all
from perfcode.seal.open import open_repository

#: an edit: (repository-relative path, a regular expression, its replacement), applied once
Edit = tuple[str, str, str]


def scored_example(
    tmp_path: Path, *edits: Edit, detail: bool = True
) -> tuple[m.Repository, dict[str, CycleResult]]:
    """Copy the example's records into TMP_PATH/repo, apply EDITS (each must change its
    file), check (no problems allowed) and score."""
    root = copy_example(tmp_path / "repo")
    if edits:
        open_words(root, only={path for path, _, _ in edits})
    for path, pattern, replacement in edits:
        file = root / path
        before = file.read_text(encoding="utf-8")
        after = re.sub(pattern, replacement, before, count=1, flags=re.M)
        assert after != before, (path, pattern)
        file.write_text(after, encoding="utf-8")
    checked = check_repository(root)
    # the words the edits opened stay plain (PC110), and an edit that changes who reads
    # (a leaver, a manager) leaves words sealed to the readers before it (PC112): rekey's
    # business, not the scores'
    errors = [
        p for p in checked.problems if p.severity.value == "error" and p.code not in words.CODES
    ]
    assert not errors, [p.message for p in checked.problems]
    opened = open_repository(checked.repository, identity.load(demo_key(HR)).secrets)
    return opened.repository, score_all(opened.repository, detail=detail)
