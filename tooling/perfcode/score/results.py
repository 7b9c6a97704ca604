"""What scoring produces: frozen results that keep everything that made each number
(raters, weights, thresholds, caps, rank and quota, calibration), for `explain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, NamedTuple

from perfcode import model as m
from perfcode.score.numbers import capped

Status = Literal["scored", "incomplete", "left"]
SCORED: Status = "scored"
INCOMPLETE: Status = "incomplete"
#: a leaver of the cycle whom the policy does not score (`leavers: scored: false`)
LEFT: Status = "left"


class RaterScore(NamedTuple):
    """One rater's rating of one item, given or derived from a measure.

    A NamedTuple rather than a frozen dataclass: one is made per rating (175,000 for a
    5,000-person organisation), and a tuple is built several times faster.
    """

    role: m.Role
    rater: str
    path: str
    rating: Decimal
    actual: Decimal | None = None
    achievement: Decimal | None = None  # percent, unrounded
    threshold: m.Threshold | None = None  # the threshold that was reached


class RoleScore(NamedTuple):
    """The mean of one role's raters for one item (a NamedTuple, like RaterScore)."""

    role: m.Role
    weight: Decimal
    rating: Decimal
    raters: tuple[RaterScore, ...]


@dataclass(frozen=True, slots=True)
class ItemScore:
    item: str
    title: str
    weight: Decimal
    target: m.Target | None
    roles: tuple[RoleScore, ...]  # the roles that count (weight above 0), in ROLES order
    ignored: tuple[RoleScore, ...]  # roles that rated the item but have no weight
    rating: Decimal | None  # Σ w·r / Σ w over `roles`; None: nobody who counts rated it


@dataclass(frozen=True, slots=True)
class SectionScore:
    section: str
    name: str
    weight: Decimal
    items: tuple[ItemScore, ...]
    score: Decimal | None  # weight × Σ(item weight × rating / scale max) / Σ item weight


@dataclass(frozen=True, slots=True)
class RollupScore:
    source: m.RollupSource
    weight: Decimal  # percent
    kinds: tuple[m.CheckinKind, ...]
    cycles: tuple[str, ...]
    values: tuple[tuple[str, Decimal], ...]  # (date or cycle, value) averaged
    score: Decimal | None


@dataclass(frozen=True, slots=True)
class AdjustmentScore:
    entries: tuple[m.Adjustment, ...]
    commendations: Decimal  # Σ commendation points, each at most the cap per entry
    commendation_cap: Decimal | None  # per cycle
    commendations_counted: Decimal  # `commendations`, at most the cap per cycle
    penalties: Decimal
    penalty_cap: Decimal | None
    penalties_counted: Decimal
    commendation_entry_cap: Decimal | None = None  # the most one commendation counts for
    penalty_entry_cap: Decimal | None = None
    #: the score penalties took below zero, when the policy's floor made it 0
    below_zero: Decimal | None = None

    def entry_counts(self, entry: m.Adjustment) -> Decimal:
        """The points ENTRY counts for: at most the cap per entry of its kind."""
        commendation = entry.kind == "commendation"
        return capped(
            entry.points, self.commendation_entry_cap if commendation else self.penalty_entry_cap
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    name: str
    due: str | None = None


@dataclass(frozen=True, slots=True)
class PersonResult:
    person: str
    name: str
    status: Status
    missing: tuple[str, ...]
    template: str | None
    sections: tuple[SectionScore, ...]
    base_score: Decimal | None  # Σ section scores, unrounded
    rollup: tuple[RollupScore, ...]
    rolled_score: Decimal | None  # after the roll-up (= base without one), unrounded
    adjustments: AdjustmentScore | None
    exact_score: Decimal | None  # final, unrounded
    score: Decimal | None  # final, rounded half-up to 2 places
    band_grade: str | None
    distributed_grade: str | None  # after the forced distribution (= band grade without one)
    grade: str | None  # the final grade: after calibration, then after an appeal
    calibration: m.Decision | None  # a decision that changed the distributed grade
    population: str | None
    rank: int | None
    rank_from_bottom: int | None
    previous_cycle: str | None
    previous_score: Decimal | None
    declines: int  # consecutive cycles with a lower score than the cycle before
    outcomes: tuple[Outcome, ...]
    pay_ratio: Decimal | None
    appeal: m.Appeal | None = None  # an appeal answered `changed` that set the grade
    left: str | None = None  # the day a leaver of the cycle left (`Policy.leaver`)

    @property
    def scored(self) -> bool:
        return self.status == SCORED

    @property
    def why_not_scored(self) -> str:
        """Why the person has no score, in words ("incomplete: manager review")."""
        if self.status == LEFT:
            return f"left on {self.left}; this cycle's policy does not score leavers"
        return "incomplete: " + "; ".join(self.missing)

    @property
    def calibrated_grade(self) -> str | None:
        """The grade before any appeal: the calibration's, else the distribution's."""
        return self.calibration.grade if self.calibration else self.distributed_grade

    @property
    def appealed_from(self) -> str | None:
        """The grade an appeal changed (None: no appeal changed it)."""
        return self.calibrated_grade if self.appeal is not None else None

    @property
    def pay_correction(self) -> str | None:
        """The month (YYYY-MM) whose pay corrects this result: the month after the appeal
        was answered, when the answer says so (seed 003: 若需调整则于下月工资调整)."""
        answer = self.appeal.answer if self.appeal is not None else None
        if answer is None or not answer.pay_correction:
            return None
        year, month = int(answer.date[:4]), int(answer.date[5:7])
        return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


@dataclass(frozen=True, slots=True)
class QuotaLine:
    grade: str
    percent: Decimal
    exact: Decimal  # population × percent / 100
    quota: int  # after the largest-remainder method
    distributed: int  # people the distribution gave this grade
    final: int  # people with this grade after calibration

    @property
    def deviation(self) -> int:
        return self.final - self.quota


@dataclass(frozen=True, slots=True)
class Tie:
    """Equal scores that pushed a grade over its quota."""

    grade: str
    score: Decimal
    people: tuple[str, ...]
    over: int


@dataclass(frozen=True, slots=True)
class PopulationReport:
    id: str
    by: m.PopulationBy
    size: int  # scored people
    incomplete: int
    distributed: bool
    min_population: int  # the fewest scored people for anything decided by rank
    quotas: tuple[QuotaLine, ...]
    ties: tuple[Tie, ...]
    forced: bool = False  # the policy has a forced distribution (`distributed`: it applied)
    rank_rules: bool = False  # the policy has top/bottom N% outcomes (`ranked`: they applied)
    left: int = 0  # leavers of the population who are not counted in it (`leavers:`)

    @property
    def ranked(self) -> bool:
        """Whether rank-based outcomes (top/bottom N%) apply: the population has at least
        `min_population` scored people, as the forced distribution needs."""
        return self.size >= self.min_population


@dataclass(frozen=True, slots=True)
class CycleResult:
    cycle: str
    language: str
    pay_ratio: bool
    people: dict[str, PersonResult]  # by person id, sorted
    populations: tuple[PopulationReport, ...]
    #: whose item scores say who rated what (see `score_cycle`): everyone's (True), nobody's
    #: (False), or only these people's
    detailed: bool | frozenset[str] = True

    def explains(self, person: str) -> bool:
        """Whether PERSON's item scores say who rated what."""
        return self.detailed is True or (
            isinstance(self.detailed, frozenset) and person in self.detailed
        )

    def population(self, population_id: str) -> PopulationReport | None:
        for report in self.populations:
            if report.id == population_id:
                return report
        return None
