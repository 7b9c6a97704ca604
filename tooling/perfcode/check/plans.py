"""Improvement plans: period, supporting departments, check-in dates."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import person_known
from perfcode.problems import Problem, error


def check_plan(plan: m.Plan, repo: m.Repository) -> Iterator[Problem]:
    path = plan.path
    yield from person_known(path, plan.person, repo)
    if plan.end < plan.start:
        yield error(
            path,
            "PC022",
            f"the plan ends ({plan.end}) before it starts ({plan.start})",
            ("period", "end"),
        )
    departments = {d.id for d in repo.org.departments} if repo.org else set()
    for i, support in enumerate(plan.support):
        if repo.org is not None and support.department not in departments:
            yield error(
                path,
                "PC016",
                f'the department "{support.department}" does not exist',
                ("responsibilities", "support", i, "department"),
            )
    for i, checkin in enumerate(plan.checkins):
        if checkin.date < plan.start:
            yield error(
                path,
                "PC022",
                f"the check-in ({checkin.date}) is before the plan starts ({plan.start})",
                ("checkins", i, "date"),
            )
