"""The calibration meeting: its members, one decision per person with a contract, grades;
and, once scored, whether each decision can apply (`check_against_scores`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from perfcode import model as m
from perfcode.check.appeals import check_appeal_against_scores
from perfcode.check.common import contract_broken, grade_ids
from perfcode.problems import Problem, error, warning
from perfcode.score import CycleResult


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


def check_against_scores(calibration: m.Calibration, result: CycleResult) -> Iterator[Problem]:
    """What only the cycle's scores tell: a decision about a person who is not scored
    (PC068, an error: nothing is calibrated silently away), and a decision that gives the
    grade the person already has (PC067, a warning: it is not a calibration)."""
    path = calibration.path
    for i, decision in enumerate(calibration.decisions):
        person = result.people.get(decision.person)
        if person is None:  # no contract: PC030 says so
            continue
        if not person.scored:
            yield error(
                path,
                "PC068",
                f"{decision.person} is not scored ({person.why_not_scored}), so this decision "
                "cannot set a grade; complete their records or remove the decision",
                ("decisions", i, "person"),
            )
        elif person.calibration is None:
            yield warning(
                path,
                "PC067",
                f"{decision.person}'s grade is already {decision.grade} before calibration: "
                "this decision changes nothing and is not a calibration; remove it",
                ("decisions", i, "grade"),
            )


def check_scored(repo: m.Repository, results: Mapping[str, CycleResult]) -> Iterator[Problem]:
    """The checks that need the cycles' scores: calibration decisions and granted appeals."""
    for cycle_id, result in results.items():
        cycle = repo.cycles[cycle_id]
        if cycle.calibration is not None:
            yield from check_against_scores(cycle.calibration, result)
        for appeal in cycle.appeals.values():
            yield from check_appeal_against_scores(appeal, result)


def needs_scores(repo: m.Repository) -> bool:
    """Whether any cycle holds what `check_scored` judges (so validate scores only then)."""
    return any(
        (cycle.calibration is not None and cycle.calibration.decisions)
        or any(a.answer is not None and a.answer.new_grade for a in cycle.appeals.values())
        for cycle in repo.cycles.values()
    )
