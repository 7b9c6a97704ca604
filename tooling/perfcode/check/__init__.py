"""`check`: load a repository and run every rule; the problems, located and sorted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from perfcode import clock
from perfcode.check import calibration, rules, words
from perfcode.errors import PerfcodeError
from perfcode.io.git import Listing
from perfcode.load import repository as load
from perfcode.load.version import NeedsNewerPerfcode
from perfcode.model import Repository
from perfcode.problems import Problem, has_errors
from perfcode.score import score_all


@dataclass(frozen=True, slots=True)
class CheckResult:
    repository: Repository
    problems: list[Problem]

    @property
    def failed(self) -> bool:
        return has_errors(self.problems)

    @property
    def before_scoring(self) -> list[Problem]:
        """The problems that count before scoring: all but results.yaml's own, the output
        being regenerated, and the confidential words' (`check.words`: scores need no key)
        (`failed_before_scoring` says whether they block)."""
        return [
            p
            for p in self.problems
            if not p.path.endswith("/results.yaml") and p.code not in words.CODES
        ]

    @property
    def failed_before_scoring(self) -> bool:
        return has_errors(self.before_scoring)


def check_repository(
    root: Path,
    *,
    overrides: Mapping[str, str] | None = None,
    registry: Repository | None = None,
    listing: Listing | None = None,
) -> CheckResult:
    """Load ROOT and run every rule. The rules that need the scores (a calibration decision
    that changes nothing or is about a person not scored, PC067 and PC068) run when the
    other records have no error and some cycle holds such a decision or a new grade.
    A repository that needs a newer perfcode has that one problem, and nothing is judged.
    OVERRIDES: texts read instead of files (`load_repository`). REGISTRY: the repository
    whose people and organisation name who reads confidential words (the base branch's, in
    a pull request's check); the checked repository itself by default. LISTING: the records
    are a git revision's (`load_repository`)."""
    try:
        repository, problems = load.load_repository(root, overrides, listing)
    except NeedsNewerPerfcode as stop:
        unread = Repository(root=str(root), org=None, people={}, cycles={}, documents=1)
        return CheckResult(unread, [stop.problem])
    problems.extend(rules.check(repository))
    readers = repository if registry is None else registry
    problems.extend(words.check(repository, readers, _today(readers)))
    before = [
        p for p in problems if not p.path.endswith("/results.yaml") and p.code not in words.CODES
    ]
    if not has_errors(before) and calibration.needs_scores(repository):
        results = score_all(repository, detail=False)
        problems.extend(calibration.check_scored(repository, results))
    if listing is not None:  # the files whose problems need a line: from git
        unplaced = {p.path for p in problems if not p.located and p.path in listing.blobs}
        texts = listing.read(unplaced)
        overrides = {path: data.decode("utf-8", "replace") for path, data in texts.items()}
    return CheckResult(repository, load.locate(root, problems, overrides))


def _today(registry: Repository) -> str:
    """The day whose leavers read no more: the one `status` judges (the registry's org
    may pin it, `today:`); the real date when that pin is no day (its own problem)."""
    try:
        return clock.today(registry.org, None).iso
    except PerfcodeError:
        return clock.real(None).isoformat()
