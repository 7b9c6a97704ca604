"""Commendations and penalties: each entry at most the policy's cap per entry, the sums at
most its caps per cycle; then the final score, with the one floor at zero."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from perfcode import model as m
from perfcode.score.numbers import ZERO, capped
from perfcode.score.results import AdjustmentScore


def entry_cap(kind: m.AdjustmentKind, policy: m.Policy) -> Decimal | None:
    """The most points one entry of KIND counts for (None: the policy sets no cap per entry)."""
    return policy.commendation_entry_max if kind == "commendation" else policy.penalty_entry_max


def cycle_cap(kind: m.AdjustmentKind, policy: m.Policy) -> Decimal | None:
    """The most points all entries of KIND count for in the cycle (None: no cap)."""
    return policy.commendation_max if kind == "commendation" else policy.penalty_max


def adjustments_of(cycle: m.Cycle, person: str, policy: m.Policy) -> AdjustmentScore:
    found = cycle.adjustments.get(person)
    entries = (
        tuple(
            sorted(found.entries, key=lambda e: (e.date, e.kind, e.points, m.words_order(e.reason)))
        )
        if (found)
        else ()
    )
    each = {kind: entry_cap(kind, policy) for kind in ("commendation", "penalty")}
    plus = sum((capped(e.points, each[e.kind]) for e in entries if e.kind == "commendation"), ZERO)
    minus = sum((capped(e.points, each[e.kind]) for e in entries if e.kind == "penalty"), ZERO)
    plus_cap, minus_cap = policy.commendation_max, policy.penalty_max
    return AdjustmentScore(
        entries=entries,
        commendations=plus,
        commendation_cap=plus_cap,
        commendations_counted=capped(plus, plus_cap),
        penalties=minus,
        penalty_cap=minus_cap,
        penalties_counted=capped(minus, minus_cap),
        commendation_entry_cap=each["commendation"],
        penalty_entry_cap=each["penalty"],
    )


def adjusted(
    rolled: Decimal, adjustments: AdjustmentScore, policy: m.Policy
) -> tuple[Decimal, AdjustmentScore]:
    """The final score, unrounded: the rolled score plus the commendations, minus the
    penalties that count. Below zero it is 0 unless the policy keeps it (`floor_at_zero`),
    and the adjustments then say what it was (`below_zero`, which explain tells)."""
    score = rolled + adjustments.commendations_counted - adjustments.penalties_counted
    if score < 0 and policy.floor_at_zero:
        return ZERO, replace(adjustments, below_zero=score)
    return score, adjustments
