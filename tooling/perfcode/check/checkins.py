"""Check-ins: dates in the period, who held them, items of the contract, scores above 100."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import HUNDRED, fmt, in_period, person_known
from perfcode.problems import Problem, error


def check_checkins(
    checkins: m.Checkins, policy: m.Policy, cycle: m.Cycle, repo: m.Repository
) -> Iterator[Problem]:
    path = checkins.path
    yield from person_known(path, checkins.person, repo)
    contract = cycle.contracts.get(checkins.person)
    for i, entry in enumerate(checkins.entries):
        yield from in_period(path, entry.date, policy, ("entries", i, "date"), "the check-in")
        if entry.by is not None and not repo.person_exists(entry.by):
            yield error(path, "PC015", f'"{entry.by}" is not in people/', ("entries", i, "by"))
        if entry.score is not None and entry.score > HUNDRED and not policy.checks_above_100:
            yield error(
                path,
                "PC076",
                f"a check score of {fmt(entry.score)} is above 100, and this cycle's policy "
                "does not count scores above 100 (it would need adjustments: "
                "checks_above_100: true)",
                ("entries", i, "score"),
            )
        for p, progress in enumerate(entry.progress):
            if contract is not None and contract.item(progress.item) is None:
                yield error(
                    path,
                    "PC018",
                    f'"{progress.item}" is not an item of {checkins.person}\'s contract',
                    ("entries", i, "progress", p, "item"),
                )
