"""The pipeline: a cycle's people scored, graded, ranked, distributed, calibrated and given
their outcomes; every cycle of a repository, oldest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from perfcode import model as m
from perfcode.memory import paused_gc
from perfcode.score.distribution import (
    Grading,
    after_calibration,
    decisions_of,
    grade_populations,
    population_of,
)
from perfcode.score.numbers import CONTEXT, HUNDRED, round2
from perfcode.score.outcomes import declines, outcomes_for
from perfcode.score.person import Score, score_person
from perfcode.score.results import INCOMPLETE, SCORED, CycleResult, Outcome, PersonResult


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
    graded = grade_populations(final, population, policy)
    decisions = decisions_of(cycle)
    before = earlier.get(policy.previous) if policy.previous else None
    sizes = {report.id: report.size for report in graded.reports}
    people: dict[str, PersonResult] = {}
    for person, score in scores.items():
        registered = repo.people.get(person)
        people[person] = _result(
            score,
            registered.name if registered else person,
            final.get(person),
            population[person],
            sizes[population[person]],
            graded,
            decisions.get(person),
            granted(cycle.appeals.get(person)),
            before.people.get(person) if before else None,
            policy,
        )
    return CycleResult(
        cycle=cycle_id,
        language=policy.language,
        pay_ratio=policy.pay_ratio,
        people=people,
        populations=tuple(after_calibration(r, people) for r in graded.reports),
        detailed=detail,
    )


def _result(
    score: Score,
    name: str,
    final: Decimal | None,
    population: str,
    size: int,
    graded: Grading,
    decision: m.Decision | None,
    appeal: m.Appeal | None,
    previous: PersonResult | None,
    policy: m.Policy,
) -> PersonResult:
    """One person's result: their own score, with the grade, rank and outcomes the cycle
    gives it (FINAL: the rounded score, None when not scored; SIZE: their population's).
    The grade is the distribution's, then the calibration's (DECISION, when it changes
    it), then the appeal's (APPEAL: answered `changed` with a new grade); the outcomes
    follow the final grade."""
    person = score.person
    grade = graded.distributed.get(person)
    if final is None:  # not scored: no calibration, appeal, rank, declines or outcomes
        decision = appeal = None
    if decision is not None and decision.grade == grade:
        decision = None  # the grade it would set is the grade it has: not a calibration
    if decision is not None:
        grade = decision.grade
    if appeal is not None and appeal.answer is not None:
        grade = appeal.answer.new_grade
    rank = graded.rank[person] if final is not None else None
    declined = 0 if final is None else declines(final, previous)
    found: tuple[Outcome, ...] = ()
    if final is not None and rank is not None:
        found = outcomes_for(final, rank[0], rank[1], grade, declined, size, policy)
    return PersonResult(
        person=person,
        name=name,
        status=SCORED if final is not None else INCOMPLETE,
        missing=score.missing,
        template=score.template,
        sections=score.sections,
        base_score=score.base,
        rollup=score.rollup,
        rolled_score=score.rolled,
        adjustments=score.adjustments,
        exact_score=score.exact,
        score=final,
        band_grade=graded.band.get(person),
        distributed_grade=graded.distributed.get(person),
        grade=grade,
        calibration=decision,
        population=population,
        rank=rank[0] if rank is not None else None,
        rank_from_bottom=rank[1] if rank is not None else None,
        previous_cycle=policy.previous,
        previous_score=previous.score if previous is not None else None,
        declines=declined,
        outcomes=found,
        pay_ratio=round2(final / HUNDRED) if final is not None and policy.pay_ratio else None,
        appeal=appeal,
    )


def granted(appeal: m.Appeal | None) -> m.Appeal | None:
    """APPEAL when its answer changes the grade (`decision: changed` with a `new_grade`)."""
    answer = appeal.answer if appeal is not None else None
    if answer is not None and answer.decision == "changed" and answer.new_grade is not None:
        return appeal
    return None


def score_all(repo: m.Repository, *, detail: bool = True) -> dict[str, CycleResult]:
    """Every cycle with a policy, oldest first (sub-cycles before the cycles that roll them up)."""
    results: dict[str, CycleResult] = {}
    with paused_gc():
        for cycle_id in repo.cycle_ids():
            if repo.cycles[cycle_id].policy is None:
                continue
            results[cycle_id] = score_cycle(repo, cycle_id, results, detail=detail)
    return results
