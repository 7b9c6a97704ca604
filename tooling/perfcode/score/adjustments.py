"""Commendations and penalties: summed, then capped by the policy."""

from __future__ import annotations

from perfcode import model as m
from perfcode.score.numbers import ZERO
from perfcode.score.results import AdjustmentScore


def adjustments_of(cycle: m.Cycle, person: str, policy: m.Policy) -> AdjustmentScore:
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
