"""The one gate between checking and scoring: load, check, decide whether scoring may go
on, and score.

Every command that computes scores passes through `score_repository`: `perfcode score`,
`explain`, `export`, `status`, `new plan|interview|appeal`, each revision of `perfcode diff`
and `perfcode site`. So they agree on what blocks: an error anywhere in the records, but not
in a results.yaml, which is the output being regenerated (`score --check` compares it).
Warnings are shown beside the errors and never block.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from perfcode.check import check_repository
from perfcode.io.git import Listing
from perfcode.model import Repository
from perfcode.problems import Problem, has_errors
from perfcode.score import CycleResult, score_all


@dataclass(frozen=True, slots=True)
class Scored:
    """A repository through the gate: its problems that count before scoring, and its
    results (None when those problems hold an error, so nothing was scored)."""

    repository: Repository
    problems: list[Problem]
    results: dict[str, CycleResult] | None

    @property
    def blocked(self) -> bool:
        return self.results is None


def score_repository(
    root: Path,
    *,
    detail: bool | frozenset[str] = False,
    also: Iterable[Problem] = (),
    listing: Listing | None = None,
) -> Scored:
    """Load and check ROOT; score it unless the problems that count hold an error.
    ALSO: problems found before loading (a git revision's links and submodules), which
    count like the records' own. DETAIL: keep each step of the scores (explanations), for
    everyone or for the people it names.
    LISTING: the records are a git revision's (`check_repository`)."""
    checked = check_repository(root, listing=listing)
    problems = sorted([*also, *checked.before_scoring], key=Problem.sort_key)
    if has_errors(problems):
        return Scored(checked.repository, problems, None)
    return Scored(checked.repository, problems, score_all(checked.repository, detail=detail))
