"""The tests' organisation (example_org), copied and edited the way a user would edit it,
then checked and scored: the one helper behind the unit tests of the views, the steps and
what is owed."""

from __future__ import annotations

import re
from pathlib import Path

from example_org import copy_example
from perfcode import model as m
from perfcode.check import check_repository
from perfcode.score import CycleResult, score_all

#: an edit: (repository-relative path, a regular expression, its replacement), applied once
Edit = tuple[str, str, str]


def scored_example(
    tmp_path: Path, *edits: Edit, detail: bool = True
) -> tuple[m.Repository, dict[str, CycleResult]]:
    """Copy the example's records into TMP_PATH/repo, apply EDITS (each must change its
    file), check (no problems allowed) and score."""
    root = copy_example(tmp_path / "repo")
    for path, pattern, replacement in edits:
        file = root / path
        before = file.read_text(encoding="utf-8")
        after = re.sub(pattern, replacement, before, count=1, flags=re.M)
        assert after != before, (path, pattern)
        file.write_text(after, encoding="utf-8")
    checked = check_repository(root)
    assert not checked.failed, [p.message for p in checked.problems]
    return checked.repository, score_all(checked.repository, detail=detail)
