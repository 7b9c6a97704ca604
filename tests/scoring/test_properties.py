"""Properties of the scoring engine, on generated records.

The policy and organisation come from the forced-distribution case (read by the real
loader); hypothesis generates people, contracts, reviews and adjustments as documents.
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from perfcode import model as m
from perfcode import score as scoring
from perfcode.load import repository as load
from perfcode.report import results

CASE = Path(__file__).parent / "cases" / "forced-distribution-ties"
BASE, _ = load.load_repository(CASE)
CYCLE = "2026-H2"
_POLICY = BASE.cycles[CYCLE].policy
assert _POLICY is not None
POLICY: m.Policy = _POLICY
WEIGHTS = (("self", Decimal(10)), ("manager", Decimal(60)), ("peer", Decimal(30)))
TEMPLATE = m.Template(
    id="two",
    name="Two sections",
    sections=(
        m.SectionDef("results", "Results", Decimal(70)),
        m.SectionDef("ability", "Ability", Decimal(30)),
    ),
)
ITEMS = (
    ("sales", "results", Decimal(60)),
    ("quality", "results", Decimal(40)),
    ("skills", "ability", Decimal(100)),
)
VALUES = [Decimal(v) for v in ("1", "2", "2.5", "3", "3.5", "4", "4.5", "5")]
RATINGS = st.sampled_from(VALUES)


@st.composite
def repositories(draw: st.DrawFn) -> m.Repository:
    size = draw(st.integers(min_value=1, max_value=12))
    ids = [f"e{i:02d}" for i in range(size)]
    people = dict(BASE.people)
    contracts: dict[str, m.Contract] = {}
    reviews: list[m.Review] = []
    adjustments: dict[str, m.Adjustments] = {}
    for pid in ids:
        group = draw(st.sampled_from(["frontline", "office"]))
        people[pid] = m.Person(
            f"people/{pid}.yaml",
            pid,
            pid,
            pid,
            None,
            "Staff",
            "ops",
            "boss",
            group,
            "2020-01-01",
            None,
        )
        items = tuple(
            m.Item(iid, section, iid, None, None, weight, (), (), None)
            for iid, section, weight in ITEMS
        )
        contracts[pid] = m.Contract(
            f"cycles/{CYCLE}/contracts/{pid}.yaml",
            CYCLE,
            pid,
            "two",
            (),
            (),
            (),
            ("results", "ability"),
            items,
        )
        raters = [("self", pid), ("manager", "boss")]
        raters += [("peer", f"peer{j}") for j in range(draw(st.integers(0, 3)))]
        for role, rater in raters:
            ratings = tuple(m.Rating(iid, draw(RATINGS), None, None) for iid, _, _ in ITEMS)
            path = f"cycles/{CYCLE}/reviews/{pid}/{role}-{rater}.yaml"
            reviews.append(
                m.Review(
                    path, CYCLE, pid, role, rater, "2026-12-20", 1, None, ratings, None, None, None
                )
            )
        points = draw(
            st.lists(
                st.tuples(st.sampled_from(["commendation", "penalty"]), st.integers(1, 12)),
                max_size=3,
            )
        )
        if points:
            entries = tuple(
                m.Adjustment("2026-10-01", kind, Decimal(p), f"reason {i}", "boss")
                for i, (kind, p) in enumerate(points)
            )
            adjustments[pid] = m.Adjustments(
                f"cycles/{CYCLE}/adjustments/{pid}.yaml", CYCLE, pid, entries
            )
    policy = replace(
        POLICY,
        rater_weights=WEIGHTS,
        required_roles=("self", "manager"),
        templates=(TEMPLATE,),
        commendation_max=Decimal(10),
        penalty_max=Decimal(20),
        distribution=replace(POLICY.distribution, min_population=3)
        if POLICY.distribution
        else None,
    )
    cycle = m.Cycle(
        id=CYCLE,
        policy=policy,
        goals=None,
        contracts=contracts,
        reviews=tuple(reviews),
        adjustments=adjustments,
    )
    return replace(BASE, people=people, cycles={CYCLE: cycle})


def _yaml(repo: m.Repository) -> str:
    return results.to_yaml(scoring.score_all(repo)[CYCLE])


def _shuffled(repo: m.Repository, seed: int) -> m.Repository:
    rng = random.Random(seed)
    cycle = repo.cycles[CYCLE]
    reviews = list(cycle.reviews)
    rng.shuffle(reviews)
    contracts = list(cycle.contracts.items())
    rng.shuffle(contracts)
    adjustments = {
        pid: replace(a, entries=tuple(rng.sample(a.entries, len(a.entries))))
        for pid, a in cycle.adjustments.items()
    }
    people = list(repo.people.items())
    rng.shuffle(people)
    shuffled = replace(
        cycle, reviews=tuple(reviews), contracts=dict(contracts), adjustments=adjustments
    )
    return replace(repo, people=dict(people), cycles={CYCLE: shuffled})


@settings(max_examples=60, deadline=None)
@given(repositories(), st.integers(0, 2**32))
def test_permuting_raters_or_files_never_changes_results(repo: m.Repository, seed: int) -> None:
    assert _yaml(_shuffled(repo, seed)) == _yaml(repo)


@settings(max_examples=60, deadline=None)
@given(repositories(), st.data())
def test_raising_one_rating_never_lowers_the_score(repo: m.Repository, data: st.DataObject) -> None:
    cycle = repo.cycles[CYCLE]
    index = data.draw(st.integers(0, len(cycle.reviews) - 1))
    review = cycle.reviews[index]
    which = data.draw(st.integers(0, len(review.ratings) - 1))
    old = review.ratings[which]
    assert old.rating is not None
    new_value = data.draw(st.sampled_from([v for v in VALUES if v >= (old.rating or 0)]))
    ratings = list(review.ratings)
    ratings[which] = replace(old, rating=new_value)
    reviews = list(cycle.reviews)
    reviews[index] = replace(review, ratings=tuple(ratings))
    raised = replace(repo, cycles={CYCLE: replace(cycle, reviews=tuple(reviews))})
    before = scoring.score_all(repo)[CYCLE].people[review.person].score
    after = scoring.score_all(raised)[CYCLE].people[review.person].score
    assert before is not None and after is not None
    assert after >= before


@st.composite
def quotas(draw: st.DrawFn) -> tuple[m.Quota, ...]:
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=4, max_size=4)))
    bounds = [0, *cuts, 100]
    grades = ("A", "B", "C", "D", "E")
    return tuple(m.Quota(g, Decimal(bounds[i + 1] - bounds[i])) for i, g in enumerate(grades))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 500), quotas())
def test_quota_counts_always_sum_to_the_population(size: int, shares: tuple[m.Quota, ...]) -> None:
    counts = scoring.quota_counts(size, shares, POLICY)
    assert sum(counts) == size
    assert all(c >= 0 for c in counts)


@settings(max_examples=60, deadline=None)
@given(repositories(), quotas())
def test_equal_scores_always_get_equal_grades(
    repo: m.Repository, shares: tuple[m.Quota, ...]
) -> None:
    cycle = repo.cycles[CYCLE]
    assert cycle.policy is not None and cycle.policy.distribution is not None
    policy = replace(cycle.policy, distribution=replace(cycle.policy.distribution, quotas=shares))
    repo = replace(repo, cycles={CYCLE: replace(cycle, policy=policy)})
    result = scoring.score_all(repo)[CYCLE]
    scored = [p for p in result.people.values() if p.scored]
    for a in scored:
        for b in scored:
            if a.population == b.population and a.score == b.score:
                assert a.grade == b.grade and a.rank == b.rank
    for report in result.populations:
        if report.distributed:
            assert sum(line.quota for line in report.quotas) == report.size
            assert sum(line.distributed for line in report.quotas) == report.size
