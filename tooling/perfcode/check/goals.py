"""The goals of a cycle (goals.yaml): ids, departments, what each goal supports."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import ORG_PATH, duplicates
from perfcode.problems import Pointer, Problem, error, warning


def check_goals(cycle: m.Cycle, repo: m.Repository) -> Iterator[Problem]:
    goals = cycle.goals
    if goals is None:
        return
    departments = {d.id for d in repo.org.departments} if repo.org else set()
    ids = [g.id for g in goals.goals]
    for dup in duplicates(ids):
        yield error(goals.path, "PC027", f'the goal id "{dup}" is used twice')
    for goal, pointer in _places(goals):
        for field in ("title", "measure"):
            if m.holds_placeholder(getattr(goal, field)):
                yield warning(
                    goals.path,
                    "PC091",
                    f'the {field} of goal "{goal.id}" still holds the placeholder perfcode '
                    "new wrote: write the goal the cycle agreed before contracts support it",
                    (*pointer, field),
                )
    reported: set[str] = set()
    for goal, pointer in _places(goals):
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
        for s, supported in enumerate(goal.supports):
            if goals.get(supported) is None:
                yield error(
                    goals.path,
                    "PC017",
                    f'the goal "{goal.id}" supports "{supported}", '
                    "which is not a goal of this cycle",
                    (*pointer, "supports", s),
                )


def _places(goals: m.Goals) -> Iterator[tuple[m.Goal, Pointer]]:
    """Each goal with where it stands in goals.yaml: company[i] or departments[d][i]."""
    seen: dict[str | None, int] = {}
    for goal in goals.goals:
        index = seen.get(goal.department, 0)
        seen[goal.department] = index + 1
        if goal.department is None:
            yield goal, ("company", index)
        else:
            yield goal, ("departments", goal.department, index)
