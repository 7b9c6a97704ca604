"""Who has left, and who is a leaver of a cycle: one rule (`Person.left_by`), asked on the
day `status` judges (`owed.in_registry`) and on the policy's `leavers:` day
(`Policy.leaver`, for scoring and the site); the defaults when a policy says nothing."""

from __future__ import annotations

import dataclasses

import pytest

from example_org import load_example
from perfcode import model as m
from perfcode.model.policy import DEFAULT_MIN_POPULATION, Leavers
from perfcode.workflow.owed import in_registry

replace = dataclasses.replace


@pytest.fixture(scope="module")
def example() -> m.Repository:
    return load_example()


def _person(example: m.Repository, left: str | None) -> m.Person:
    return replace(next(iter(example.people.values())), left=left)


@pytest.mark.parametrize(
    ("left", "day", "gone"),
    [
        (None, "2026-12-31", False),
        ("2026-10-15", "2026-10-14", False),
        ("2026-10-15", "2026-10-15", True),  # `left:` is the first day they are gone
        ("2026-10-15", "2026-12-31", True),
    ],
)
def test_left_by_is_the_one_rule_status_uses(
    example: m.Repository, left: str | None, day: str, gone: bool
) -> None:
    person = _person(example, left)
    assert person.left_by(day) is gone
    assert in_registry(person, day) is not gone


def test_the_defaults_of_a_policy_that_says_nothing(example: m.Repository) -> None:
    policy = example.cycles["2026-H2"].policy
    assert policy is not None
    assert policy.leavers == Leavers("period_end", scored=False, in_quotas=False)
    assert policy.leavers_day == policy.period_end == "2026-12-31"
    assert replace(policy, distribution=None).min_population == DEFAULT_MIN_POPULATION == 5
    assert policy.min_population == 5  # the example's own distribution says 5


def test_a_leaver_of_the_cycle(example: m.Repository) -> None:
    policy = example.cycles["2026-H2"].policy
    assert policy is not None
    results = policy.phase("results")
    assert results is not None and results.start > policy.period_end
    after_the_period = _person(example, results.start)
    assert policy.leaver(None) is False
    assert policy.leaver(_person(example, None)) is False
    assert policy.leaver(_person(example, policy.period_end)) is True
    assert policy.leaver(after_the_period) is False
    by_results = replace(policy, leavers=Leavers("results"))
    assert by_results.leavers_day == results.start
    assert by_results.leaver(after_the_period) is True
    without_results = replace(
        by_results, phases=tuple(p for p in policy.phases if p.id != "results")
    )
    assert without_results.leavers_day == policy.period_end
