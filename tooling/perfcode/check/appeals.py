"""Appeals: the grade received, and the answer (who, when, the new grade)."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import grade_ids, person_known
from perfcode.problems import Problem, error
from perfcode.score import CycleResult


def check_appeal(appeal: m.Appeal, policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    path = appeal.path
    yield from person_known(path, appeal.person, repo)
    if appeal.grade_received is not None and policy.grade(appeal.grade_received) is None:
        yield error(
            path,
            "PC031",
            f'the grade "{appeal.grade_received}" is not defined by the policy '
            f"(grades: {grade_ids(policy)})",
            ("grade_received",),
        )
    answer = appeal.answer
    if answer is None:
        return
    if not repo.person_exists(answer.by):
        yield error(path, "PC015", f'"{answer.by}" is not in people/', ("answer", "by"))
    if answer.date < appeal.filed:
        yield error(
            path,
            "PC022",
            f"the answer ({answer.date}) is dated before the appeal was filed ({appeal.filed})",
            ("answer", "date"),
        )
    if answer.decision != "changed":  # a new grade or a pay correction needs `changed`
        for field, given in (
            ("new_grade", answer.new_grade is not None),
            ("pay_correction", answer.pay_correction),
        ):
            if given:
                yield error(
                    path,
                    "PC044",
                    f"the answer gives {field} but its decision is {answer.decision}: only "
                    "an answer with `decision: changed` changes the result; change the "
                    f"decision or remove {field}",
                    ("answer", field),
                )
    if answer.new_grade is not None and policy.grade(answer.new_grade) is None:
        yield error(
            path,
            "PC031",
            f'the grade "{answer.new_grade}" is not defined by the policy '
            f"(grades: {grade_ids(policy)})",
            ("answer", "new_grade"),
        )


def check_appeal_against_scores(appeal: m.Appeal, result: CycleResult) -> Iterator[Problem]:
    """An appeal answered with a new grade for a person who is not scored cannot set it
    (PC068, an error: the answer is not silently dropped)."""
    answer = appeal.answer
    person = result.people.get(appeal.person)
    if answer is None or answer.new_grade is None or person is None or person.scored:
        return
    yield error(
        appeal.path,
        "PC068",
        f"{appeal.person} is not scored ({person.why_not_scored}), so the "
        f'answer\'s new grade "{answer.new_grade}" cannot be given; complete their records',
        ("answer", "new_grade"),
    )
