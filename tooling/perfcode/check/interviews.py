"""Interviews: the interviewer, the final grade, the date."""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import grade_ids, person_known
from perfcode.problems import Problem, error


def check_interview(
    interview: m.Interview, policy: m.Policy, repo: m.Repository
) -> Iterator[Problem]:
    path = interview.path
    yield from person_known(path, interview.person, repo)
    if not repo.person_exists(interview.interviewer):
        yield error(
            path,
            "PC015",
            f'the interviewer "{interview.interviewer}" is not in people/',
            ("interviewer",),
        )
    if interview.final_grade is not None and policy.grade(interview.final_grade) is None:
        yield error(
            path,
            "PC031",
            f'the grade "{interview.final_grade}" is not defined by the policy '
            f"(grades: {grade_ids(policy)})",
            ("final_grade",),
        )
    if interview.date < policy.period_start:
        yield error(
            path,
            "PC022",
            f"the interview ({interview.date}) is before the cycle starts ({policy.period_start})",
            ("date",),
        )
