"""perfcode: performance management as code.

The public surface is `__all__`; every other module is private by convention (its names
may change without notice). The stages, each a thin door onto the module that does it:

    repository, problems = load_repository(root)  # files → documents (and what is wrong)
    checked = check_repository(root)              # load + every rule: .problems, .failed
    results = score_all(checked.repository)       # cycle id → scores and grades
    lines = explanation(results["2026-H2"], checked.repository, "sunli")
    records = evidence(checked.repository, "sunli")  # who signed the person's records

The functions are not called `load`, `check`, `score` and `explain`: those are the
sub-packages of the stages, and importing a sub-package sets the package's attribute of
its name, which would replace a function so named. Each function imports its stage when
called, so `import perfcode` stays cheap (and Ctrl-C while it loads stays quiet).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from perfcode.problems import Problem

if TYPE_CHECKING:
    from pathlib import Path

    from perfcode.check import CheckResult
    from perfcode.model import Repository, SignatureRecord
    from perfcode.score import CycleResult

__version__ = "0.1.0"
__all__ = [
    "Problem",
    "check_repository",
    "evidence",
    "explanation",
    "load_repository",
    "score_all",
]


def load_repository(root: Path) -> tuple[Repository, list[Problem]]:
    """Read a repository folder: its documents, and the problems of reading them (a file's
    YAML, its schema, its place); the rules between documents are `check`'s."""
    from perfcode.load import repository

    return repository.load_repository(root)


def check_repository(root: Path) -> CheckResult:
    """Load a repository folder and check every rule; `.problems`, `.failed`, `.repository`."""
    from perfcode import check

    return check.check_repository(root)


def score_all(repository: Repository, *, detail: bool = True) -> dict[str, CycleResult]:
    """Every cycle with a policy, scored: cycle id → results (oldest first). Score only a
    repository whose check found no errors before scoring (`CheckResult.failed_before_scoring`)."""
    from perfcode import score

    return score.score_all(repository, detail=detail)


def explanation(result: CycleResult, repository: Repository, person: str) -> list[str]:
    """Every step from a person's ratings to their grade in one cycle, in the policy's
    language, one line each."""
    from perfcode.explain import text

    return text.explain(result, repository, person)


def evidence(repository: Repository, person: str) -> list[SignatureRecord]:
    """The signature evidence (signatures.yaml entries) of the merged pull requests that
    changed any of a person's records."""
    from perfcode.signatures import rules

    return rules.evidence_for(repository, person)
