"""One person's score from their own records: items, sections, roll-up, adjustments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from perfcode import model as m
from perfcode.score.adjustments import adjusted, adjustments_of
from perfcode.score.items import item_rating, item_score, raters_of, role_means, section_score
from perfcode.score.numbers import ZERO
from perfcode.score.results import (
    AdjustmentScore,
    CycleResult,
    ItemScore,
    RollupScore,
    SectionScore,
)
from perfcode.score.rollup import roll_up


@dataclass(frozen=True, slots=True)
class Score:
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


def _reviews_of(cycle: m.Cycle, person: str) -> tuple[m.Review, ...]:
    """The person's reviews that count (drafts do not: `Review.draft`), by role and rater."""
    counted = (r for r in cycle.reviews_of(person) if not r.draft)
    return tuple(sorted(counted, key=lambda r: (m.ROLES.index(r.role), r.rater)))


#: what a `missing` entry adds when the role's review is there but only as a draft
DRAFT_NOTE = " (a draft: not submitted)"


def _missing_review(cycle: m.Cycle, person: str, role: m.Role) -> str:
    drafted = any(r.role == role for r in cycle.reviews_of(person))
    return f"{role} review" + (DRAFT_NOTE if drafted else "")


def score_person(
    contract: m.Contract,
    cycle: m.Cycle,
    policy: m.Policy,
    earlier: Mapping[str, CycleResult],
    detail: bool = True,
) -> Score:
    person = contract.person
    missing: list[str] = []
    template = policy.template(contract.template)
    # a pure roll-up (`Template.needs_reviews`) counts no reviews and requires no role
    reviewed = template is None or template.needs_reviews
    reviews = _reviews_of(cycle, person) if reviewed else ()
    roles = {r.role for r in reviews}
    if reviewed:
        missing.extend(
            _missing_review(cycle, person, role)
            for role in policy.required_roles
            if role not in roles
        )
    if template is None:
        missing.append(f"template {contract.template}")
        return Score(person, tuple(missing), None, (), None, (), None, None, None)
    sections: list[SectionScore] = []
    by_id = {item.id: item for item in contract.items}
    means = role_means(reviews, by_id, policy)
    raters = raters_of(reviews, by_id, policy) if detail else None
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
            explained = tuple(item_score(item, means, present, raters) for item in members)
            ratings = [(i.weight, i.rating) for i in explained]
        else:
            ratings = [(item.weight, item_rating(item.id, means, counted)) for item in members]
        missing.extend(
            f"rating of {item.id}"
            for item, (_, rating) in zip(members, ratings, strict=True)
            if rating is None
        )
        score = section_score(section.weight, ratings, policy)
        sections.append(SectionScore(section.id, section.name, section.weight, explained, score))
    base: Decimal | None = None
    if sections and all(s.score is not None for s in sections):
        base = sum((s.score or ZERO for s in sections), ZERO)
    rollup: tuple[RollupScore, ...] = ()
    rolled = base
    if template.rollup:
        rollup, rolled = roll_up(template, person, base, cycle, earlier, missing)
    adjustments = adjustments_of(cycle, person, policy)
    exact: Decimal | None = None
    if rolled is not None and not missing:
        exact, adjustments = adjusted(rolled, adjustments, policy)
    return Score(
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
