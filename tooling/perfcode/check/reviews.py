"""Reviews: who may write them, when, and what they rate against the contract."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from perfcode import model as m
from perfcode.check.common import contract_broken, fmt, person_known, quoted_list
from perfcode.problems import Problem, error, warning

#: the roles whose feedback several people give, so HR may collect it into one review
AGGREGABLE: tuple[m.Role, ...] = ("peer", "subordinate", "customer")


def _writer(review: m.Review, policy: m.Policy, repo: m.Repository) -> Iterator[Problem]:
    """Who may write the review: the person, their manager, other people, HR's aggregate."""
    path = review.path
    person = repo.people.get(review.person)
    yield from person_known(path, review.person, repo)
    if review.aggregated and review.role not in AGGREGABLE:
        own = review.person if review.role == "self" else None
        if review.role == "manager" and person is not None:
            own = person.manager
        yield error(
            path,
            "PC044",
            f"{review.role} feedback cannot be aggregated: one person writes it, in "
            f"{review.role}-{own or '<their id>'}.yaml; only peer, subordinate and customer "
            "feedback may be collected as <role>-aggregated.yaml",
        )
    elif review.role == "self" and review.rater != review.person:
        yield error(
            path,
            "PC021",
            f"a self review of {review.person} must be written by "
            f"{review.person}, not {review.rater}: name the file "
            f"self-{review.person}.yaml",
        )
    elif review.role == "manager" and person is not None and review.rater != person.manager:
        if person.manager is None:
            yield error(
                path,
                "PC020",
                f"{review.person} has no manager in people/{review.person}.yaml, "
                "so there is no manager review to write",
            )
        else:
            yield error(
                path,
                "PC020",
                f"a manager review of {review.person} must be written by their manager, "
                f"{person.manager}, not {review.rater}: "
                f"name the file manager-{person.manager}.yaml",
            )
    yield from _anonymity(review, policy)
    if (
        not review.aggregated
        and review.role in ("peer", "subordinate")
        and not repo.person_exists(review.rater)
    ):
        yield error(path, "PC015", f'the rater "{review.rater}" is not in people/')
    if review.role in ("peer", "subordinate") and review.rater == review.person:
        yield error(
            path, "PC044", f"{review.person} cannot give {review.role} feedback on themselves"
        )
    if review.collected_by is not None and not repo.person_exists(review.collected_by):
        yield error(path, "PC015", f'"{review.collected_by}" is not in people/', ("collected_by",))


def _anonymity(review: m.Review, policy: m.Policy) -> Iterator[Problem]:
    """An anonymous role's feedback is aggregated, from at least the policy's minimum of
    raters; an aggregated review says how many raters it gathers."""
    path = review.path
    minimum = policy.anonymous_minimum(review.role)
    if review.aggregated and review.role in AGGREGABLE:
        if review.raters < 1:  # the builder's mark for "not said"
            yield error(
                path,
                "PC010",
                'the required field "raters" is missing: say how many raters this '
                "aggregated feedback gathers",
            )
        elif minimum is not None and review.raters < minimum:
            yield error(
                path,
                "PC062",
                f"this aggregated {review.role} feedback gathers {review.raters} "
                f"{'rater' if review.raters == 1 else 'raters'}, fewer than the {minimum} "
                f"the policy asks for (raters: anonymous: {review.role}: {minimum}), so it "
                "could point to who said what: gather more, or leave it out",
                ("raters",),
            )
    elif not review.aggregated:
        if minimum is not None:
            yield error(
                path,
                "PC061",
                f"the policy makes {review.role} feedback anonymous (raters: anonymous:), "
                "so no review may name its rater: the admin office collects it as "
                f"{review.role}-aggregated.yaml, with raters: and each item's mean rating",
            )
        if review.raters != 1:
            yield error(
                path,
                "PC044",
                f"raters is only for aggregated feedback ({review.role}-aggregated.yaml); "
                "one rater writes this review",
                ("raters",),
                key=True,
            )


def _date(review: m.Review, policy: m.Policy) -> Iterator[Problem]:
    """A submitted review is dated within the cycle, up to its close."""
    path = review.path
    if review.submitted is not None:
        closed = policy.phase("closed")
        last = closed.start if closed is not None else None
        if review.submitted < policy.period_start:
            yield error(
                path,
                "PC022",
                f"the review is dated {review.submitted}, before the cycle starts "
                f"({policy.period_start})",
                ("submitted",),
            )
        elif last is not None and review.submitted > last:
            yield error(
                path,
                "PC022",
                f"the review is dated {review.submitted}, after the cycle closed ({last})",
                ("submitted",),
            )


def _ratings(
    review: m.Review, policy: m.Policy, cycle: m.Cycle, repo: m.Repository
) -> Iterator[Problem]:
    """What the review rates, against the person's contract and the policy's scale."""
    path = review.path
    contract = cycle.contracts.get(review.person)
    if contract is None:
        if review.person in repo.people and not contract_broken(review.cycle, review.person, repo):
            yield error(
                path,
                "PC030",
                f"{review.person} has no contract in cycle {review.cycle}: "
                "a review rates the items of a contract",
            )
        return
    rated = [r.item for r in review.ratings]
    unrated = [item.id for item in contract.items if item.id not in rated]
    meant: set[str] = set()  # unrated items that an unknown item id was probably meant to be
    for i, rating in enumerate(review.ratings):
        where: tuple[str | int, ...] = ("ratings", i)
        item = contract.item(rating.item)
        if item is None:
            close = difflib.get_close_matches(
                rating.item, [u for u in unrated if u not in meant], 1
            )
            hint = f'; did you mean "{close[0]}"?' if close else ""
            meant.update(close)
            yield error(
                path,
                "PC018",
                f'"{rating.item}" is not an item of {review.person}\'s contract{hint}',
                (*where, "item"),
            )
            continue
        if rated.index(rating.item) != i:
            yield error(
                path,
                "PC038",
                f'the item "{rating.item}" is rated twice in this review',
                (*where, "item"),
            )
        if rating.rating is not None and not policy.scale_min <= rating.rating <= policy.scale_max:
            yield error(
                path,
                "PC014",
                f"the rating {fmt(rating.rating)} is outside the scale "
                f"{fmt(policy.scale_min)}–{fmt(policy.scale_max)}",
                (*where, "rating"),
            )
        if rating.actual is not None and item.target is None:
            yield error(
                path,
                "PC036",
                f'"{item.id}" has no target in the contract, so give it a rating, not an actual',
                (*where, "actual"),
            )
        if rating.actual is not None and item.target is not None and not policy.achievement:
            yield error(
                path,
                "PC033",
                "the policy has no achievement thresholds to turn an actual into a rating",
                (*where, "actual"),
            )
    if not review.aggregated:
        missing = [item_id for item_id in unrated if item_id not in meant]
        if missing:
            yield error(
                path,
                "PC037",
                f"this review does not rate {quoted_list(missing)}; "
                "rate every item of the contract",
                ("ratings",),
                key=True,
            )


def check_review(
    review: m.Review, policy: m.Policy, cycle: m.Cycle, repo: m.Repository
) -> Iterator[Problem]:
    yield from _writer(review, policy, repo)
    yield from _date(review, policy)
    yield from _ratings(review, policy, cycle, repo)
    if policy.rater_weight(review.role) <= 0:
        yield warning(
            review.path,
            "PC032",
            f"this cycle's policy gives {review.role} reviews no weight "
            "(raters: weights:), so this review does not count toward the score",
        )
