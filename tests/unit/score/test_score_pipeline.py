"""The scoring pipeline's seams: the stage modules composed by `score.cycle` give each
person the numbers the stages give on their own, on the example organisation."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from example_org import load_example
from perfcode import model as m
from perfcode import score
from perfcode.score import distribution, outcomes, person


@pytest.fixture(scope="module")
def example() -> tuple[m.Repository, dict[str, score.CycleResult]]:
    repo = load_example()
    return repo, score.score_all(repo)


def test_each_score_is_its_persons_own_score_rounded(
    example: tuple[m.Repository, dict[str, score.CycleResult]],
) -> None:
    repo, results = example
    for cycle_id, result in results.items():
        cycle = repo.cycles[cycle_id]
        assert cycle.policy is not None
        for pid, contract in cycle.contracts.items():
            with localcontext(score.CONTEXT):  # the one context `score_cycle` works in
                own = person.score_person(contract, cycle, cycle.policy, results)
            got = result.people[pid]
            assert got.exact_score == own.exact
            assert got.score == (None if own.exact is None else score.round2(own.exact))
            if got.score is not None:
                assert got.band_grade == distribution.band_grade(got.score, cycle.policy)


def test_quotas_are_the_largest_remainder_of_each_population(
    example: tuple[m.Repository, dict[str, score.CycleResult]],
) -> None:
    repo, results = example
    distributed = 0
    for cycle_id, result in results.items():
        policy = repo.cycles[cycle_id].policy
        assert policy is not None and policy.distribution is not None
        for report in result.populations:
            if not report.distributed:
                continue
            distributed += 1
            quotas = tuple(m.Quota(line.grade, line.percent) for line in report.quotas)
            counts = score.quota_counts(report.size, quotas, policy)
            assert [line.quota for line in report.quotas] == counts
            members = [p for p in result.people.values() if p.population == report.id]
            assert [line.final for line in report.quotas] == [
                sum(1 for p in members if p.scored and p.grade == line.grade)
                for line in report.quotas
            ]
    assert distributed > 0


def test_without_detail_the_numbers_are_the_same(
    example: tuple[m.Repository, dict[str, score.CycleResult]],
) -> None:
    repo, results = example
    brief = score.score_all(repo, detail=False)
    for cycle_id, result in results.items():
        for pid, full in result.people.items():
            short = brief[cycle_id].people[pid]
            assert (short.score, short.grade, short.rank, short.outcomes) == (
                full.score,
                full.grade,
                full.rank,
                full.outcomes,
            )
        assert brief[cycle_id].populations == result.populations


def _result(score_value: str, declines: int) -> score.PersonResult:
    return score.PersonResult(
        *("p", "P", "scored", (), None, (), None, (), None, None, None),
        Decimal(score_value),
        *(None, None, None, None, None, 1, 1, None, None),
        declines,
        (),
        None,
    )


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [("70", _result("80", 0), 1), ("70", _result("80", 2), 3), ("80", _result("80", 2), 0)],
)
def test_declines_count_consecutive_lower_scores(
    now: str, before: score.PersonResult, expected: int
) -> None:
    assert outcomes.declines(Decimal(now), before) == expected
    assert outcomes.declines(Decimal(now), None) == 0


def test_a_small_population_is_ranked_but_not_distributed(
    example: tuple[m.Repository, dict[str, score.CycleResult]],
) -> None:
    repo, _ = example
    policy = repo.cycles["2026-H2"].policy
    assert policy is not None and policy.distribution is not None
    final = {"a": Decimal("90"), "b": Decimal("80"), "c": Decimal("80")}
    graded = distribution.grade_populations(final, {**dict.fromkeys(final, "x"), "d": "x"}, policy)
    (report,) = graded.reports
    assert (report.size, report.incomplete, report.distributed) == (3, 1, False)
    assert graded.rank == {"a": (1, 3), "b": (2, 1), "c": (2, 1)}
    assert graded.distributed == graded.band
