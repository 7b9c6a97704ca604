"""The scoring engine (DESIGN §4): records and a cycle's policy in, scores and grades out.

Pure: a `Repository` in, frozen results out; nothing here reads a file. Every number a
person sees is kept together with what produced it (raters, weights, thresholds, caps,
rank and quota, calibration), so `explain` can tell the whole chain.

Arithmetic is `decimal.Decimal` in a fixed context. The final score is rounded half-up
to two places once, at the end; everything that depends on the score (band grade, rank,
distribution, outcomes, declines, pay ratio, a parent cycle's roll-up) uses that rounded
score, the number people see.

Decisions of detail (documented in the README's Scoring section and tested):
- a role with weight 0 in the policy does not count (its ratings are kept, marked ignored);
- forced distribution gives a person the grade of the quota slot at position rank − 1,
  so equal scores (equal rank) share the better grade and the grades below shrink;
- top/bottom N% outcomes take round-half-up(population × N / 100) people, counted by rank
  from the top (or from the bottom); ties at the edge are all in;
- a grades outcome with `within_days` is due that many days after the start of the
  `results` phase (the period's end when the policy has no such phase).
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import (
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    localcontext,
)
from functools import lru_cache
from typing import NamedTuple

from perfcode import model as m
from perfcode.memory import paused_gc

SCORED, INCOMPLETE = "scored", "incomplete"
HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")
#: one context for every computation, whatever the caller's context is
CONTEXT = Context(prec=34, rounding=ROUND_HALF_EVEN)


def _digits(value: Decimal, places: int) -> Context:
    """A context with room for every digit of VALUE rounded to PLACES decimals (a huge
    achievement percentage must not exceed the precision of the caller's context)."""
    return Context(prec=max(CONTEXT.prec, value.adjusted() + places + 2))


def round2(value: Decimal) -> Decimal:
    """Half-up to two places: the only rounding of a score."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_digits(value, 2))


def round_count(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP, context=_digits(value, 0)))


# --- results ------------------------------------------------------------------------------


class RaterScore(NamedTuple):
    """One rater's rating of one item, given or derived from a measure.

    A NamedTuple rather than a frozen dataclass: one is made per rating (175,000 for a
    5,000-person organisation), and a tuple is built several times faster.
    """

    role: str
    rater: str
    path: str
    rating: Decimal
    actual: Decimal | None = None
    achievement: Decimal | None = None  # percent, unrounded
    threshold: m.Threshold | None = None  # the threshold that was reached


class RoleScore(NamedTuple):
    """The mean of one role's raters for one item (a NamedTuple, like RaterScore)."""

    role: str
    weight: Decimal
    rating: Decimal
    raters: tuple[RaterScore, ...]


@dataclass(frozen=True, slots=True)
class ItemScore:
    item: str
    title: str
    weight: Decimal
    target: m.Target | None
    roles: tuple[RoleScore, ...]  # the roles that count (weight above 0), in ROLES order
    ignored: tuple[RoleScore, ...]  # roles that rated the item but have no weight
    rating: Decimal | None  # Σ w·r / Σ w over `roles`; None: nobody who counts rated it


@dataclass(frozen=True, slots=True)
class SectionScore:
    section: str
    name: str
    weight: Decimal
    items: tuple[ItemScore, ...]
    score: Decimal | None  # weight × Σ(item weight × rating / scale max) / Σ item weight


@dataclass(frozen=True, slots=True)
class RollupScore:
    source: str  # checks | reviews | cycles
    weight: Decimal  # percent
    kinds: tuple[str, ...]
    cycles: tuple[str, ...]
    values: tuple[tuple[str, Decimal], ...]  # (date or cycle, value) averaged
    score: Decimal | None


@dataclass(frozen=True, slots=True)
class AdjustmentScore:
    entries: tuple[m.Adjustment, ...]
    commendations: Decimal
    commendation_cap: Decimal | None
    commendations_counted: Decimal
    penalties: Decimal
    penalty_cap: Decimal | None
    penalties_counted: Decimal


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    name: str
    due: str | None = None


@dataclass(frozen=True, slots=True)
class PersonResult:
    person: str
    name: str
    status: str  # scored | incomplete
    missing: tuple[str, ...]
    template: str | None
    sections: tuple[SectionScore, ...]
    base_score: Decimal | None  # Σ section scores, unrounded
    rollup: tuple[RollupScore, ...]
    rolled_score: Decimal | None  # after the roll-up (= base without one), unrounded
    adjustments: AdjustmentScore | None
    exact_score: Decimal | None  # final, unrounded
    score: Decimal | None  # final, rounded half-up to 2 places
    band_grade: str | None
    distributed_grade: str | None  # after the forced distribution (= band grade without one)
    grade: str | None  # after calibration: the grade
    calibration: m.Decision | None
    population: str | None
    rank: int | None
    rank_from_bottom: int | None
    previous_cycle: str | None
    previous_score: Decimal | None
    declines: int  # consecutive cycles with a lower score than the cycle before
    outcomes: tuple[Outcome, ...]
    pay_ratio: Decimal | None

    @property
    def scored(self) -> bool:
        return self.status == SCORED


@dataclass(frozen=True, slots=True)
class QuotaLine:
    grade: str
    percent: Decimal
    exact: Decimal  # population × percent / 100
    quota: int  # after the largest-remainder method
    distributed: int  # people the distribution gave this grade
    final: int  # people with this grade after calibration

    @property
    def deviation(self) -> int:
        return self.final - self.quota


@dataclass(frozen=True, slots=True)
class Tie:
    """Equal scores that pushed a grade over its quota."""

    grade: str
    score: Decimal
    people: tuple[str, ...]
    over: int


@dataclass(frozen=True, slots=True)
class PopulationReport:
    id: str
    by: str  # group | department | all
    size: int  # scored people
    incomplete: int
    distributed: bool
    min_population: int | None
    quotas: tuple[QuotaLine, ...]
    ties: tuple[Tie, ...]


@dataclass(frozen=True, slots=True)
class CycleResult:
    cycle: str
    language: str
    pay_ratio: bool
    people: dict[str, PersonResult]  # by person id, sorted
    populations: tuple[PopulationReport, ...]
    detailed: bool = True  # item scores say who rated what (see `score_cycle`)

    def population(self, population_id: str) -> PopulationReport | None:
        for report in self.populations:
            if report.id == population_id:
                return report
        return None


# --- one person's score -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Score:
    """The part of a person's result that depends on their own records only."""

    person: str
    missing: tuple[str, ...]
    template: str | None
    sections: tuple[SectionScore, ...]
    base: Decimal | None
    rollup: tuple[RollupScore, ...]
    rolled: Decimal | None
    adjustments: AdjustmentScore | None
    exact: Decimal | None


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


def _mean(values: list[Decimal]) -> Decimal:
    if len(values) == 1:
        return values[0]
    return sum(values, ZERO) / len(values)


Key = tuple[str, str]  # (item id, role)


Means = dict[str, dict[str, Decimal]]  # role → item id → the mean of that role's ratings


def _role_means(reviews: tuple[m.Review, ...], items: dict[str, m.Item], policy: m.Policy) -> Means:
    """Each role's mean rating of each item it rated (a measured rating derived first).

    The hot loop of scoring: one mapping per review, built in one comprehension; only roles
    with several raters (peers, say) need a second pass to average. Who gave what is kept
    only when an explanation is wanted (`_raters`)."""
    by_role: dict[str, list[dict[str, Decimal | None]]] = {}
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
        means[role] = {item_id: _mean(values) for item_id, values in given.items()}
    return means


def _raters(
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


def _item_rating(
    item_id: str, means: Means, roles: tuple[tuple[str, Decimal], ...]
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


def _item_score(
    item: m.Item,
    means: Means,
    roles: tuple[tuple[str, Decimal], ...],
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
        _item_rating(item.id, means, tuple(rw for rw in roles if rw[1] > 0)),
    )


def _section_score(
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


def _rollup(
    template: m.Template,
    person: str,
    base: Decimal | None,
    cycle: m.Cycle,
    earlier: Mapping[str, CycleResult],
    missing: list[str],
) -> tuple[tuple[RollupScore, ...], Decimal | None]:
    parts: list[RollupScore] = []
    for component in template.rollup:
        values: list[tuple[str, Decimal]] = []
        score: Decimal | None = None
        if component.source == "reviews":
            score = base
        elif component.source == "checks":
            checkins = cycle.checkins.get(person)
            entries = checkins.entries if checkins else ()
            values = [
                (entry.date, entry.score)
                for entry in entries
                if entry.score is not None
                and (not component.kinds or entry.kind in component.kinds)
            ]
            values.sort(key=lambda dated: dated[0])
            if values:
                score = _mean([v for _, v in values])
            else:
                kinds = ", ".join(component.kinds) or "any kind"
                missing.append(f"check-in scores ({kinds})")
        elif component.source == "cycles":
            absent = False
            for sub in component.cycles:
                found = earlier.get(sub)
                result = found.people.get(person) if found else None
                if result is None or result.score is None:
                    missing.append(f"score of cycle {sub}")
                    absent = True
                else:
                    values.append((sub, result.score))
            if values and not absent:
                score = _mean([v for _, v in values])
        parts.append(
            RollupScore(
                component.source,
                component.weight,
                component.kinds,
                component.cycles,
                tuple(values),
                score,
            )
        )
    if any(p.score is None for p in parts):
        return tuple(parts), None
    total = sum((p.weight * (p.score or ZERO) for p in parts), ZERO) / HUNDRED
    return tuple(parts), total


def _adjustments(cycle: m.Cycle, person: str, policy: m.Policy) -> AdjustmentScore:
    found = cycle.adjustments.get(person)
    entries = (
        tuple(sorted(found.entries, key=lambda e: (e.date, e.kind, e.points, e.reason)))
        if (found)
        else ()
    )
    plus = sum((e.points for e in entries if e.kind == "commendation"), ZERO)
    minus = sum((e.points for e in entries if e.kind == "penalty"), ZERO)
    plus_cap, minus_cap = policy.commendation_max, policy.penalty_max
    return AdjustmentScore(
        entries=entries,
        commendations=plus,
        commendation_cap=plus_cap,
        commendations_counted=plus if plus_cap is None else min(plus, plus_cap),
        penalties=minus,
        penalty_cap=minus_cap,
        penalties_counted=minus if minus_cap is None else min(minus, minus_cap),
    )


def _reviews_of(cycle: m.Cycle, person: str) -> tuple[m.Review, ...]:
    return tuple(sorted(cycle.reviews_of(person), key=lambda r: (m.ROLES.index(r.role), r.rater)))


def score_person(
    contract: m.Contract,
    cycle: m.Cycle,
    policy: m.Policy,
    earlier: Mapping[str, CycleResult],
    detail: bool = True,
) -> _Score:
    person = contract.person
    missing: list[str] = []
    reviews = _reviews_of(cycle, person)
    roles = {r.role for r in reviews}
    missing.extend(f"{role} review" for role in policy.required_roles if role not in roles)
    template = policy.template(contract.template)
    if template is None:
        missing.append(f"template {contract.template}")
        return _Score(person, tuple(missing), None, (), None, (), None, None, None)
    sections: list[SectionScore] = []
    by_id = {item.id: item for item in contract.items}
    means = _role_means(reviews, by_id, policy)
    raters = _raters(reviews, by_id, policy) if detail else None
    weights = dict(policy.rater_weights)
    present = tuple((role, weights.get(role, ZERO)) for role in m.ROLES if role in roles)
    counted = tuple((role, weight) for role, weight in present if weight > 0)
    by_section: dict[str, list[m.Item]] = {}
    for item in contract.items:
        by_section.setdefault(item.section, []).append(item)
    for section in template.sections:
        members = by_section.get(section.id, ())
        if not members:
            missing.append(f"items of section {section.id}")
        explained: tuple[ItemScore, ...] = ()
        if raters is not None:
            explained = tuple(_item_score(item, means, present, raters) for item in members)
            ratings = [(i.weight, i.rating) for i in explained]
        else:
            ratings = [(item.weight, _item_rating(item.id, means, counted)) for item in members]
        missing.extend(
            f"rating of {item.id}"
            for item, (_, rating) in zip(members, ratings, strict=True)
            if rating is None
        )
        score = _section_score(section.weight, ratings, policy)
        sections.append(SectionScore(section.id, section.name, section.weight, explained, score))
    base: Decimal | None = None
    if all(s.score is not None for s in sections):
        base = sum((s.score or ZERO for s in sections), ZERO)
    rollup: tuple[RollupScore, ...] = ()
    rolled = base
    if template.rollup:
        rollup, rolled = _rollup(template, person, base, cycle, earlier, missing)
    adjustments = _adjustments(cycle, person, policy)
    exact: Decimal | None = None
    if rolled is not None and not missing:
        exact = rolled + adjustments.commendations_counted - adjustments.penalties_counted
    return _Score(
        person,
        tuple(missing),
        template.id,
        tuple(sections),
        base,
        rollup,
        rolled,
        adjustments,
        exact,
    )


# --- grades, ranks and outcomes -----------------------------------------------------------


def grades_best_first(policy: m.Policy) -> list[m.Grade]:
    return sorted(policy.grades, key=lambda g: g.min, reverse=True)


def band_grade(score: Decimal, policy: m.Policy) -> str | None:
    """The highest band whose minimum the score reaches (the lowest band below them all)."""
    ordered = grades_best_first(policy)
    for grade in ordered:
        if score >= grade.min:
            return grade.id
    return ordered[-1].id if ordered else None


def population_of(person: m.Person | None, policy: m.Policy) -> str:
    by = policy.distribution.by if policy.distribution else "all"
    if person is None or by == "all":
        return "all"
    return person.group if by == "group" else person.department


def quota_counts(size: int, quotas: tuple[m.Quota, ...], policy: m.Policy) -> list[int]:
    """Largest remainder: floors first, then +1 by largest remainder, better grade first."""
    total = sum((q.percent for q in quotas), ZERO)
    if size == 0 or total <= 0:
        return [0] * len(quotas)
    order = {g.id: i for i, g in enumerate(grades_best_first(policy))}
    exact = [Decimal(size) * q.percent / total for q in quotas]
    counts = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = size - sum(counts)
    by_remainder = sorted(
        range(len(quotas)),
        key=lambda i: (-(exact[i] - counts[i]), order.get(quotas[i].grade, len(order)), i),
    )
    for i in by_remainder[:left]:
        counts[i] += 1
    return counts


def ranks(scores: Mapping[str, Decimal]) -> dict[str, tuple[int, int]]:
    """Rank from the top and from the bottom: 1 + people with a strictly better (worse) score."""
    values = sorted(scores.values())
    result: dict[str, tuple[int, int]] = {}
    for person, score in scores.items():
        higher = len(values) - bisect.bisect_right(values, score)
        lower = bisect.bisect_left(values, score)
        result[person] = (1 + higher, 1 + lower)
    return result


def _ordered_quotas(policy: m.Policy) -> tuple[m.Quota, ...]:
    assert policy.distribution is not None
    order = {g.id: i for i, g in enumerate(grades_best_first(policy))}
    return tuple(sorted(policy.distribution.quotas, key=lambda q: order.get(q.grade, len(order))))


def distribute(
    scores: Mapping[str, Decimal], policy: m.Policy
) -> tuple[dict[str, str], tuple[QuotaLine, ...], tuple[Tie, ...]]:
    """Grades by rank: a person gets the grade of the quota slot at position rank − 1."""
    quotas = _ordered_quotas(policy)
    size = len(scores)
    counts = quota_counts(size, quotas, policy)
    total = sum((q.percent for q in quotas), ZERO)
    rank = ranks(scores)
    bounds: list[tuple[int, str]] = []  # (end of the slot range, grade)
    end = 0
    for quota, count in zip(quotas, counts, strict=True):
        end += count
        if count:
            bounds.append((end, quota.grade))
    grades: dict[str, str] = {}
    for person in scores:
        position = rank[person][0] - 1
        grades[person] = next((g for e, g in bounds if position < e), bounds[-1][1])
    lines: list[QuotaLine] = []
    ties: list[Tie] = []
    for quota, count in zip(quotas, counts, strict=True):
        given = sorted(p for p, g in grades.items() if g == quota.grade)
        exact = Decimal(size) * quota.percent / total if total > 0 else ZERO
        lines.append(QuotaLine(quota.grade, quota.percent, exact, count, len(given), len(given)))
        if len(given) > count:
            lowest = min(scores[p] for p in given)
            tied = tuple(p for p in given if scores[p] == lowest)
            ties.append(Tie(quota.grade, lowest, tied, len(given) - count))
    return grades, tuple(lines), tuple(ties)


@lru_cache(maxsize=256)
def _share(size: int, percent: Decimal) -> int:
    """How many people N% of a population is: round-half-up(size × N / 100)."""
    return round_count(Decimal(size) * percent / HUNDRED)


def _due(policy: m.Policy, days: int) -> str:
    phase = policy.phase("results")
    start = phase.start if phase is not None else policy.period_end
    return (date.fromisoformat(start) + timedelta(days=days)).isoformat()


def outcomes_for(
    score: Decimal,
    rank: int,
    rank_from_bottom: int,
    grade: str | None,
    declines: int,
    size: int,
    policy: m.Policy,
) -> tuple[Outcome, ...]:
    """The outcome rules that apply to one scored person, in the policy's order."""
    found: list[Outcome] = []
    for rule in policy.outcomes:
        applies = False
        due: str | None = None
        if rule.when in ("top_percent", "bottom_percent") and rule.value is not None:
            count = _share(size, rule.value)
            position = rank if rule.when == "top_percent" else rank_from_bottom
            applies = position <= count
        elif rule.when == "grades":
            applies = grade in rule.grades
            if applies and rule.within_days is not None:
                due = _due(policy, rule.within_days)
        elif rule.when == "declines" and rule.value is not None:
            applies = declines >= rule.value
        elif rule.when == "score_above" and rule.value is not None:
            applies = score > rule.value
        elif rule.when == "score_below" and rule.value is not None:
            applies = score < rule.value
        if applies:
            found.append(Outcome(rule.id, rule.name, due))
    return tuple(found)


# --- a cycle --------------------------------------------------------------------------------


def score_cycle(
    repo: m.Repository,
    cycle_id: str,
    earlier_results: Mapping[str, CycleResult],
    *,
    detail: bool = True,
) -> CycleResult:
    """Score every person with a contract in the cycle; `earlier_results` feeds roll-ups
    of sub-cycles and the declines against `policy.previous`. Without `detail`, the item
    scores keep their ratings but not who gave them (`ItemScore.roles` is empty): enough
    for scores, grades and results.yaml, not for an explanation."""
    with localcontext(CONTEXT):
        return _score_cycle(repo, cycle_id, earlier_results, detail)


def _score_cycle(
    repo: m.Repository, cycle_id: str, earlier: Mapping[str, CycleResult], detail: bool
) -> CycleResult:
    cycle = repo.cycles[cycle_id]
    policy = cycle.policy
    assert policy is not None, f"cycle {cycle_id} has no policy"
    scores = {
        person: score_person(contract, cycle, policy, earlier, detail)
        for person, contract in sorted(cycle.contracts.items())
    }
    final = {p: round2(s.exact) for p, s in scores.items() if s.exact is not None}
    population = {p: population_of(repo.people.get(p), policy) for p in scores}
    band = {p: band_grade(score, policy) for p, score in final.items()}
    distributed: dict[str, str | None] = dict(band)
    rank: dict[str, tuple[int, int]] = {}
    reports: list[PopulationReport] = []
    by = policy.distribution.by if policy.distribution else "all"
    for pop in sorted(set(population.values())):
        members = {p: s for p, s in final.items() if population[p] == pop}
        incomplete = sum(1 for p in scores if population[p] == pop and p not in final)
        rank.update(ranks(members))
        dist = policy.distribution
        if dist is not None and members and len(members) >= dist.min_population:
            grades, lines, ties = distribute(members, policy)
            distributed.update(grades)
            reports.append(
                PopulationReport(
                    pop, by, len(members), incomplete, True, dist.min_population, lines, ties
                )
            )
        else:
            reports.append(
                PopulationReport(
                    pop,
                    by,
                    len(members),
                    incomplete,
                    False,
                    dist.min_population if dist else None,
                    (),
                    (),
                )
            )
    decisions = {d.person: d for d in cycle.calibration.decisions} if cycle.calibration else {}
    previous = policy.previous
    before = earlier.get(previous) if previous else None
    people: dict[str, PersonResult] = {}
    sizes = {report.id: report.size for report in reports}
    for person, score in scores.items():
        registered = repo.people.get(person)
        scored = person in final
        decision = decisions.get(person) if scored else None
        grade = distributed.get(person)
        if decision is not None:
            grade = decision.grade
        prev = before.people.get(person) if before else None
        prev_score = prev.score if prev is not None else None
        declines = 0
        if scored and prev is not None and prev_score is not None and final[person] < prev_score:
            declines = prev.declines + 1
        outcomes: tuple[Outcome, ...] = ()
        if scored:
            outcomes = outcomes_for(
                final[person],
                rank[person][0],
                rank[person][1],
                grade,
                declines,
                sizes[population[person]],
                policy,
            )
        result = PersonResult(
            person=person,
            name=registered.name if registered else person,
            status=SCORED if scored else INCOMPLETE,
            missing=score.missing,
            template=score.template,
            sections=score.sections,
            base_score=score.base,
            rollup=score.rollup,
            rolled_score=score.rolled,
            adjustments=score.adjustments,
            exact_score=score.exact,
            score=final.get(person),
            band_grade=band.get(person),
            distributed_grade=distributed.get(person),
            grade=grade,
            calibration=decision,
            population=population[person],
            rank=rank[person][0] if scored else None,
            rank_from_bottom=rank[person][1] if scored else None,
            previous_cycle=previous,
            previous_score=prev_score,
            declines=declines,
            outcomes=outcomes,
            pay_ratio=round2(final[person] / HUNDRED) if scored and policy.pay_ratio else None,
        )
        people[person] = result
    return CycleResult(
        cycle=cycle_id,
        language=policy.language,
        pay_ratio=policy.pay_ratio,
        people=people,
        populations=tuple(_after_calibration(r, people) for r in reports),
        detailed=detail,
    )


def _after_calibration(
    report: PopulationReport, people: Mapping[str, PersonResult]
) -> PopulationReport:
    if not report.distributed:
        return report
    final = Counter(p.grade for p in people.values() if p.scored and p.population == report.id)
    lines = tuple(replace(line, final=final[line.grade]) for line in report.quotas)
    return replace(report, quotas=lines)


def score_all(repo: m.Repository, *, detail: bool = True) -> dict[str, CycleResult]:
    """Every cycle with a policy, oldest first (sub-cycles before the cycles that roll them up)."""
    results: dict[str, CycleResult] = {}
    with paused_gc():
        for cycle_id in repo.cycle_ids():
            if repo.cycles[cycle_id].policy is None:
                continue
            results[cycle_id] = score_cycle(repo, cycle_id, results, detail=detail)
    return results
