"""The chain from each rating to the grade, as data: one `Step` per line of an explanation.

Pure: a cycle's results (scored with `detail=True`) and the repository in, a tuple of steps
out. A step says what kind of step it is, the numbers and ids it shows (`values`), who gave
them (`role`, `rater`), and, apart from those, the free text people typed (`free`: an
adjustment's or a calibration's reason). `explain.text` renders steps as the lines
`perfcode explain` prints; the site's person pages render the same steps, and the public
edition leaves steps out by their kind (`detail`: the item, role and rater lines under the
chain of totals) and by whether they carry free text, never by what their text says.

Numbers keep their meaning in their type: a `Score` is a score or rating shown to two
places, a `Decimal` is a weight, percentage or count as written, an `int` a count or rank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeAlias

from perfcode import model as m
from perfcode.score import (
    HUNDRED,
    CycleResult,
    ItemScore,
    PersonResult,
    PopulationReport,
    RaterScore,
    round_count,
)


@dataclass(frozen=True, slots=True)
class Score:
    """A score or a rating, shown to two places ("-" when there is none)."""

    value: Decimal | None


Value: TypeAlias = "Decimal | int | str | Score | tuple[Value, ...] | None"

#: steps under the chain of totals: what single items, roles and raters gave
DETAIL = frozenset(
    {
        "item",
        "item_unrated",
        "role",
        "role_ignored",
        "weighted",
        "rollup_checks",
        "rollup_cycles",
        "rollup_reviews",
        "adjust_entry",
        "o_top",
        "o_bottom",
        "o_grades",
        "o_declines",
        "o_above",
        "o_below",
    }
)


@dataclass(frozen=True, slots=True)
class Step:
    kind: str  # what the step is (a key of explain.text.MESSAGES)
    values: tuple[tuple[str, Value], ...] = ()  # the numbers and ids it shows
    role: str | None = None  # the role whose ratings it shows
    rater: str | None = None  # the person who gave it
    free: tuple[tuple[str, str], ...] = ()  # free text typed by people, by field
    parts: tuple[Step, ...] = ()  # the steps shown within its line (a role's raters, quotas)

    @property
    def detail(self) -> bool:
        """Whether this step shows what single items, roles or raters gave."""
        return self.kind in DETAIL

    def value(self, name: str) -> Value:
        return dict(self.values)[name]

    @property
    def fields(self) -> Mapping[str, Value]:
        return dict(self.values)


def _step(
    kind: str,
    common: Mapping[str, Value] | None = None,
    /,
    *,
    role: str | None = None,
    rater: str | None = None,
    free: Mapping[str, str] | None = None,
    parts: tuple[Step, ...] = (),
    **values: Value,
) -> Step:
    shown = {**(common or {}), **values}
    return Step(kind, tuple(shown.items()), role, rater, tuple((free or {}).items()), parts)


def _rater(rater: RaterScore, item: ItemScore) -> Step:
    if rater.threshold is None or rater.actual is None or item.target is None:
        return _step("rater", rater=rater.rater, rating=rater.rating)
    if rater.achievement is None:
        return _step("measured_best", rater=rater.rater, rating=rater.rating)
    threshold = rater.threshold
    above = threshold.above_percent is not None
    return _step(
        "measured",
        rater=rater.rater,
        rating=rater.rating,
        actual=rater.actual,
        target=item.target.value,
        unit=item.target.unit or "",
        better=item.target.better,
        percent=Score(rater.achievement),
        op=">" if above else "≥",
        threshold=threshold.above_percent if above else threshold.percent,
    )


def _items(item: ItemScore) -> list[Step]:
    if item.rating is None:
        steps = [_step("item_unrated", item=item.item, title=item.title, weight=item.weight)]
    else:
        steps = [
            _step(
                "item",
                item=item.item,
                title=item.title,
                weight=item.weight,
                rating=Score(item.rating),
            )
        ]
    for role in item.roles:
        steps.append(
            _step(
                "role",
                role=role.role,
                parts=tuple(_rater(r, item) for r in role.raters),
                weight=role.weight,
                rating=Score(role.rating),
            )
        )
    for role in item.ignored:
        steps.append(_step("role_ignored", role=role.role, rating=Score(role.rating)))
    if item.rating is not None and len(item.roles) > 1:
        steps.append(
            _step(
                "weighted",
                weights=tuple(r.weight for r in item.roles),
                ratings=tuple(Score(r.rating) for r in item.roles),
                rating=Score(item.rating),
            )
        )
    return steps


def _distribution(
    result: PersonResult, report: PopulationReport | None, policy: m.Policy
) -> list[Step]:
    if result.left is not None and result.population is None:
        return [_step("leaver_apart", day=result.left)]  # scored, not counted in a population
    if report is None or result.rank is None:
        return []
    steps = [
        _step(
            "rank",
            rank=result.rank,
            size=report.size,
            population=report.id,
            by=report.by,
            higher=result.rank - 1,
        )
    ]
    if policy.distribution is None:
        return [*steps, _step("no_distribution")]
    if not report.distributed:
        return [*steps, _step("small", size=report.size, min=report.min_population)]
    quotas = tuple(
        _step(
            "quota",
            grade=q.grade,
            percent=q.percent,
            size=report.size,
            exact=Score(q.exact),
            count=q.quota,
        )
        for q in report.quotas
    )
    steps.append(_step("quotas", parts=quotas))
    first = 1
    for q in report.quotas:
        last = first + q.quota - 1
        if q.grade == result.distributed_grade and q.quota:
            steps.append(_step("slot", rank=result.rank, grade=q.grade, first=first, last=last))
        first = last + 1
    for tie in report.ties:
        if result.person in tie.people:
            steps.append(
                _step(
                    "tie", score=Score(tie.score), people=tie.people, grade=tie.grade, over=tie.over
                )
            )
    return steps


def _outcomes(
    result: PersonResult, report: PopulationReport | None, policy: m.Policy
) -> list[Step]:
    unranked: list[Step] = []
    if report is not None and report.rank_rules and not report.ranked:
        unranked = [_step("o_unranked", size=report.size, min=report.min_population)]
    if not result.outcomes:
        return [*unranked, _step("outcomes_none")]
    steps = [*unranked, _step("outcomes")]
    size = report.size if report else 0
    rules = {rule.id: rule for rule in policy.outcomes}
    for outcome in result.outcomes:
        rule = rules[outcome.id]
        common: dict[str, Value] = {"name": outcome.name, "id": outcome.id, "value": rule.value}
        if rule.when in ("top_percent", "bottom_percent") and rule.value is not None:
            count = round_count(Decimal(size) * rule.value / HUNDRED)
            top = rule.when == "top_percent"
            steps.append(
                _step(
                    "o_top" if top else "o_bottom",
                    common,
                    size=size,
                    count=count,
                    rank=result.rank if top else result.rank_from_bottom,
                )
            )
        elif rule.when == "grades":
            steps.append(_step("o_grades", common, grade=result.grade, due=outcome.due))
        elif rule.when == "declines":
            steps.append(_step("o_declines", common, count=result.declines))
        else:
            kind = "o_above" if rule.when == "score_above" else "o_below"
            steps.append(_step(kind, common, score=Score(result.score)))
    return steps


def steps(result: CycleResult, repo: m.Repository, person: str) -> tuple[Step, ...]:
    """Every step from the ratings to the grade of `person` in `result`'s cycle."""
    assert result.explains(person), "explain needs results scored with detail for PERSON"
    policy = repo.cycles[result.cycle].policy
    assert policy is not None
    p = result.people[person]
    out = [_step("title", name=p.name, person=person, cycle=result.cycle)]
    template = policy.template(p.template) if p.template else None
    if template is not None:
        out.append(_step("template", template=template.id, name=template.name))
    for section in p.sections:
        common: dict[str, Value] = {
            "section": section.section,
            "name": section.name,
            "weight": section.weight,
        }
        if section.score is None:
            out.append(_step("section_missing", common))
        else:
            out.append(_step("section", common, score=Score(section.score), max=policy.scale_max))
        for item in section.items:
            out.extend(_items(item))
    if p.status == "left":
        out.append(_step("left", day=p.left))
        return tuple(out)
    if not p.scored:
        out.append(_step("incomplete", missing=tuple(p.missing)))
        return tuple(out)
    if p.sections:  # a pure roll-up has none (`Template.needs_reviews`)
        out.append(
            _step(
                "base",
                scores=tuple(Score(s.score) for s in p.sections),
                score=Score(p.base_score),
            )
        )
    if p.rollup:
        for part in p.rollup:
            if part.source == "checks":
                out.append(
                    _step(
                        "rollup_checks",
                        kinds=tuple(part.kinds),
                        weight=part.weight,
                        count=len(part.values),
                        score=Score(part.score),
                    )
                )
            elif part.source == "cycles":
                out.append(
                    _step(
                        "rollup_cycles",
                        cycles=tuple(c for c, _ in part.values),
                        scores=tuple(Score(v) for _, v in part.values),
                        weight=part.weight,
                        score=Score(part.score),
                    )
                )
            else:
                out.append(_step("rollup_reviews", weight=part.weight, score=Score(part.score)))
        out.append(
            _step(
                "rollup",
                weights=tuple(part.weight for part in p.rollup),
                scores=tuple(Score(part.score) for part in p.rollup),
                score=Score(p.rolled_score),
            )
        )
    adj = p.adjustments
    if adj is not None and adj.entries:
        out.append(
            _step(
                "adjust",
                plus=adj.commendations_counted,
                minus=adj.penalties_counted,
                plus_total=adj.commendations,
                plus_cap=(
                    adj.commendation_cap
                    if adj.commendation_cap is not None and adj.commendations > adj.commendation_cap
                    else None
                ),
                minus_total=adj.penalties,
                minus_cap=(
                    adj.penalty_cap
                    if adj.penalty_cap is not None and adj.penalties > adj.penalty_cap
                    else None
                ),
            )
        )
        for entry in adj.entries:
            counts = adj.entry_counts(entry)
            out.append(
                _step(
                    "adjust_entry",
                    rater=entry.by,
                    free={"reason": str(entry.reason)},
                    date=entry.date,
                    kind=entry.kind,
                    points=entry.points,
                    counts=counts if counts != entry.points else None,
                )
            )
    if adj is not None and adj.below_zero is not None:
        out.append(_step("floor", below=Score(adj.below_zero)))
    assert p.exact_score is not None and p.score is not None
    if p.exact_score == p.score:
        out.append(_step("final", score=Score(p.score)))
    else:
        out.append(_step("final_rounded", score=Score(p.score), exact=p.exact_score))
    band = policy.grade(p.band_grade) if p.band_grade else None
    if band is not None:
        kind = "band" if p.score >= band.min else "band_below"  # kept below zero, say
        out.append(_step(kind, score=Score(p.score), min=band.min, grade=band.id, name=band.name))
    report = result.population(p.population) if p.population else None
    out.extend(_distribution(p, report, policy))
    if p.calibration is not None:
        out.append(
            _step(
                "calibrated",
                free={"reason": str(p.calibration.reason)},
                before=p.distributed_grade,
                grade=p.calibration.grade,
            )
        )
    if p.appeal is not None and p.appeal.answer is not None:
        out.append(
            _step(
                "appealed",
                date=p.appeal.answer.date,
                by=p.appeal.answer.by,
                before=p.appealed_from,
                grade=p.grade,
                correction=p.pay_correction,
            )
        )
    final_grade = policy.grade(p.grade) if p.grade else None
    if final_grade is not None:
        out.append(_step("grade", grade=final_grade.id, name=final_grade.name))
    if p.previous_cycle is not None and p.previous_score is not None:
        out.append(
            _step(
                "previous",
                cycle=p.previous_cycle,
                before=Score(p.previous_score),
                score=Score(p.score),
                declines=p.declines,
            )
        )
    out.extend(_outcomes(p, report, policy))
    if p.pay_ratio is not None:
        out.append(_step("pay", score=Score(p.score), ratio=p.pay_ratio))
    return tuple(out)


