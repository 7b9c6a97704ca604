"""The goals of a cycle (goals.yaml): ids, departments, what each goal supports."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import ORG_PATH, duplicates
from perfcode.problems import Problem, error


def check_goals(cycle: m.Cycle, repo: m.Repository) -> Iterator[Problem]:
    goals = cycle.goals
    if goals is None:
        return
    departments = {d.id for d in repo.org.departments} if repo.org else set()
    ids = [g.id for g in goals.goals]
    for dup in duplicates(ids):
        yield error(goals.path, "PC027", f'the goal id "{dup}" is used twice')
    company = [g for g in goals.goals if g.department is None]
    reported: set[str] = set()
    for goal in goals.goals:
        if goal.department is None:
            continue
        if (
            repo.org is not None
            and goal.department not in departments
            and goal.department not in reported
        ):
            reported.add(goal.department)
            yield error(
                goals.path,
                "PC016",
                f'"{goal.department}" is not a department of {ORG_PATH} '
                f"(departments: {', '.join(sorted(departments))})",
                ("departments", goal.department),
                key=True,
            )
        index = [g.id for g in goals.goals if g.department == goal.department].index(goal.id)
        for s, supported in enumerate(goal.supports):
            if goals.get(supported) is None:
                yield error(
                    goals.path,
                    "PC017",
                    f'the goal "{goal.id}" supports "{supported}", '
                    "which is not a goal of this cycle",
                    ("departments", goal.department, index, "supports", s),
                )
    del company
