"""Adjustments (commendations and penalties): dates, who gave them, the policy's caps."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import fmt, in_period, person_known
from perfcode.problems import Problem, error, warning
from perfcode.score.adjustments import cycle_cap, entry_cap


def check_adjustments(
    adjustments: m.Adjustments, policy: m.Policy, repo: m.Repository
) -> Iterator[Problem]:
    path = adjustments.path
    yield from person_known(path, adjustments.person, repo)
    for i, entry in enumerate(adjustments.entries):
        yield from in_period(path, entry.date, policy, ("entries", i, "date"), "the date")
        if entry.by is not None and not repo.person_exists(entry.by):
            yield error(path, "PC015", f'"{entry.by}" is not in people/', ("entries", i, "by"))
        each, cap = entry_cap(entry.kind, policy), cycle_cap(entry.kind, policy)
        if each is not None and entry.points > each:  # the cap per entry, checked first
            code, said = "PC075", f"the policy allows for one {entry.kind} ({fmt(each)} at most)"
            counted = each
        elif cap is not None and entry.points > cap:
            code, said = "PC044", f"the policy's cap of {fmt(cap)} for a {entry.kind}"
            counted = cap
        else:
            continue
        yield warning(
            path,
            code,
            f"{fmt(entry.points)} points is more than {said}; only {fmt(counted)} count",
            ("entries", i, "points"),
        )
