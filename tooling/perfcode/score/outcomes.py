"""Outcome rules: top and bottom shares, grades (with a due date), declines, score limits."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from perfcode import model as m
from perfcode.score.numbers import HUNDRED, round_count
from perfcode.score.results import Outcome, PersonResult


@lru_cache(maxsize=256)
def _share(size: int, percent: Decimal) -> int:
    """How many people N% of a population is: round-half-up(size × N / 100)."""
    return round_count(Decimal(size) * percent / HUNDRED)


def _due(policy: m.Policy, days: int) -> str:
    phase = policy.phase("results")
    start = phase.start if phase is not None else policy.period_end
    return (date.fromisoformat(start) + timedelta(days=days)).isoformat()


#: the outcome conditions decided by rank in a population
RANK_BASED = ("top_percent", "bottom_percent")


def outcomes_for(
    score: Decimal,
    ranked: tuple[int, int] | None,
    grade: str | None,
    declines: int,
    size: int,
    policy: m.Policy,
) -> tuple[Outcome, ...]:
    """The outcome rules that apply to one scored person, in the policy's order. RANKED:
    the rank from the top and from the bottom in a population of SIZE scored people; None
    when nothing is decided by rank for this person (a population smaller than the
    policy's `min_population`, or a leaver not counted in one): no top/bottom N%."""
    found: list[Outcome] = []
    for rule in policy.outcomes:
        applies = False
        due: str | None = None
        if rule.when in RANK_BASED and rule.value is not None:
            if ranked is not None:
                position = ranked[0] if rule.when == "top_percent" else ranked[1]
                applies = position <= _share(size, rule.value)
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


def declines(score: Decimal, previous: PersonResult | None) -> int:
    """Consecutive cycles with a lower score than the cycle before, this one included."""
    if previous is not None and previous.score is not None and score < previous.score:
        return previous.declines + 1
    return 0
