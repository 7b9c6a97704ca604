"""`perfcode status`: who still owes what in the cycle, overdue items first; with a
selection (`--manager`, `--department`), only what the selected people's records owe."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date
from typing import TYPE_CHECKING

from perfcode.cli.commands._common import root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError
from perfcode.model import Repository
from perfcode.model.selection import Selection, people

if TYPE_CHECKING:
    from perfcode.workflow.owed import CycleStatus


def only(
    statuses: list[CycleStatus],
    ids: frozenset[str],
    repo: Repository,
    day: date,
    *,
    named: bool,
) -> list[CycleStatus]:
    """STATUSES with only the items of the people IDS names (whoever owes them), phases
    left empty dropped; a cycle still listed when it was NAMED or is under way on DAY,
    as without a selection (a closed cycle is listed only while it owes something)."""
    from perfcode.workflow.owed import open_cycles

    under_way = set(open_cycles(repo, day))
    kept = []
    for status in statuses:
        phases = []
        for phase in status.phases:
            items = tuple(i for i in phase.items if i.person in ids)
            if items:
                phases.append(dataclasses.replace(phase, items=items))
        if phases or named or status.cycle in under_way:
            kept.append(dataclasses.replace(status, phases=tuple(phases)))
    return kept


def run(
    *,
    root: str,
    cycle: str | None,
    format: str,
    today: str | None,
    selection: Selection | None = None,
) -> int:
    from perfcode import clock
    from perfcode.workflow import status

    folder = root_folder(root)
    found = scored(folder)
    if found is None:
        return EXIT_PROBLEMS
    repo, results = found
    judged = clock.today(repo.org, today)
    if cycle is not None:
        if cycle not in repo.cycles or repo.cycles[cycle].policy is None:
            known = ", ".join(c for c in repo.cycle_ids() if repo.cycles[c].policy) or "none"
            raise PerfcodeError(f"there is no cycle {cycle} with a policy (cycles: {known})")
        statuses = [status.cycle_status(repo, results.get(cycle), cycle, judged.day)]
    else:
        statuses = status.current_statuses(repo, results, judged.day)
    chosen = people(repo, selection or Selection())
    if chosen is not None:
        statuses = only(statuses, chosen, repo, judged.day, named=cycle is not None)
    sys.stdout.write(status.render(statuses, repo, format, judged.pinned_by, judged.iso))
    return EXIT_CLEAN
