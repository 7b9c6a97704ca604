"""What the rules of several documents share: number and list wording, the period of a
cycle, and whether a person, goal or contract is there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal

from perfcode import layout
from perfcode import model as m
from perfcode.problems import Problem, error, quoted

HUNDRED = Decimal(100)
ORG_PATH = "people/org.yaml"


def fmt(value: Decimal) -> str:
    """A number as people write it; an absurdly large or small one in powers of ten."""
    value = value.normalize()
    if value.is_finite() and value and not -12 <= value.adjusted() < 15:
        return f"{value:.6G}"
    return format(value, "f")


def grade_ids(policy: m.Policy) -> str:
    return ", ".join(grade.id for grade in policy.grades)


def quoted_list(values: Iterable[str]) -> str:
    return ", ".join(quoted(value) for value in values)


def duplicates(values: Iterable[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]


def period_bounds(cycle_id: str) -> tuple[str, str]:
    """The first and last day a cycle id names, as ISO dates: 2026-H2 → 2026-07-01, 2026-12-31."""
    first, last = layout.cycle_bounds(cycle_id)
    return first.isoformat(), last.isoformat()


def period_agrees(policy: m.Policy) -> bool:
    """The policy's period lies within the cycle its folder names."""
    first, last = period_bounds(policy.cycle)
    return first <= policy.period_start <= policy.period_end <= last


def in_period(
    path: str, day: str | None, policy: m.Policy, pointer: tuple[str | int, ...], what: str
) -> Iterator[Problem]:
    if not period_agrees(policy):  # the policy's own problem (PC026) comes first
        return
    if day is not None and not policy.period_start <= day <= policy.period_end:
        yield error(
            path,
            "PC022",
            f"{what} ({day}) is outside the cycle's period "
            f"{policy.period_start} to {policy.period_end}",
            pointer,
        )


def contract_broken(cycle_id: str, person: str, repo: m.Repository) -> bool:
    """The contract exists but could not be read: its own problems say why."""
    return f"cycles/{cycle_id}/contracts/{person}.yaml" in repo.broken


def goal_missing(cycle: m.Cycle, goal_id: str, repo: m.Repository) -> bool:
    """The goal is not in goals.yaml (a broken goals.yaml is not asked: it has its own problems)."""
    if cycle.goals is None:
        return f"cycles/{cycle.id}/goals.yaml" not in repo.broken
    return cycle.goals.get(goal_id) is None


def person_known(path: str, person: str, repo: m.Repository) -> Iterator[Problem]:
    if not repo.person_exists(person):
        yield error(
            path,
            "PC015",
            f'this file is for "{person}", who is not in people/ '
            f"(add people/{person}.yaml or move the file)",
        )
