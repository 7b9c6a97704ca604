"""Appeals: the grade received, and the answer (who, when, the new grade)."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import grade_ids, person_known
from perfcode.problems import Problem, error


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
    if answer.new_grade is not None and policy.grade(answer.new_grade) is None:
        yield error(
            path,
            "PC031",
            f'the grade "{answer.new_grade}" is not defined by the policy '
            f"(grades: {grade_ids(policy)})",
            ("answer", "new_grade"),
        )
