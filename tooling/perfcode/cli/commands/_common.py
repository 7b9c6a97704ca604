"""What several commands share: the repository folder, the scored records, a cycle, a date."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from perfcode.check import check_repository
from perfcode.errors import PerfcodeError
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


def scored(root: Path, *, detail: bool = False) -> tuple[Repository, dict[str, CycleResult]] | None:
    """Load, validate and score; None (the problems printed) when the records have errors.
    Problems in results.yaml itself do not block: it is the output being regenerated."""
    from perfcode import score as scoring

    result = check_repository(root)
    if result.failed_before_scoring:
        sys.stdout.write(report.text(result.before_scoring, result.repository.documents))
        print("perfcode: the records have problems; fix them before scores are computed.")
        return None
    return result.repository, scoring.score_all(result.repository, detail=detail)


def cycles(results: dict[str, CycleResult], cycle: str | None) -> list[CycleResult]:
    """Every cycle's results, or the one named (a usage error when it has none)."""
    if cycle is None:
        return list(results.values())
    if cycle not in results:
        known = ", ".join(results) or "none"
        raise PerfcodeError(f"there is no cycle {cycle} with a policy (cycles: {known})")
    return [results[cycle]]


def day(value: str | None, option: str = "--today") -> date:
    """The date an option names (today when it is not given)."""
    if value is None:
        return date.today()
    from perfcode.layout import YEARS

    try:
        parsed = date.fromisoformat(value)
    except ValueError as exc:
        raise PerfcodeError(f"{option} must be a date like 2027-01-20, not {value!r}") from exc
    if parsed.year not in YEARS:
        raise PerfcodeError(
            f"{option} {value} is not a plausible day: dates lie between "
            f"{YEARS.start} and {YEARS.stop - 1}"
        )
    return parsed
