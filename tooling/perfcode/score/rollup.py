"""The roll-up of a template: check-in scores, the review score and sub-cycles' scores, weighted."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from perfcode import model as m
from perfcode.score.items import mean
from perfcode.score.numbers import HUNDRED, ZERO
from perfcode.score.results import CycleResult, RollupScore


def roll_up(
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
                score = mean([v for _, v in values])
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
                score = mean([v for _, v in values])
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
