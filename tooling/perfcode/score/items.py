"""Item ratings: each rater's rating (given, or derived from a measure against its target),
each role's mean, the weighted item rating and the section scores.
"""

from __future__ import annotations

from decimal import Decimal

from perfcode import model as m
from perfcode.score.numbers import HUNDRED, ZERO
from perfcode.score.results import ItemScore, RaterScore, RoleScore


def achievement(actual: Decimal, target: m.Target) -> Decimal | None:
    """Percent of target reached; None when lower is better and the actual is 0 (the best)."""
    if target.better == "lower":
        if actual == 0:
            return None
        return target.value / actual * HUNDRED
    return actual / target.value * HUNDRED


def threshold_for(percent: Decimal | None, policy: m.Policy) -> m.Threshold | None:
    """The first threshold reached (they go from the highest down); None without thresholds."""
    if not policy.achievement:
        return None
    if percent is None:  # lower is better and the actual is 0: the best there is
        return policy.achievement[0]
    for threshold in policy.achievement:
        if threshold.above_percent is not None and percent > threshold.above_percent:
            return threshold
        if threshold.min_percent is not None and percent >= threshold.min_percent:
            return threshold
    return policy.achievement[-1]


def _derived(rating: m.Rating, item: m.Item, policy: m.Policy) -> m.Threshold | None:
    """The threshold a measured rating reaches; None when it cannot be derived."""
    if rating.actual is None or item.target is None or item.target.value == 0:
        return None
    return threshold_for(achievement(rating.actual, item.target), policy)


def _rater_score(
    review: m.Review, rating: m.Rating, item: m.Item, policy: m.Policy
) -> RaterScore | None:
    if rating.rating is not None:
        return RaterScore(review.role, review.rater, review.path, rating.rating)
    threshold = _derived(rating, item, policy)
    if threshold is None or rating.actual is None or item.target is None:
        return None
    return RaterScore(
        review.role,
        review.rater,
        review.path,
        threshold.rating,
        actual=rating.actual,
        achievement=achievement(rating.actual, item.target),
        threshold=threshold,
    )


def mean(values: list[Decimal]) -> Decimal:
    if len(values) == 1:
        return values[0]
    return sum(values, ZERO) / len(values)


Key = tuple[str, m.Role]  # (item id, role)


Means = dict[m.Role, dict[str, Decimal]]  # role → item id → the mean of that role's ratings


def role_means(reviews: tuple[m.Review, ...], items: dict[str, m.Item], policy: m.Policy) -> Means:
    """Each role's mean rating of each item it rated (a measured rating derived first).

    The hot loop of scoring: one mapping per review, built in one comprehension; only roles
    with several raters (peers, say) need a second pass to average. Who gave what is kept
    only when an explanation is wanted (`_raters`)."""
    by_role: dict[m.Role, list[dict[str, Decimal | None]]] = {}
    derived: dict[tuple[str, Decimal | None], Decimal | None] = {}  # raters share a measure
    for review in reviews:
        table: dict[str, Decimal | None] = {r.item: r.rating for r in review.ratings}
        if None in table.values():  # measured items: actual against target
            for rating in review.ratings:
                if rating.rating is None:
                    key = (rating.item, rating.actual)
                    if key not in derived:
                        item = items.get(rating.item)
                        threshold = None if item is None else _derived(rating, item, policy)
                        derived[key] = None if threshold is None else threshold.rating
                    table[rating.item] = derived[key]
        found = by_role.get(review.role)
        if found is None:
            by_role[review.role] = [table]
        else:
            found.append(table)
    means: Means = {}
    for role, tables in by_role.items():
        if len(tables) == 1:
            means[role] = {k: v for k, v in tables[0].items() if v is not None}
            continue
        given: dict[str, list[Decimal]] = {}
        for table in tables:
            for item_id, value in table.items():
                if value is not None:
                    given.setdefault(item_id, []).append(value)
        means[role] = {item_id: mean(values) for item_id, values in given.items()}
    return means


def raters_of(
    reviews: tuple[m.Review, ...], items: dict[str, m.Item], policy: m.Policy
) -> dict[Key, list[RaterScore]]:
    """Who gave each usable rating, and how a measured one was derived (for `explain`)."""
    raters: dict[Key, list[RaterScore]] = {}
    for review in reviews:
        for rating in review.ratings:
            item = items.get(rating.item)
            scored = None if item is None else _rater_score(review, rating, item, policy)
            if scored is not None:
                raters.setdefault((rating.item, review.role), []).append(scored)
    return raters


def item_rating(
    item_id: str, means: Means, roles: tuple[tuple[m.Role, Decimal], ...]
) -> Decimal | None:
    """Σ w·r / Σ w over the roles that rated the item; None if none did.
    `roles`: the roles that reviewed the person and have a weight above 0, in ROLES order."""
    total = weighted = ZERO
    for role, weight in roles:
        mean = means[role].get(item_id)
        if mean is not None:
            total += weight
            weighted += weight * mean
    return weighted / total if total else None


def item_score(
    item: m.Item,
    means: Means,
    roles: tuple[tuple[m.Role, Decimal], ...],
    raters: dict[Key, list[RaterScore]],
) -> ItemScore:
    """The item's rating with its explanation: each role's mean and who gave what."""
    counted: list[RoleScore] = []
    ignored: list[RoleScore] = []
    for role, weight in roles:
        mean = means[role].get(item.id)
        if mean is not None:
            score = RoleScore(role, weight, mean, tuple(raters[(item.id, role)]))
            (counted if weight > 0 else ignored).append(score)
    return ItemScore(
        item.id,
        item.title,
        item.weight,
        item.target,
        tuple(counted),
        tuple(ignored),
        item_rating(item.id, means, tuple(rw for rw in roles if rw[1] > 0)),
    )


def section_score(
    weight: Decimal, items: list[tuple[Decimal, Decimal | None]], policy: m.Policy
) -> Decimal | None:
    """weight × Σ(item weight × rating / scale max) / Σ item weight, from (weight, rating)."""
    total = weighted = ZERO
    for item_weight, rating in items:
        if rating is None:
            return None
        total += item_weight
        weighted += item_weight * rating
    if total == 0:
        return None
    return weight * weighted / (policy.scale_max * total)
