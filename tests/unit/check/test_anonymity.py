"""Anonymous roles (cycle.yaml `raters: anonymous:`): their feedback comes only as
`<role>-aggregated.yaml`, from at least the policy's minimum of raters, on the example's
2026-H2 (subordinate feedback anonymous, at least 3; wanghongjun's aggregated from 3)."""

from __future__ import annotations

import dataclasses

import pytest

from example_org import load_example
from perfcode import model as m
from perfcode.check import reviews

CYCLE = "2026-H2"
replace = dataclasses.replace


@pytest.fixture(scope="module")
def example() -> m.Repository:
    return load_example()


def _codes(repo: m.Repository, review: m.Review, policy: m.Policy | None = None) -> list[str]:
    cycle = repo.cycles[CYCLE]
    assert cycle.policy is not None
    return [p.code for p in reviews.check_review(review, policy or cycle.policy, cycle, repo)]


def _aggregated(repo: m.Repository) -> m.Review:
    return next(r for r in repo.cycles[CYCLE].reviews if r.aggregated)


def _as(review: m.Review, role: m.Role, rater: str) -> m.Review:
    path = review.path.rsplit("/", 1)[0] + f"/{role}-{rater}.yaml"
    return replace(review, path=path, role=role, rater=rater)


def test_the_example_policy_and_its_aggregated_review(example: m.Repository) -> None:
    policy = example.cycles[CYCLE].policy
    assert policy is not None and policy.anonymous == (("subordinate", 3),)
    assert policy.anonymous_minimum("subordinate") == 3
    assert policy.anonymous_minimum("peer") is None
    review = _aggregated(example)
    assert (review.role, review.rater, review.raters) == ("subordinate", "aggregated", 3)
    assert _codes(example, review) == []
    named = [r for r in example.cycles[CYCLE].reviews if not r.aggregated]
    assert named and {r.raters for r in named} == {1}


def test_fewer_raters_than_the_minimum_is_pc062(example: m.Repository) -> None:
    review = _aggregated(example)
    assert _codes(example, replace(review, raters=2)) == ["PC062"]
    assert _codes(example, replace(review, raters=4)) == []


def test_an_aggregated_review_must_say_how_many_raters(example: m.Repository) -> None:
    assert _codes(example, replace(_aggregated(example), raters=0)) == ["PC010"]


def test_a_named_review_of_an_anonymous_role_is_pc061(example: m.Repository) -> None:
    own = next(
        r for r in example.cycles[CYCLE].reviews if r.path.endswith("/self-wanghongjun.yaml")
    )
    review = _as(own, "subordinate", "liuyang")  # liuyang reports to wanghongjun
    assert _codes(example, review) == ["PC061"]
    policy = example.cycles[CYCLE].policy
    assert policy is not None
    peer = next(r for r in example.cycles[CYCLE].reviews if r.role == "peer")
    assert _codes(example, peer) == []
    assert _codes(example, peer, replace(policy, anonymous=(("peer", 3),))) == ["PC061"]


def test_raters_belongs_to_aggregated_feedback_only(example: m.Repository) -> None:
    peer = next(r for r in example.cycles[CYCLE].reviews if r.role == "peer")
    assert _codes(example, replace(peer, raters=3)) == ["PC044"]


def test_any_feedback_role_may_be_aggregated_without_anonymity(example: m.Repository) -> None:
    review = _aggregated(example)
    assert _codes(example, _as(review, "peer", "aggregated")) == []
    assert _codes(example, _as(review, "customer", "aggregated")) == []


@pytest.mark.parametrize("role", ["self", "manager"])
def test_self_and_manager_feedback_cannot_be_aggregated(
    example: m.Repository, role: m.Role
) -> None:
    """One problem, PC044, not also PC020/PC021 about who should have written it."""
    assert _codes(example, _as(_aggregated(example), role, "aggregated")) == ["PC044"]
