"""The calibration meeting: its members, one decision per person with a contract, grades."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import contract_broken, grade_ids
from perfcode.problems import Problem, error


def check_calibration(
    calibration: m.Calibration, policy: m.Policy, cycle: m.Cycle, repo: m.Repository
) -> Iterator[Problem]:
    path = calibration.path
    for i, member in enumerate(calibration.members):
        if not repo.person_exists(member):
            yield error(path, "PC015", f'"{member}" is not in people/', ("meeting", "members", i))
    seen: set[str] = set()
    for i, decision in enumerate(calibration.decisions):
        where: tuple[str | int, ...] = ("decisions", i)
        if not repo.person_exists(decision.person):
            yield error(path, "PC015", f'"{decision.person}" is not in people/', (*where, "person"))
        elif decision.person not in cycle.contracts and not contract_broken(
            cycle.id, decision.person, repo
        ):
            yield error(
                path,
                "PC030",
                f"{decision.person} has no contract in this cycle",
                (*where, "person"),
            )
        if decision.person in seen:
            yield error(
                path,
                "PC027",
                f"{decision.person} has two calibration decisions",
                (*where, "person"),
            )
        seen.add(decision.person)
        if policy.grade(decision.grade) is None:
            yield error(
                path,
                "PC031",
                f'the grade "{decision.grade}" is not defined by the policy '
                f"(grades: {grade_ids(policy)})",
                (*where, "grade"),
            )
