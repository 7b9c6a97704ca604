"""Grades: bands, populations, ranks, the forced distribution (quotas by largest
remainder, slots by rank) and calibration's count after it.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal

from perfcode import model as m
from perfcode.score.numbers import ZERO
from perfcode.score.outcomes import RANK_BASED
from perfcode.score.results import PersonResult, PopulationReport, QuotaLine, Tie


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


def after_calibration(
    report: PopulationReport, people: Mapping[str, PersonResult]
) -> PopulationReport:
    if not report.distributed:
        return report
    final = Counter(p.grade for p in people.values() if p.scored and p.population == report.id)
    lines = tuple(replace(line, final=final[line.grade]) for line in report.quotas)
    return replace(report, quotas=lines)


@dataclass(frozen=True, slots=True)
class Grading:
    """A cycle's scored people graded: by band, by the distribution, and ranked."""

    band: dict[str, str | None]  # person → band grade
    distributed: dict[str, str | None]  # person → grade after the distribution
    rank: dict[str, tuple[int, int]]  # person → rank from the top, from the bottom
    reports: tuple[PopulationReport, ...]  # by population id, sorted


def grade_populations(
    final: Mapping[str, Decimal],
    population: Mapping[str, str],
    policy: m.Policy,
    left: Mapping[str, int] | None = None,
) -> Grading:
    """Band grades for FINAL (rounded scores), then each population (of everyone in
    POPULATION, scored or not) ranked and, when it has at least the policy's
    `min_population` scored people, distributed. A scored person outside POPULATION (a
    leaver the policy does not count) keeps the band grade, unranked. LEFT: by population,
    the leavers not counted in it (for its report)."""
    band = {p: band_grade(score, policy) for p, score in final.items()}
    distributed: dict[str, str | None] = dict(band)
    rank: dict[str, tuple[int, int]] = {}
    reports: list[PopulationReport] = []
    by = policy.distribution.by if policy.distribution else "all"
    minimum = policy.min_population
    left = left or {}
    for pop in sorted(set(population.values()) | set(left)):
        members = {p: s for p, s in final.items() if population.get(p) == pop}
        incomplete = sum(1 for p in population if population[p] == pop and p not in final)
        rank.update(ranks(members))
        dist = policy.distribution
        lines: tuple[QuotaLine, ...] = ()
        ties: tuple[Tie, ...] = ()
        spread = dist is not None and bool(members) and len(members) >= minimum
        if spread:
            grades, lines, ties = distribute(members, policy)
            distributed.update(grades)
        reports.append(
            PopulationReport(
                pop,
                by,
                len(members),
                incomplete,
                spread,
                minimum,
                lines,
                ties,
                forced=dist is not None,
                rank_rules=any(rule.when in RANK_BASED for rule in policy.outcomes),
                left=left.get(pop, 0),
            )
        )
    return Grading(band, distributed, rank, tuple(reports))


def decisions_of(cycle: m.Cycle) -> dict[str, m.Decision]:
    """The calibration's decisions, by person."""
    return {d.person: d for d in cycle.calibration.decisions} if cycle.calibration else {}
