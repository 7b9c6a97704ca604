"""Cross-document rules: what a schema cannot see on its own.

`check(repository)` is pure: documents in, problems out (each with a stable code and a
pointer into its file; `load.locate` adds lines and columns). One module per document
kind holds its rules (`registry`, `policy`, `goals`, `contracts`, `reviews`, `checkins`,
`adjustments`, `calibration`, `interviews`, `plans`, `appeals`; what several share is in
`common`; signature evidence is `perfcode.signatures`'s). This module runs them in one
fixed order, which is the order of the problems before they are sorted by place.
To add a rule: put it in the module of the document it points at.
"""

from __future__ import annotations

from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.adjustments import check_adjustments
from perfcode.check.appeals import check_appeal
from perfcode.check.calibration import check_calibration
from perfcode.check.checkins import check_checkins
from perfcode.check.contracts import check_contract
from perfcode.check.goals import check_goals
from perfcode.check.interviews import check_interview
from perfcode.check.plans import check_plan
from perfcode.check.policy import check_policy
from perfcode.check.registry import check_org, check_people
from perfcode.check.reviews import check_review
from perfcode.problems import Problem, error
from perfcode.signatures import evidence as signatures


def check(repo: m.Repository) -> list[Problem]:
    problems: list[Problem] = []
    problems.extend(check_org(repo))
    problems.extend(check_people(repo))
    for cycle_id in repo.cycle_ids():
        cycle = repo.cycles[cycle_id]
        if cycle.policy is None:
            path = f"cycles/{cycle_id}/cycle.yaml"
            if path not in repo.broken:  # a broken cycle.yaml has its own problems
                problems.append(
                    error(
                        path,
                        "PC010",
                        f"the folder cycles/{cycle_id} has no cycle.yaml: every cycle needs "
                        "its policy (copy the previous cycle's cycle.yaml and adjust it)",
                    )
                )
            continue
        problems.extend(check_policy(cycle.policy, repo))
        problems.extend(check_cycle(cycle, cycle.policy, repo))
    problems.extend(signatures.check_evidence(repo))
    return problems


def check_cycle(cycle: m.Cycle, policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    yield from check_goals(cycle, repo)
    for _person_id, contract in sorted(cycle.contracts.items()):
        yield from check_contract(contract, policy, cycle, repo)
    for review in cycle.reviews:
        yield from check_review(review, policy, cycle, repo)
    for checkins in cycle.checkins.values():
        yield from check_checkins(checkins, policy, cycle, repo)
    for adjustments in cycle.adjustments.values():
        yield from check_adjustments(adjustments, policy, repo)
    if cycle.calibration is not None:
        yield from check_calibration(cycle.calibration, policy, cycle, repo)
    for interview in cycle.interviews.values():
        yield from check_interview(interview, policy, repo)
    for plan in cycle.plans.values():
        yield from check_plan(plan, repo)
    for appeal in cycle.appeals.values():
        yield from check_appeal(appeal, policy, repo)
