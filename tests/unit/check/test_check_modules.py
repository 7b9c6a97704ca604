"""Each document kind's rules on their own: the clean example with one fault put in
yields that module's code, and `rules.check` runs every module (same problems, same order)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from decimal import Decimal

import pytest

from example_org import load_example
from perfcode import model as m
from perfcode.check import (
    adjustments,
    appeals,
    calibration,
    checkins,
    contracts,
    goals,
    interviews,
    plans,
    policy,
    registry,
    reviews,
    rules,
)
from perfcode.problems import Problem

CYCLE = "2026-H2"
replace = dataclasses.replace


@pytest.fixture(scope="module")
def example() -> m.Repository:
    return load_example()


def _first(found: Iterable[m.Contract | m.Checkins | m.Adjustments | m.Interview]) -> str:
    return sorted(x.person for x in found)[0]


def _faulty(repo: m.Repository, kind: str) -> tuple[Callable[[], Iterable[Problem]], str]:
    """A check to run on REPO with one fault of KIND, and the code it must yield."""
    cycle = repo.cycles[CYCLE]
    pol = cycle.policy
    assert pol is not None
    if kind == "registry":
        pid = sorted(repo.people)[0]
        people = {**repo.people, pid: replace(repo.people[pid], manager="nobody")}
        return lambda: registry.check_people(replace(repo, people=people)), "PC015"
    if kind == "policy":
        bad = replace(pol, previous="1999")
        return lambda: policy.check_policy(bad, repo), "PC041"
    if kind == "goals":
        assert cycle.goals is not None
        twice = replace(cycle.goals, goals=cycle.goals.goals + cycle.goals.goals[:1])
        return lambda: goals.check_goals(replace(cycle, goals=twice), repo), "PC027"
    if kind == "contracts":
        contract = cycle.contracts[_first(cycle.contracts.values())]
        odd = replace(contract, template="no-such-template")
        return lambda: contracts.check_contract(odd, pol, cycle, repo), "PC029"
    if kind == "reviews":
        review = next(r for r in cycle.reviews if r.ratings and r.ratings[0].rating is not None)
        rating = replace(review.ratings[0], rating=pol.scale_max + 1)
        odd_review = replace(review, ratings=(rating, *review.ratings[1:]))
        return lambda: reviews.check_review(odd_review, pol, cycle, repo), "PC014"
    if kind == "checkins":
        found = cycle.checkins[_first(cycle.checkins.values())]
        entry = replace(found.entries[0], by="nobody")
        odd_checkins = replace(found, entries=(entry,))
        return lambda: checkins.check_checkins(odd_checkins, pol, cycle, repo), "PC015"
    if kind == "adjustments":
        found_adj = cycle.adjustments[_first(cycle.adjustments.values())]
        cap = pol.commendation_max or Decimal(0)
        entry_adj = replace(found_adj.entries[0], kind="commendation", points=cap + 1)
        capped = replace(pol, commendation_max=cap)
        odd_adj = replace(found_adj, entries=(entry_adj,))
        return lambda: adjustments.check_adjustments(odd_adj, capped, repo), "PC044"
    if kind == "calibration":
        assert cycle.calibration is not None
        decision = replace(cycle.calibration.decisions[0], grade="no-such-grade")
        odd_cal = replace(cycle.calibration, decisions=(decision,))
        return lambda: calibration.check_calibration(odd_cal, pol, cycle, repo), "PC031"
    if kind == "interviews":
        found_int = cycle.interviews[_first(cycle.interviews.values())]
        odd_int = replace(found_int, interviewer="nobody")
        return lambda: interviews.check_interview(odd_int, pol, repo), "PC015"
    if kind == "plans":
        plan = next(iter(cycle.plans.values()))
        odd_plan = replace(plan, end="2000-01-01")
        return lambda: plans.check_plan(odd_plan, repo), "PC022"
    assert kind == "appeals"
    appeal = next(iter(cycle.appeals.values()))
    odd_appeal = replace(appeal, grade_received="no-such-grade")
    return lambda: appeals.check_appeal(odd_appeal, pol, repo), "PC031"


KINDS = [
    "registry",
    "policy",
    "goals",
    "contracts",
    "reviews",
    "checkins",
    "adjustments",
    "calibration",
    "interviews",
    "plans",
    "appeals",
]


@pytest.mark.parametrize("kind", KINDS)
def test_each_module_finds_a_fault_of_its_kind(example: m.Repository, kind: str) -> None:
    run, code = _faulty(example, kind)
    assert [p.code for p in run()] == [code]


def test_the_clean_example_has_no_problems(example: m.Repository) -> None:
    assert rules.check(example) == []


def test_problems_come_in_the_order_of_the_documents(example: m.Repository) -> None:
    """Registry first, then each cycle (policy, then its records), whatever the files."""
    cycle = example.cycles[CYCLE]
    assert cycle.policy is not None
    pid = sorted(example.people)[0]
    people = {**example.people, pid: replace(example.people[pid], manager="nobody")}
    appeal = next(iter(cycle.appeals.values()))
    broken = replace(
        cycle,
        policy=replace(cycle.policy, previous="1999"),
        appeals={appeal.person: replace(appeal, grade_received="no-such-grade")},
    )
    repo = replace(example, people=people, cycles={**example.cycles, CYCLE: broken})
    found = [(p.code, p.path) for p in rules.check(repo)]
    assert found[0] == ("PC015", example.people[pid].path)
    assert found[1] == ("PC041", cycle.policy.path)
    assert found[-1] == ("PC031", appeal.path)
