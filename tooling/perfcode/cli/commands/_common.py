"""What several commands share: the repository folder, the scored records, a cycle, a date."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from perfcode.errors import PerfcodeError
from perfcode.i18n import Labels, organisation_language
from perfcode.model import Repository
from perfcode.report import problems as report
from perfcode.score import CycleResult


def root_folder(value: str, *, records: bool = True) -> Path:
    """The repository folder; with RECORDS, one that holds people/ or cycles/."""
    root = Path(value)
    if not root.is_dir():
        raise PerfcodeError(f"{value} is not a folder")
    if records and not (root / "people").is_dir() and not (root / "cycles").is_dir():
        raise PerfcodeError(
            f"{value} holds no records (no people/ or cycles/ folder): run perfcode in the "
            "repository's folder, or name that folder"
        )
    return root


def scored(
    root: Path, *, detail: bool | frozenset[str] = False, before: str = "before_scores"
) -> tuple[Repository, dict[str, CycleResult]] | None:
    """Through the one gate (`pipeline.score_repository`): the repository and its results,
    or None (the problems printed, in the organisation's language) when the records have
    errors. BEFORE (an i18n.COMMANDS key) ends the sentence that says what waits for them."""
    from perfcode import pipeline

    gate = pipeline.score_repository(root, detail=detail)
    if gate.results is None:
        language = organisation_language(gate.repository.org)
        sys.stdout.write(report.text(gate.problems, gate.repository.documents, language))
        t = Labels(language)
        print(t.say("records_have_problems", before=t.say(before)))
        return None
    return gate.repository, gate.results


def cycles(results: dict[str, CycleResult], cycle: str | None) -> list[CycleResult]:
    """Every cycle's results, or the one named (a usage error when it has none)."""
    if cycle is None:
        return list(results.values())
    if cycle not in results:
        known = ", ".join(results) or "none"
        raise PerfcodeError(f"there is no cycle {cycle} with a policy (cycles: {known})")
    return [results[cycle]]


def day(value: str | None, option: str = "--today") -> date:
    """The date an option names, else the real date: for the commands that never take a
    pinned day (`perfcode.clock.real`); the others use `perfcode.clock.today`."""
    from perfcode import clock

    return clock.real(value, option)
