"""Scoring (DESIGN §4): records and a cycle's policy in, scores and grades out.

Pure: a `Repository` in, frozen results out; nothing here reads a file. Every number a
person sees is kept together with what produced it (raters, weights, thresholds, caps,
rank and quota, calibration), so `explain` can tell the whole chain.

Arithmetic is `decimal.Decimal` in a fixed context. The final score is rounded half-up
to two places once, at the end; everything that depends on the score (band grade, rank,
distribution, outcomes, declines, pay ratio, a parent cycle's roll-up) uses that rounded
score, the number people see.

Decisions of detail (documented in the README's Scoring section and tested):
- a role with weight 0 in the policy does not count (its ratings are kept, marked ignored);
- forced distribution gives a person the grade of the quota slot at position rank − 1,
  so equal scores (equal rank) share the better grade and the grades below shrink;
- top/bottom N% outcomes take round-half-up(population × N / 100) people, counted by rank
  from the top (or from the bottom); ties at the edge are all in; like the forced
  distribution, only in a population of at least `Policy.min_population` scored people
  (default `DEFAULT_MIN_POPULATION`, 5);
- a leaver of the cycle (`Policy.leaver`) is by default not scored (status `left`) and not
  counted in a population; `leavers:` may score them apart or count them;
- a grades outcome with `within_days` is due that many days after the start of the
  `results` phase (the period's end when the policy has no such phase).

The stages, one module each: `items` (each rater's rating, given or derived from a measure;
each role's mean; the item and section scores), `rollup`, `adjustments` (→ `person`, one
person's score from their own records), `distribution` (bands, populations, ranks, quotas
by largest remainder, calibration's count), `outcomes`; `results` holds what they
produce, `numbers` the decimal context and the rounding, and `cycle` composes them.
"""

from __future__ import annotations

from perfcode.score.cycle import score_all, score_cycle
from perfcode.score.distribution import (
    band_grade,
    distribute,
    grades_best_first,
    population_of,
    quota_counts,
    ranks,
)
from perfcode.score.items import achievement, threshold_for
from perfcode.score.numbers import CONTEXT, HUNDRED, round2, round_count
from perfcode.score.outcomes import outcomes_for
from perfcode.score.person import score_person
from perfcode.score.results import (
    INCOMPLETE,
    SCORED,
    AdjustmentScore,
    CycleResult,
    ItemScore,
    Outcome,
    PersonResult,
    PopulationReport,
    QuotaLine,
    RaterScore,
    RoleScore,
    RollupScore,
    SectionScore,
    Status,
    Tie,
)

__all__ = [
    "CONTEXT",
    "HUNDRED",
    "INCOMPLETE",
    "SCORED",
    "AdjustmentScore",
    "CycleResult",
    "ItemScore",
    "Outcome",
    "PersonResult",
    "PopulationReport",
    "QuotaLine",
    "RaterScore",
    "RoleScore",
    "RollupScore",
    "SectionScore",
    "Status",
    "Tie",
    "achievement",
    "band_grade",
    "distribute",
    "grades_best_first",
    "outcomes_for",
    "population_of",
    "quota_counts",
    "ranks",
    "round2",
    "round_count",
    "score_all",
    "score_cycle",
    "score_person",
    "threshold_for",
]
