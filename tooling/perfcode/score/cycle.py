"""The pipeline: a cycle's people scored, graded, ranked, distributed, calibrated and given
their outcomes; every cycle of a repository, oldest first.
"""

from __future__ import annotations

from collections import Counter
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
from perfcode.score.results import (
    INCOMPLETE,
    LEFT,
    SCORED,
    CycleResult,
    Outcome,
    PersonResult,
    PopulationReport,
)


def score_cycle(
    repo: m.Repository,
    cycle_id: str,
    earlier_results: Mapping[str, CycleResult],
    *,
    detail: bool | frozenset[str] = True,
) -> CycleResult:
    """Score every person with a contract in the cycle; `earlier_results` feeds roll-ups
    of sub-cycles and the declines against `policy.previous`. Without `detail`, the item
    scores keep their ratings but not who gave them (`ItemScore.roles` is empty): enough
    for scores, grades and results.yaml, not for an explanation. DETAIL as a set of people:
    theirs only (`perfcode explain PERSON`)."""
    with localcontext(CONTEXT):
        return _score_cycle(repo, cycle_id, earlier_results, detail)


def _score_cycle(
    repo: m.Repository,
    cycle_id: str,
    earlier: Mapping[str, CycleResult],
    detail: bool | frozenset[str],
) -> CycleResult:
    cycle = repo.cycles[cycle_id]
    policy = cycle.policy
    assert policy is not None, f"cycle {cycle_id} has no policy"
    contracts = dict(sorted(cycle.contracts.items()))
    leavers = {p for p in contracts if policy.leaver(repo.people.get(p))}
    scored_leavers = policy.leavers.scored
    counted_leavers = scored_leavers and policy.leavers.in_quotas
    scores = {
        person: score_person(contract, cycle, policy, earlier, _explained(detail, person))
        for person, contract in contracts.items()
        if policy.scores(repo.people.get(person))
    }
    final = {p: round2(s.exact) for p, s in scores.items() if s.exact is not None}
    population_all = {p: population_of(repo.people.get(p), policy) for p in contracts}
    counted = {p for p in scores if counted_leavers or p not in leavers}
    population = {p: population_all[p] for p in sorted(counted)}
    apart = Counter(population_all[p] for p in contracts if p not in counted)
    graded = grade_populations(final, population, policy, apart)
    decisions = decisions_of(cycle)
    before = earlier.get(policy.previous) if policy.previous else None
    reports = {report.id: report for report in graded.reports}
    people: dict[str, PersonResult] = {}
    for person, contract in contracts.items():
        registered = repo.people.get(person)
        name = registered.name if registered else person
        left = registered.left if registered is not None and person in leavers else None
        score = scores.get(person)
        if score is None:  # a leaver the policy does not score
            people[person] = _left(person, name, contract.template, left)
            continue
        people[person] = _result(
            score,
            name,
            final.get(person),
            population.get(person),
            reports.get(population[person]) if person in population else None,
            graded,
            decisions.get(person),
            granted(cycle.appeals.get(person)),
            before.people.get(person) if before else None,
            policy,
            left,
        )
    return CycleResult(
        cycle=cycle_id,
        language=policy.language,
        pay_ratio=policy.pay_ratio,
        people=people,
        populations=tuple(after_calibration(r, people) for r in graded.reports),
        detailed=detail,
    )


def _left(person: str, name: str, template: str, left: str | None) -> PersonResult:
    """A leaver the policy does not score (`leavers: scored: false`): status `left`."""
    return PersonResult(
        person=person,
        name=name,
        status=LEFT,
        missing=(),
        template=template,
        sections=(),
        base_score=None,
        rollup=(),
        rolled_score=None,
        adjustments=None,
        exact_score=None,
        score=None,
        band_grade=None,
        distributed_grade=None,
        grade=None,
        calibration=None,
        population=None,
        rank=None,
        rank_from_bottom=None,
        previous_cycle=None,
        previous_score=None,
        declines=0,
        outcomes=(),
        pay_ratio=None,
        left=left,
    )


def _result(
    score: Score,
    name: str,
    final: Decimal | None,
    population: str | None,
    report: PopulationReport | None,
    graded: Grading,
    decision: m.Decision | None,
    appeal: m.Appeal | None,
    previous: PersonResult | None,
    policy: m.Policy,
    left: str | None,
) -> PersonResult:
    """One person's result: their own score, with the grade, rank and outcomes the cycle
    gives it (FINAL: the rounded score, None when not scored; POPULATION and its REPORT:
    None for a leaver not counted in one, who keeps the band grade, unranked).
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
    rank = graded.rank.get(person) if final is not None else None
    declined = 0 if final is None else declines(final, previous)
    found: tuple[Outcome, ...] = ()
    if final is not None:
        ranked = rank if report is not None and report.ranked else None
        size = report.size if report is not None else 0
        found = outcomes_for(final, ranked, grade, declined, size, policy)
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
        left=left,
    )


def granted(appeal: m.Appeal | None) -> m.Appeal | None:
    """APPEAL when its answer changes the grade (`decision: changed` with a `new_grade`)."""
    answer = appeal.answer if appeal is not None else None
    if answer is not None and answer.decision == "changed" and answer.new_grade is not None:
        return appeal
    return None


def _explained(detail: bool | frozenset[str], person: str) -> bool:
    return detail if isinstance(detail, bool) else person in detail


def score_all(
    repo: m.Repository, *, detail: bool | frozenset[str] = True
) -> dict[str, CycleResult]:
    """Every cycle with a policy, oldest first (sub-cycles before the cycles that roll them
    up). DETAIL: who rated what, for everyone, nobody, or the people it names."""
    results: dict[str, CycleResult] = {}
    with paused_gc():
        for cycle_id in repo.cycle_ids():
            if repo.cycles[cycle_id].policy is None:
                continue
            results[cycle_id] = score_cycle(repo, cycle_id, results, detail=detail)
    return results
