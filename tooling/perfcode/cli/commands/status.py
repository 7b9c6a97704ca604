"""`perfcode status`: who still owes what in the cycle, overdue items first."""

from __future__ import annotations

import sys

from perfcode.cli.commands._common import root_folder, scored
from perfcode.errors import EXIT_CLEAN, EXIT_PROBLEMS, PerfcodeError


def run(*, root: str, cycle: str | None, format: str, today: str | None) -> int:
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
    sys.stdout.write(status.render(statuses, repo, format, judged.pinned_by, judged.iso))
    return EXIT_CLEAN