#: steps that show a grade (or, for a distribution's quotas, the grades being given out)
GRADES = frozenset(
    {"band", "band_below", "quotas", "slot", "tie", "calibrated", "appealed", "grade", "o_grades"}
)
#: steps that tell of an appeal (shown only where the policy publishes appeals)
APPEALS = frozenset({"appealed"})
#: steps that show a score, a rank or the pay ratio
SCORES = frozenset(
    {
        "section",
        "base",
        "rollup",
        "rollup_checks",
        "rollup_cycles",
        "rollup_reviews",
        "adjust",
        "adjust_entry",
        "floor",
        "final",
        "final_rounded",
        "band",
        "band_below",
        "rank",
        "slot",
        "tie",
        "previous",
        "pay",
        "o_top",
        "o_bottom",
        "o_declines",
        "o_above",
        "o_below",
    }
)
#: the outcomes' heading lines ("Outcomes:", "Outcomes: none"), and the line saying no
#: top/bottom N% applied in a small population: whether a person has an outcome at all
#: tells of outcomes that a page may not show (an interview required)
OUTCOMES = frozenset({"outcomes", "outcomes_none", "o_unranked"})
#: the section scores, and the base score as their sum
SECTIONS = frozenset({"section", "base"})


def public(
    chain: tuple[Step, ...],
    *,
    free_text: bool,
    scores: bool = True,
    grades: bool = True,
    outcomes: bool = True,
    sections: bool = True,
    appeals: bool = True,
) -> tuple[Step, ...]:
    """The steps the public edition shows: the chain of totals, without the steps of single
    items, roles and raters; unless the policy publishes comments, without the steps that
    carry text people typed; unless it publishes grades, without the steps that show a
    grade; unless it publishes scores, without those that show a score, rank or pay ratio;
    without the outcomes' headings unless `outcomes` (the site lists the outcomes it may
    show with the result instead); without the section scores unless `sections` (with
    the weights, a section's score can tell ratings that are not published); without the
    appeal's step unless `appeals` (the policy publishes appeals)."""
    return tuple(
        step
        for step in chain
        if not step.detail
        and (outcomes or step.kind not in OUTCOMES)
        and (sections or step.kind not in SECTIONS)
        and (appeals or step.kind not in APPEALS)
        and (grades or step.kind not in GRADES)
        and (scores or step.kind not in SCORES)
        and (free_text or not any(text for _, text in step.free))
    )
