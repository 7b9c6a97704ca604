"""Adjustments (commendations and penalties): dates, who gave them, the policy's caps."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import fmt, in_period, person_known
from perfcode.problems import Problem, error, warning
from perfcode.score.adjustments import entry_cap


def check_adjustments(
    adjustments: m.Adjustments, policy: m.Policy, repo: m.Repository
) -> Iterator[Problem]:
    path = adjustments.path
    yield from person_known(path, adjustments.person, repo)
    for i, entry in enumerate(adjustments.entries):
        yield from in_period(path, entry.date, policy, ("entries", i, "date"), "the date")
        if entry.by is not None and not repo.person_exists(entry.by):
            yield error(path, "PC015", f'"{entry.by}" is not in people/', ("entries", i, "by"))
        each = entry_cap(entry.kind, policy)
        if each is not None and entry.points > each:
            yield warning(
                path,
                "PC075",
                f"{fmt(entry.points)} points is more than the policy allows for one "
                f"{entry.kind} ({fmt(each)} at most); only {fmt(each)} count",
                ("entries", i, "points"),
            )
            continue
        cap = policy.commendation_max if entry.kind == "commendation" else policy.penalty_max
        if cap is not None and entry.points > cap:
            yield warning(
                path,
                "PC044",
                f"{fmt(entry.points)} points is more than the policy's "
                f"cap of {fmt(cap)} for a {entry.kind}; only {fmt(cap)} count",
                ("entries", i, "points"),
            )
